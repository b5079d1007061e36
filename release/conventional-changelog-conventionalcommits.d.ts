// The preset ships no type declarations; these are the parts this project uses.
declare module "conventional-changelog-conventionalcommits" {
  /** The parser options of the conventional-commits grammar (header pattern, breaking `!`, notes). */
  interface PresetParserOptions {
    headerPattern: RegExp;
    breakingHeaderPattern: RegExp;
    headerCorrespondence: string[];
    noteKeywords: string[];
  }
  /** Builds the preset: what commit-analyzer, the notes generator and commitlint read. */
  export default function createPreset(config?: object): Promise<{ parser: PresetParserOptions }>;
}
