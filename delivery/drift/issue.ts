// The drift issue's title, marker and body: pure, so the limits are tested apart from GitHub.

/** GitHub refuses an issue body longer than this many characters ("body is too long (maximum is 65536 characters)"). */
export const GITHUB_BODY_LIMIT = 65536;

/** The label every drift issue carries. */
export const DRIFT_LABEL = "drift";

/** The issue's title for `stack`. */
export const driftTitle = (stack: string) => `Drift in ${stack}`;

/** A hidden line that says which stack an issue is for, whatever its title becomes. */
export const driftMarker = (stack: string) => `<!-- pantstack-drift:${stack} -->`;

/** Where the check ran, for the body's links. */
export interface RunLink {
  /** The workflow run's URL. @default - no link */
  url?: string;
}

/**
 * The body: what drifted, how to fix it, then the diff in a code block. A diff too long for GitHub is cut
 * at a line, with a note saying how much is left out and where the full diff is (the run's log).
 */
export function driftBody(stack: string, diff: string, checkedAt: string, run: RunLink = {}): string {
  const found = run.url ? `[this run](${run.url})` : "the drift workflow";
  const head = [
    driftMarker(stack),
    `\`pulumi preview --refresh --expect-no-changes\` of \`${stack}\` found changes at ${checkedAt} (${found}):`,
    "the resources in AWS no longer match what the stack declares.",
    "",
    "Fix it by changing the code (or the config) to what should be, or by running `pulumi up` on the stack to put",
    "AWS back; see docs/drift.md. This issue is updated on each run and closed once no drift is left.",
    "",
  ].join("\n");
  const fence = fenceFor(diff);
  const open = `${fence}diff\n`;
  const close = `\n${fence}\n`;
  const whole = `${head}${open}${diff}${close}`;
  if (whole.length <= GITHUB_BODY_LIMIT) return whole;
  const note = (omitted: number) =>
    `\n_The diff is cut here: ${omitted} more characters are in ${run.url ? `[the run's log](${run.url})` : "the run's log"}._\n`;
  const room = GITHUB_BODY_LIMIT - head.length - open.length - close.length - note(diff.length).length;
  const cut = diff.lastIndexOf("\n", room);
  const kept = diff.slice(0, cut > 0 ? cut : room);
  return `${head}${open}${kept}${close}${note(diff.length - kept.length)}`;
}

/** A code fence longer than any run of backticks in `text`, so the text cannot close it (CommonMark). */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return "`".repeat(Math.max(3, longest + 1));
}

/** The comment that closes the issue. */
export function closedComment(stack: string, checkedAt: string, run: RunLink = {}): string {
  const found = run.url ? ` ([run](${run.url}))` : "";
  return `No drift left in \`${stack}\` at ${checkedAt}${found}: closing.`;
}
