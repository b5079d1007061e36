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

/** How many cost lines the table and the markdown show before summing the rest into one. */
export const COST_LINES_SHOWN = 5;

/** The most expensive lines; the rest summed into one (a single line left over is shown as it is). */
export function topLines(
  cost: StackCost,
  count = COST_LINES_SHOWN,
): { lines: CostLine[]; rest?: { n: number; min: number; max: number } } {
  if (cost.lines.length <= count + 1) return { lines: [...cost.lines] };
  const lines = cost.lines.slice(0, count);
  const others = cost.lines.slice(count);
  const sum = (pick: (l: CostLine) => number) =>
    Math.round(others.reduce((t, l) => t + pick(l), 0) * 100) / 100;
  return {
    lines,
    rest: { n: others.length, min: sum((l) => l.monthlyUsd), max: sum((l) => l.monthlyUsdMax) },
  };
}

/** A service's row as every view shows it: the amount, `api (web)`, and its items, most expensive first. */
export interface ServiceCostRow {
  amount: string;
  subject: string;
  items: string;
}

/** The cost by service ({@link StackCost.services}) as rows: `$11.24`, `api (web)`, `compute $9.01, logs $0.51`. */
export function serviceCostRows(cost: StackCost): ServiceCostRow[] {
  return cost.services.map((s) => ({
    amount: usd(s.monthlyUsd, s.monthlyUsdMax),
    subject: s.kind === "platform" ? "platform (shared)" : `${s.name} (${s.kind})`,
    items:
      s.items.map((i) => `${i.item} ${usd(i.monthlyUsd, i.monthlyUsdMax)}`).join(", ") || "nothing billed",
  }));
}

/** A resource's logical name in its URN. */
export const nameOf = (urn: string) => urn.split("::").pop() ?? urn;

/** What a cost line prices, as every view names it: `edge (public IPv4)`. */
export const costSubject = (line: CostLine) => `${nameOf(line.urn)} (${line.item})`;

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
