import type { CleanupReport } from "./cleanup";
import type { SlotDecision } from "./slots";

/** The text `slots` prints without `--json`: the sentence, then one line per slot holder. */
export function slotsText(decision: SlotDecision): string {
  const lines = [decision.message];
  for (const h of decision.holders) {
    lines.push(`  ${h.stack}  last update ${h.lastUpdate ?? "(running)"}  expires ${h.expiresAt ?? "-"}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The text `cleanup` prints without `--json`: one line per preview, then the totals. */
export function cleanupText(report: CleanupReport): string {
  const lines = report.stacks.map(
    (s) =>
      `${s.stack}  ${report.dryRun && s.action === "destroy" ? "would destroy" : s.result}  ${s.reason}${s.error ? ` (${s.error})` : ""}`,
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

/** The PR comment's lines on a preview overlay: which services it runs and which it borrows from test. */
export function overlayText(selection: { runs: readonly string[]; borrows: readonly string[] }): string {
  const list = (names: readonly string[]) =>
    names.length > 0 ? names.map((n) => `\`${n}\``).join(", ") : "none";
  return [
    `This preview runs ${list(selection.runs)}.`,
    `Borrowed from test: ${list(selection.borrows)}.`,
  ].join("\n");
}
