// What the wait says at the end: one line for the log, a few Markdown lines for the job's summary.
import type { WaitOutcome } from "./wait";

/** The followed service. */
export interface Followed {
  cluster: string;
  service: string;
}

/** One line: the verdict, the status and, when it did not succeed, why. */
export function verdictLine(f: Followed, outcome: WaitOutcome): string {
  const where = `${f.cluster}/${f.service}`;
  if (outcome.result === "succeeded") return `deployed: ${where} ${outcome.status} ${outcome.deploymentArn}`;
  const what = outcome.result === "timeout" ? "no outcome" : rolledBack(outcome) ? "rolled back" : "failed";
  return `${what}: ${where} ${outcome.reason ?? ""}`.trimEnd();
}

function rolledBack(outcome: WaitOutcome): boolean {
  return outcome.status?.startsWith("ROLLBACK_") ?? false;
}

/**
 * Markdown for `$GITHUB_STEP_SUMMARY` (appended to the job's summary page,
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#adding-a-job-summary).
 */
export function summaryMarkdown(f: Followed, outcome: WaitOutcome): string {
  const icon = outcome.result === "succeeded" ? "✅" : "❌";
  const lines = [
    `### ${icon} ECS deployment of \`${f.service}\` (${f.cluster})`,
    "",
    `- status: \`${outcome.status ?? "none"}\``,
    ...(outcome.deploymentArn ? [`- deployment: \`${outcome.deploymentArn}\``] : []),
    ...(outcome.reason ? [`- why: ${outcome.reason.replaceAll("|", "\\|")}`] : []),
  ];
  return `${lines.join("\n")}\n\n`;
}
