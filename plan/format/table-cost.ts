import type { StackDiff } from "../diff";
import type { StackPlan } from "../plan";
import { costHeadline, costSubject, serviceCostRows, topLines, usd } from "./cost";
import { diffHeadline, diffItems } from "./diff-lines";
import { breakLine, indented, wrap } from "./text";

/** The table view's cost block (total, top lines) and, with `--against`, the diff and its warnings. */
export function costAndDiffLines(plan: StackPlan, diff: StackDiff | undefined, width: number): string[] {
  const lines = ["", ...wrap(costHeadline(plan.cost), width - 2).map((l) => `  ${l}`)];
  const { lines: top, rest } = topLines(plan.cost);
  // The basis is the useful end of a cost line: wrapped under the subject, never cut.
  const indent = " ".repeat(4 + 15 + 2);
  for (const l of top) {
    const [first, ...more] = breakLine(`${costSubject(l)}: ${l.basis}`, width - indent.length);
    lines.push(`    ${usd(l.monthlyUsd, l.monthlyUsdMax).padStart(15)}  ${first}`);
    lines.push(...more.map((part) => `${indent}${part}`));
  }
  if (rest) lines.push(`    ${usd(rest.min, rest.max).padStart(15)}  ${rest.n} more`);
  const services = serviceCostRows(plan.cost);
  if (services.length > 0) lines.push("", "  By service:");
  for (const row of services) {
    const [first, ...more] = breakLine(`${row.subject}: ${row.items}`, width - indent.length);
    lines.push(`    ${row.amount.padStart(15)}  ${first}`, ...more.map((part) => `${indent}${part}`));
  }
  if (!diff) return lines;
  const { warnings, items } = diffItems(diff);
  lines.push("", ...wrap(diffHeadline(diff), width - 2).map((l) => `  ${l}`));
  for (const w of warnings) lines.push(...wrap(`WARNING ${w}`, width - 4).map((l) => `    ${l}`));
  for (const item of items) {
    lines.push(...indented(`${item.sign} ${item.urn}`, 4, width, 6));
    for (const d of item.details) lines.push(...indented(d, 8, width));
  }
  return lines;
}
