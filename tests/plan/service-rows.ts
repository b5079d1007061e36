import assert from "node:assert/strict";
import { formatJson } from "../../plan/format/json";
import { formatMarkdown } from "../../plan/format/markdown";
import { formatTable } from "../../plan/format/table";
import type { StackPlan } from "../../plan/plan";
import type { StackJson } from "../../plan/plan-json";

/** One service row as a view shows it: amount, `api (web)`, and its items joined. */
export interface ShownService {
  amount: string;
  subject: string;
  items: string;
}

const AMOUNT = String.raw`\$\d+\.\d{2}(?:–\$\d+\.\d{2})?`;
const dollars = (min: number, max: number) =>
  max === min ? `$${min.toFixed(2)}` : `$${min.toFixed(2)}–$${max.toFixed(2)}`;

/** The table's `By service:` block, each row's wrapped lines joined back. */
export function tableServices(table: string): ShownService[] {
  const lines = table.split("\n");
  const start = lines.findIndex((l) => l.trim() === "By service:");
  if (start < 0) return [];
  const rows: ShownService[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === "") break;
    const row = new RegExp(`^ +(${AMOUNT}) {2}(\\S+ \\([a-z]+\\)): (.*)$`).exec(line);
    if (row) rows.push({ amount: row[1], subject: row[2], items: row[3] });
    else rows[rows.length - 1].items += ` ${line.trim()}`;
  }
  return rows;
}

/** The markdown's service table. */
export function markdownServices(markdown: string): ShownService[] {
  return markdown
    .split("\n")
    .map((l) => new RegExp(`^\\| (${AMOUNT}) \\| (\\S+ \\([a-z]+\\)) \\| (.*) \\|$`).exec(l))
    .filter((m) => m !== null)
    .map((m) => ({ amount: m[1], subject: m[2], items: m[3] }));
}

/** The JSON's `cost.services`, shown as the other views show them. */
export function jsonServices(plan: StackPlan): { shown: ShownService[]; json: StackJson["cost"] } {
  const [json] = (JSON.parse(formatJson([plan])) as { stacks: StackJson[] }).stacks;
  const shown = json.cost.services.map((s) => ({
    amount: dollars(s.monthlyUsd, s.monthlyUsdMax),
    subject: s.kind === "platform" ? "platform (shared)" : `${s.name} (${s.kind})`,
    items:
      s.items.map((i) => `${i.item} ${dollars(i.monthlyUsd, i.monthlyUsdMax)}`).join(", ") ||
      "nothing billed",
  }));
  return { shown, json: json.cost };
}

/**
 * Asserts the three views show one cost by service, which adds up to the stack's totals, lists the catalog's
 * kinds in order and the platform last; returns the JSON's services.
 */
export function assertServiceViewsAgree(plan: StackPlan): StackJson["cost"]["services"] {
  const { shown, json } = jsonServices(plan);
  assert.ok(shown.length >= 2, `${plan.stack}: at least one service and the platform`);
  assert.deepEqual(tableServices(formatTable([plan], { width: 100 })), shown, `${plan.stack}: table = JSON`);
  assert.deepEqual(markdownServices(formatMarkdown([plan])), shown, `${plan.stack}: markdown = JSON`);
  const sum = (pick: (s: (typeof json.services)[number]) => number) =>
    Math.round(json.services.reduce((t, s) => t + pick(s), 0) * 100) / 100;
  assert.equal(
    sum((s) => s.monthlyUsd),
    json.monthlyUsd,
    `${plan.stack}: services add up to the minimum`,
  );
  assert.equal(
    sum((s) => s.monthlyUsdMax),
    json.monthlyUsdMax,
    `${plan.stack}: and to the maximum`,
  );
  const order = ["web", "backend", "worker", "job", "platform"];
  const kinds = json.services.map((s) => order.indexOf(s.kind));
  assert.deepEqual(
    kinds,
    [...kinds].sort((a, b) => a - b),
    `${plan.stack}: by kind`,
  );
  assert.equal(json.services.at(-1)?.kind, "platform");
  return json.services;
}
