import type { StackPlan } from "../plan";
import { summarize } from "./summary";
import { inline, shortType } from "./text";
import { treeRows } from "./tree";
import { violationLines } from "./violations";

const cell = (text: string) => text.replace(/\|/g, "\\|");

/** The PR-comment view: a summary line per stack and the resource tree in a collapsible block. */
export function formatMarkdown(plans: StackPlan[]): string {
  const sections = plans.map((plan) => {
    const lines = [`### Stack \`${plan.stack}\``, "", `${summarize(plan.resources)}.`, ""];
    const outputs = Object.entries(plan.outputs);
    if (outputs.length > 0) {
      lines.push("| output | value |", "| --- | --- |");
      for (const [key, value] of outputs) lines.push(`| ${cell(key)} | \`${cell(inline(value))}\` |`);
      lines.push("");
    }
    const violations = plan.policy.violations;
    lines.push(
      violations.length === 0
        ? "Policies: no violations."
        : `Policies: **${violations.length} violation(s)**`,
      "",
    );
    for (const line of violationLines(violations)) lines.push(`- ${line}`);
    if (violations.length > 0) lines.push("");
    lines.push("<details><summary>Resources</summary>", "", "```");
    for (const { resource, prefix } of treeRows(plan.resources)) {
      lines.push(`${prefix}${resource.name}  ${shortType(resource.type)}`);
    }
    lines.push("```", "", "</details>");
    return lines.join("\n");
  });
  return `${sections.join("\n\n")}\n`;
}
