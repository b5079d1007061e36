import type { StackDiff } from "../diff";
import type { StackPlan } from "../plan";
import { safetyMarks } from "./cost";
import { summarize } from "./summary";
import { costAndDiffLines } from "./table-cost";
import { clip, inline, shortType, wrap } from "./text";
import { treeRows } from "./tree";
import { sortViolations, subject } from "./violations";

const WIDTH = 80;

/** The human view: per stack, the resource tree, the outputs and the policy findings, within 80 columns. */
export function formatTable(plans: StackPlan[], diffs: StackDiff[] = []): string {
  const blocks = plans.map((plan) => {
    const lines: string[] = [];
    lines.push(clip(`Stack ${plan.stack}: ${summarize(plan.resources)}`, WIDTH));
    lines.push("");
    for (const { resource, prefix } of treeRows(plan.resources)) {
      const marks = safetyMarks(resource)
        .map((m) => `  [${m}]`)
        .join("");
      lines.push(clip(`  ${prefix}${resource.name}  ${shortType(resource.type)}${marks}`, WIDTH));
    }
    const outputs = Object.entries(plan.outputs);
    if (outputs.length > 0) {
      lines.push("", "  Outputs:");
      const keyWidth = Math.max(...outputs.map(([k]) => k.length));
      for (const [key, value] of outputs)
        lines.push(clip(`    ${key.padEnd(keyWidth)}  ${inline(value)}`, WIDTH));
    }
    const violations = plan.policy.violations;
    lines.push(
      "",
      violations.length === 0 ? "  Policies: no violations" : `  Policies: ${violations.length} violation(s)`,
    );
    for (const v of sortViolations(violations)) {
      lines.push(clip(`    [${v.level}] ${v.policy} on ${subject(v)}`, WIDTH));
      for (const part of wrap(v.message, WIDTH - 6)) lines.push(clip(`      ${part}`, WIDTH));
    }
    lines.push(
      ...costAndDiffLines(
        plan,
        diffs.find((d) => d.stack === plan.stack),
        WIDTH,
      ),
    );
    return lines.join("\n");
  });
  return `${blocks.join("\n\n")}\n`;
}
