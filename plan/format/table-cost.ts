import type { StackDiff } from "../diff";
import type { StackPlan } from "../plan";
import { costHeadline, nameOf, topLines, usd } from "./cost";
import { diffHeadline, diffItems } from "./diff-lines";
import { clip, wrap } from "./text";

const COST_LINES_SHOWN = 5;

/** The table view's cost block (total, top lines) and, with `--against`, the diff and its warnings. */
export function costAndDiffLines(plan: StackPlan, diff: StackDiff | undefined, width: number): string[] {
  const lines = ["", ...wrap(costHeadline(plan.cost), width - 2).map((l) => `  ${l}`)];
  const { lines: top, rest } = topLines(plan.cost, COST_LINES_SHOWN);
  for (const l of top) {
    lines.push(
      clip(`    ${usd(l.monthlyUsd, l.monthlyUsdMax).padStart(15)}  ${nameOf(l.urn)}: ${l.basis}`, width),
    );
  }
  if (rest) lines.push(`    ${usd(rest.min, rest.max).padStart(15)}  ${rest.n} more`);
  if (!diff) return lines;
  const { warnings, items } = diffItems(diff);
  lines.push("", ...wrap(diffHeadline(diff), width - 2).map((l) => `  ${l}`));
  for (const w of warnings) lines.push(...wrap(`WARNING ${w}`, width - 4).map((l) => `    ${l}`));
  for (const item of items) {
    lines.push(clip(`    ${item.sign} ${item.urn}`, width));
    for (const d of item.details) lines.push(clip(`        ${d}`, width));
  }
  return lines;
}
