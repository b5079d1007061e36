import type { StackDiff } from "../diff";
import { nameOf, signedUsd } from "./cost";

/** The one-line summary of a stack's diff against the base plan. */
export function diffHeadline(diff: StackDiff): string {
  const counts = `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed`;
  const cost =
    diff.cost.monthlyUsdDelta === diff.cost.monthlyUsdMaxDelta
      ? signedUsd(diff.cost.monthlyUsdDelta)
      : `${signedUsd(diff.cost.monthlyUsdDelta)} (at maximum scale ${signedUsd(diff.cost.monthlyUsdMaxDelta)})`;
  const base = diff.inBase ? "against the base plan" : "not in the base plan (all new)";
  return `Changes ${base}: ${counts}; monthly cost ${cost}`;
}

/** One entry per added (`+`), removed (`-`) and changed (`~`) resource, by URN. */
export interface DiffItem {
  sign: "+" | "-" | "~";
  urn: string;
  /** The changed input keys, `key: old → new` where short; secrets masked. */
  details: string[];
}

/** One line per warning, then the items. */
export function diffItems(diff: StackDiff): { warnings: string[]; items: DiffItem[] } {
  return {
    warnings: diff.warnings.map((w) => `${nameOf(w.urn)}: ${w.message}`),
    items: [
      ...diff.added.map((r) => ({ sign: "+" as const, urn: r.urn, details: [] })),
      ...diff.removed.map((r) => ({ sign: "-" as const, urn: r.urn, details: [] })),
      ...diff.changed.map((r) => ({ sign: "~" as const, urn: r.urn, details: r.details })),
    ],
  };
}
