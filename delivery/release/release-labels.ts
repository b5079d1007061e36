// How PR labels turn into a release type: pure functions, no GitHub, no semantic-release.

/** The release types semantic-release knows, lowest first. */
export const RELEASE_TYPES = ["patch", "minor", "major"] as const;
export type ReleaseType = (typeof RELEASE_TYPES)[number];

/** The labels a PR may carry; `release:skip` asks for no release at all. */
export const RELEASE_LABELS = {
  "release:major": "major",
  "release:minor": "minor",
  "release:patch": "patch",
  "release:skip": null,
} as const satisfies Record<string, ReleaseType | null>;

/** The higher of two verdicts; `null` (no release) is the lowest. */
export function higher(a: ReleaseType | null, b: ReleaseType | null): ReleaseType | null {
  if (a === null) return b;
  if (b === null) return a;
  return RELEASE_TYPES.indexOf(a) >= RELEASE_TYPES.indexOf(b) ? a : b;
}

/**
 * The verdict of a commit's PR labels: the highest `release:*` label among all PRs it came from, `null` when
 * they only say `release:skip`, `undefined` when no PR carries a release label (the commit message decides).
 */
export function labelVerdict(labels: readonly string[]): ReleaseType | null | undefined {
  const known = labels.filter((l): l is keyof typeof RELEASE_LABELS => Object.hasOwn(RELEASE_LABELS, l));
  if (known.length === 0) return undefined;
  return known.map((l) => RELEASE_LABELS[l]).reduce<ReleaseType | null>(higher, null);
}

/**
 * Combines the verdicts of labelled commits with the commit analyzer's verdict on the unlabelled ones: the
 * highest wins, and a release made only of `release:skip` PRs is no release.
 */
export function releaseType(
  labelled: readonly (ReleaseType | null)[],
  fromMessages: ReleaseType | null,
): ReleaseType | null {
  return labelled.reduce(higher, fromMessages);
}
