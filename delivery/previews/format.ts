import type { ClaimDecision } from "./claim";
import type { CleanupEntry, CleanupReport } from "./cleanup";

/** The text `claim` prints without `--json`: the sentence, then the previews in claim order. */
export function claimText(decision: ClaimDecision): string {
  const lines = [decision.message];
  for (const h of decision.holders) {
    const state = h.deployed ? `last update ${h.lastUpdate ?? "(running)"}` : "not deployed yet";
    lines.push(
      `  ${h.position}. ${h.stack}  claimed ${h.claimedAt ?? "-"}  ${state}  expires ${h.expiresAt ?? "-"}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The text `cleanup` prints without `--json`: one line per preview, then the totals. */
export function cleanupText(report: CleanupReport): string {
  const lines = report.stacks.map(
    (s) =>
      `${s.stack}  ${report.dryRun && s.action === "destroy" ? "would destroy" : s.result}  ${s.reason}` +
      `${s.error ? ` (${s.error})` : ""}${s.comment ? `; PR comment ${s.comment}` : ""}`,
  );
  const count = (result: string) => report.stacks.filter((s) => s.result === result).length;
  const outcome = report.dryRun
    ? `would destroy ${report.stacks.filter((s) => s.action === "destroy").length}`
    : `destroyed ${count("destroyed")}, failed ${count("failed")}, skipped ${count("skipped")}`;
  lines.push(
    `${report.stacks.length} preview stack(s): ${outcome}; ` +
      `${report.ignored} other stack(s) left alone (not named preview-pr-<N>)`,
  );
  return `${lines.join("\n")}\n`;
}

/** The PR's preview comment after the sweep destroyed its preview: no URL any more, and why it went. */
export function removedCommentText(entry: CleanupEntry, now: string): string {
  const why = entry.reason.startsWith("idle: ")
    ? `it was idle (${entry.reason.slice("idle: ".length)})`
    : entry.reason;
  return [
    `### Preview removed: \`${entry.stack}\` was destroyed by the preview sweep at ${now}`,
    "",
    `Why: ${why}.`,
    "Its URL no longer answers. Push a commit to deploy a new preview (when a slot is free).",
    "",
  ].join("\n");
}

/** The PR comment's lines on a preview overlay: which services it runs and which it borrows from test. */
export function overlayText(selection: { runs: readonly string[]; borrows: readonly string[] }): string {
  const list = (names: readonly string[]) =>
    names.length > 0 ? names.map((n) => `\`${n}\``).join(", ") : "none";
  return [
    `This preview runs ${list(selection.runs)}.`,
    `Borrowed from test: ${list(selection.borrows)}.`,
  ].join("\n");
}
