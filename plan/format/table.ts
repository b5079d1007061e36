import type { StackPlan } from "../plan";
import { clip, inline, shortType } from "./text";
import { treeRows } from "./tree";

const WIDTH = 80;

/** The human view: per stack, the resource tree and the outputs, within 80 columns. */
export function formatTable(plans: StackPlan[]): string {
  const blocks = plans.map((plan) => {
    const lines: string[] = [];
    const custom = plan.resources.filter((r) => r.custom).length;
    lines.push(
      clip(`Stack ${plan.stack}: ${custom} resources, ${plan.resources.length - custom} components`, WIDTH),
    );
    lines.push("");
    for (const { resource, prefix } of treeRows(plan.resources)) {
      lines.push(clip(`  ${prefix}${resource.name}  ${shortType(resource.type)}`, WIDTH));
    }
    const outputs = Object.entries(plan.outputs);
    if (outputs.length > 0) {
      lines.push("", "  Outputs:");
      const keyWidth = Math.max(...outputs.map(([k]) => k.length));
      for (const [key, value] of outputs)
        lines.push(clip(`    ${key.padEnd(keyWidth)}  ${inline(value)}`, WIDTH));
    }
    return lines.join("\n");
  });
  return `${blocks.join("\n\n")}\n`;
}
