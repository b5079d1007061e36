// Packages that ship no type declarations; these are the parts this project uses.

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

declare module "@semantic-release/commit-analyzer" {
  /** The analyzeCommits step: the release type the commits ask for, or null for none. */
  export function analyzeCommits(
    pluginConfig: object,
    context: { commits: { hash: string; message: string }[]; logger: { log(...args: unknown[]): void } },
  ): Promise<"major" | "minor" | "patch" | null>;
}
