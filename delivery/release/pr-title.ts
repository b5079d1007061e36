// Semantic PR titles: the squash-merge commit takes the PR's title, so the title is what semantic-release
// reads. Parsed by commitlint with the conventional-commits preset's parser, the same grammar the release
// uses, rather than a regex of our own.

/** The types a PR title may start with. */
export const PR_TITLE_TYPES = [
  "feat",
  "fix",
  "docs",
  "chore",
  "refactor",
  "test",
  "ci",
  "perf",
  "build",
  "revert",
] as const;

/** A valid title to show next to every refusal. */
export const EXAMPLE_TITLE = "feat(api): add the /orders endpoint";

/** What the checker says of a title. */
export interface PrTitleVerdict {
  valid: boolean;
  /** commitlint's findings, e.g. `type must be one of [feat, fix, ...]`; empty when valid. */
  problems: string[];
}

/** commitlint rules: level 2 = error. The header must parse into type, optional scope and a subject. */
const RULES = {
  "header-trim": [2, "always"],
  "header-max-length": [2, "always", 100],
  "type-empty": [2, "never"],
  "type-case": [2, "always", "lower-case"],
  "type-enum": [2, "always", [...PR_TITLE_TYPES]],
  "subject-empty": [2, "never"],
  "subject-full-stop": [2, "never", "."],
} as const;

/** Checks a PR title against the conventional-commits grammar and this project's types. */
export async function checkPrTitle(title: string): Promise<PrTitleVerdict> {
  if (/[\r\n]/.test(title)) return { valid: false, problems: ["a title is one line"] };
  // Both packages are ESM-only: load them with a real dynamic import.
  const { default: lint } = await import("@commitlint/lint");
  const { default: createPreset } = await import("conventional-changelog-conventionalcommits");
  const preset = await createPreset();
  const result = await lint(title, RULES as never, { parserOpts: preset.parser });
  return { valid: result.valid, problems: result.errors.map((e) => e.message) };
}

/** The one-paragraph explanation printed for a refused title. */
export function describeRefusal(title: string, verdict: PrTitleVerdict): string {
  return [
    `PR title ${JSON.stringify(title)} is not a conventional commit header: ${verdict.problems.join("; ")}.`,
    `Write <type>[(scope)][!]: <subject>, type one of ${PR_TITLE_TYPES.join(", ")}; e.g. "${EXAMPLE_TITLE}".`,
  ].join("\n");
}
