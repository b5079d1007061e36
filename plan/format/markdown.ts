import type { StackDiff } from "../diff";
import { mermaidDiagram } from "../mermaid";
import type { StackPlan } from "../plan";
import { costHeadline, nameOf, safetyMarks, serviceCostRows, topLines, usd } from "./cost";
import { diffHeadline, diffItems } from "./diff-lines";
import { summarize } from "./summary";
import { inline, shortType } from "./text";
import { violationLines } from "./violations";

const cell = (text: string) => text.replace(/\|/g, "\\|");

/** Diagrams longer than this many lines are collapsed, so the comment stays short. */
const DIAGRAM_LINES_SHOWN = 30;
/** Cost lines shown; the rest are summed into one row. */

/**
 * The PR-comment view, per stack: URL, resources by type, policy verdicts, monthly cost and its top lines,
 * protected and retained resources, the diff against the base plan when given, and a Mermaid diagram.
 */
export function formatMarkdown(plans: StackPlan[], diffs: StackDiff[] = []): string {
  return `${plans
    .map((plan) =>
      section(
        plan,
        diffs.find((d) => d.stack === plan.stack),
      ),
    )
    .join("\n\n")}\n`;
}

function section(plan: StackPlan, diff: StackDiff | undefined): string {
  const lines = [`### Stack \`${plan.stack}\``, ""];
  if (typeof plan.outputs.url === "string") lines.push(`URL: ${plan.outputs.url}`, "");
  lines.push(`${summarize(plan.resources)}: ${byType(plan)}.`, "");
  const violations = plan.policy.violations;
  lines.push(
    violations.length === 0 ? "Policies: no violations." : `Policies: **${violations.length} violation(s)**`,
  );
  lines.push("");
  if (violations.length > 0) lines.push(...violationLines(violations).map((line) => `- ${line}`), "");
  if (diff) lines.push(...diffSection(diff));
  lines.push(
    `**${costHeadline(plan.cost)}**`,
    "",
    "| monthly | resource | item | basis |",
    "| ---: | --- | --- | --- |",
  );
  const { lines: top, rest } = topLines(plan.cost);
  for (const l of top) {
    lines.push(
      `| ${usd(l.monthlyUsd, l.monthlyUsdMax)} | \`${cell(nameOf(l.urn))}\` | ${cell(l.item)} | ${cell(l.basis)} |`,
    );
  }
  if (rest) lines.push(`| ${usd(rest.min, rest.max)} | ${rest.n} more | | |`);
  lines.push("");
  const services = serviceCostRows(plan.cost);
  if (services.length > 0) {
    lines.push("| monthly | service | items |", "| ---: | --- | --- |");
    for (const row of services) lines.push(`| ${row.amount} | ${cell(row.subject)} | ${cell(row.items)} |`);
    lines.push("");
  }
  const kept = plan.resources.filter((r) => safetyMarks(r).length > 0);
  if (kept.length > 0) {
    lines.push(
      `Kept on destroy: ${kept.map((r) => `\`${r.name}\` (${safetyMarks(r).join(", ")})`).join(", ")}.`,
      "",
    );
  }
  // One line for all outputs: a preview's section must stay short enough to read in a PR comment.
  const outputs = Object.entries(plan.outputs).map(([key, value]) => `${key} \`${inline(value)}\``);
  if (outputs.length > 0) {
    lines.push("<details><summary>Outputs</summary>", "", outputs.join(" · "), "", "</details>", "");
  }
  const diagram = mermaidDiagram(plan.resources).split("\n");
  const fence = ["```mermaid", ...diagram, "```"];
  if (diagram.length > DIAGRAM_LINES_SHOWN) {
    lines.push(
      `<details><summary>Diagram (${plan.resources.length} resources)</summary>`,
      "",
      ...fence,
      "",
      "</details>",
    );
  } else {
    lines.push(...fence);
  }
  return lines.join("\n");
}

/** `3 ecs:Service, 1 lb:LoadBalancer, ...`: cloud resources counted by type, most first. */
function byType(plan: StackPlan): string {
  const counts = new Map<string, number>();
  for (const r of plan.resources) {
    if (!r.custom || r.type.startsWith("pulumi:")) continue;
    const type = shortType(r.type).replace(/^aws:/, "");
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return [...counts]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([type, n]) => `${n} ${type}`)
    .join(", ");
}

function diffSection(diff: StackDiff): string[] {
  const { warnings, items } = diffItems(diff);
  const lines = [`**${diffHeadline(diff)}**`, ""];
  if (warnings.length > 0) {
    lines.push("> [!WARNING]", ...warnings.map((w) => `> - ${w}`), "");
  }
  const text = items.map(
    (i) => `${i.sign} ${i.urn}${i.details.length > 0 ? ` (${i.details.join("; ")})` : ""}`,
  );
  if (items.length > 0) lines.push("```diff", ...text.map((t) => t.replace(/^~/, "!")), "```", "");
  return lines;
}
