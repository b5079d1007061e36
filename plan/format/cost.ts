import type { RecordedResource } from "../../engine/recording-monitor";
import type { CostLine, StackCost } from "../cost/estimate";
import { US_EAST_1 } from "../cost/prices";

/** `$12.34`, or `$12.34–$56.78` when the maximum differs. */
export function usd(min: number, max = min): string {
  const one = (n: number) => `$${n.toFixed(2)}`;
  return max === min ? one(min) : `${one(min)}–${one(max)}`;
}

/** `+$1.20` / `-$3.00` / `±$0.00`. */
export function signedUsd(delta: number): string {
  if (delta === 0) return "±$0.00";
  return `${delta > 0 ? "+" : "-"}$${Math.abs(delta).toFixed(2)}`;
}

/** The headline: total (min–max when autoscaled), and where the prices come from. */
export function costHeadline(cost: StackCost): string {
  const range = cost.monthlyUsdMax === cost.monthlyUsd ? "" : " (minimum–maximum task count)";
  const prices = `${US_EAST_1.region} list prices of ${latestDate()}`;
  return `Monthly cost ${usd(cost.monthlyUsd, cost.monthlyUsdMax)}${range}, ${prices}${cost.regionNote ? `; ${cost.regionNote}` : ""}`;
}

/** The most expensive lines; the rest summed into one. */
export function topLines(
  cost: StackCost,
  count: number,
): { lines: CostLine[]; rest?: { n: number; min: number; max: number } } {
  const lines = cost.lines.slice(0, count);
  const others = cost.lines.slice(count);
  if (others.length === 0) return { lines };
  const sum = (pick: (l: CostLine) => number) =>
    Math.round(others.reduce((t, l) => t + pick(l), 0) * 100) / 100;
  return {
    lines,
    rest: { n: others.length, min: sum((l) => l.monthlyUsd), max: sum((l) => l.monthlyUsdMax) },
  };
}

/** A resource's logical name in its URN. */
export const nameOf = (urn: string) => urn.split("::").pop() ?? urn;

/** `protected`, `retained` or both, for resources a destroy would not simply delete. */
export function safetyMarks(resource: RecordedResource): string[] {
  return [
    resource.options.protect ? "protected" : "",
    resource.options.retainOnDelete ? "retained" : "",
  ].filter(Boolean);
}

function latestDate(): string {
  return Object.values(US_EAST_1.prices)
    .map((p) => p.asOf)
    .sort()
    .pop() as string;
}
