import type { StackDiff } from "../diff";
import type { StackPlan } from "../plan";
import { safetyMarks } from "./cost";
import { rolloutLines } from "./rollouts";
import { summarize } from "./summary";
import { costAndDiffLines } from "./table-cost";
import { breakLine, indented, inline, shortType } from "./text";
import { treeRows } from "./tree";
import { sortViolations, subject } from "./violations";

/** Where the table is drawn. */
export interface TableOptions {
  /** Columns to fit: the terminal's width when stdout is one. @default 80 */
  width?: number;
  /** Differences against a base plan (`--against`), shown under each stack. @default [] */
  diffs?: StackDiff[];
}

/** Narrower than this, a tree line would hold almost nothing. */
const MIN_WIDTH = 40;

/**
 * The human view: per stack, the resource tree, the outputs and the policy findings, within the width.
 * Nothing is cut: a long resource line goes on under its name, and output values (ARNs, URLs) are wrapped
 * where they must be, since they are copied from here.
 */
export function formatTable(plans: StackPlan[], options: TableOptions = {}): string {
  const width = Math.max(MIN_WIDTH, Math.floor(options.width ?? 80));
  const blocks = plans.map((plan) => {
    const lines: string[] = [];
    lines.push(...indented(`Stack ${plan.stack}: ${summarize(plan.resources)}`, 0, width, 2));
    lines.push("");
    for (const { resource, prefix, continuation } of treeRows(plan.resources)) {
      const marks = safetyMarks(resource)
        .map((m) => `  [${m}]`)
        .join("");
      const line = `  ${prefix}${resource.name}  ${shortType(resource.type)}${marks}`;
      if (line.length <= width) {
        lines.push(line);
        continue;
      }
      // Too long for one line: the type and the marks (the useful end) go on the next, nothing is cut.
      const [first, ...more] = breakLine(resource.name, width - 2 - prefix.length);
      lines.push(`  ${prefix}${first}`, ...more.map((part) => `  ${continuation}${part}`));
      lines.push(
        ...breakLine(`${shortType(resource.type)}${marks}`, width - 4 - continuation.length).map(
          (part) => `  ${continuation}  ${part}`,
        ),
      );
    }
    const outputs = Object.entries(plan.outputs);
    if (outputs.length > 0) {
      lines.push("", "  Outputs:");
      // Values start in one column; a key too long to leave room for its value has it on the next lines.
      const fits = (key: string) => 4 + key.length + 2 <= width / 2;
      const keyWidth = Math.max(
        0,
        ...outputs
          .map(([k]) => k)
          .filter(fits)
          .map((k) => k.length),
      );
      for (const [key, value] of outputs) {
        const indent = fits(key) ? 4 + keyWidth + 2 : 6;
        const parts = breakLine(inline(value), width - indent);
        if (fits(key)) lines.push(`    ${key.padEnd(keyWidth)}  ${parts.shift()}`);
        else lines.push(`    ${key}`);
        lines.push(...parts.map((part) => `${" ".repeat(indent)}${part}`));
      }
    }
    lines.push(...rolloutLines(plan, width));
    const violations = plan.policy.violations;
    lines.push(
      "",
      violations.length === 0 ? "  Policies: no violations" : `  Policies: ${violations.length} violation(s)`,
    );
    for (const v of sortViolations(violations)) {
      lines.push(...indented(`[${v.level}] ${v.policy} on ${subject(v)}`, 4, width, 6));
      lines.push(...indented(v.message, 6, width));
    }
    lines.push(
      ...costAndDiffLines(
        plan,
        options.diffs?.find((d) => d.stack === plan.stack),
        width,
      ),
    );
    return lines.join("\n");
  });
  return `${blocks.join("\n\n")}\n`;
}
