import type { CostedResource, StackCost } from "./cost/estimate";
import { estimateCost } from "./cost/estimate";
import type { BasePlan, SafetyOptions, StackJson } from "./plan-json";
import { REPLACEMENT_INPUTS } from "./replacement-inputs";
import { containsSecret, MASK } from "./secrets";

/** A resource in both plans whose inputs differ. */
export interface ChangedResource {
  urn: string;
  type: string;
  /** Top-level input keys that differ, sorted. */
  keys: string[];
  /** `key: old → new` for short scalar values; secrets as `[secret]`; other values by key only. */
  details: string[];
}

/** Something a reviewer must look at before a destroy or replacement loses data. */
export interface SafetyWarning {
  urn: string;
  message: string;
}

/** One stack of a plan compared with the same stack of a base plan. */
export interface StackDiff {
  stack: string;
  /** False when the base plan has no such stack: everything is added. */
  inBase: boolean;
  added: { urn: string; type: string }[];
  removed: { urn: string; type: string }[];
  changed: ChangedResource[];
  warnings: SafetyWarning[];
  cost: {
    baseMonthlyUsd: number;
    baseMonthlyUsdMax: number;
    monthlyUsdDelta: number;
    monthlyUsdMaxDelta: number;
  };
}

/**
 * Inputs that change with the clock on every plan, not with the code: a preview's expiry tag moves to
 * seven days after each run. They are dropped before comparing.
 */
const CLOCK_TAGS = ["pantstack:expires-at"];

type ComparedResource = CostedResource & { options?: Partial<SafetyOptions>; aliases?: string[] };

/** Compares each planned stack with the stack of the same name in `base` (a `--format json` plan). */
export function diffPlans(base: BasePlan, head: StackJson[]): StackDiff[] {
  return head.map((stack) => {
    const before = base.stacks.find((s) => s.stack === stack.stack);
    return diffStack(stack.stack, before?.resources.map(withOutputs), stack.resources);
  });
}

function withOutputs(r: BasePlan["stacks"][number]["resources"][number]): ComparedResource {
  return { ...r, outputs: r.outputs ?? {} };
}

/** The diff of one stack; `base` undefined when the base plan does not have it. */
export function diffStack(
  stack: string,
  base: ComparedResource[] | undefined,
  head: ComparedResource[],
): StackDiff {
  const old = new Map((base ?? []).map((r) => [r.urn, r]));
  // A resource whose alias is a base URN is that resource under its new URN: the engine adopts it.
  const adopted = new Set<string>();
  for (const r of head) {
    const alias = r.aliases?.find((a) => old.has(a) && !head.some((h) => h.urn === a));
    if (alias && !old.has(r.urn)) {
      old.set(r.urn, old.get(alias) as ComparedResource);
      adopted.add(alias);
    }
  }
  const now = new Map(head.map((r) => [r.urn, r]));
  const brief = (r: ComparedResource) => ({ urn: r.urn, type: r.type });
  const changed: ChangedResource[] = [];
  const warnings: SafetyWarning[] = [];
  for (const r of head) {
    const before = old.get(r.urn);
    if (!before) continue;
    const keys = changedKeys(before.inputs, r.inputs);
    if (keys.length > 0) {
      changed.push({
        urn: r.urn,
        type: r.type,
        keys,
        details: keys.map((k) => detail(k, before.inputs[k], r.inputs[k])),
      });
      const forcing = REPLACEMENT_INPUTS[r.type];
      const replacing = keys.filter((k) => forcing?.inputs.includes(k));
      if (forcing && replacing.length > 0) {
        warnings.push({
          urn: r.urn,
          message: `changing ${replacing.join(", ")} replaces this ${shortName(r.type)}: it loses ${forcing.loses} (${forcing.source})`,
        });
      }
    }
    for (const option of ["protect", "retainOnDelete"] as const) {
      if (before.options?.[option] === true && r.options?.[option] === false) {
        warnings.push({
          urn: r.urn,
          message: `loses ${option}: a later destroy or replacement deletes it for good`,
        });
      }
    }
  }
  const removed = (base ?? []).filter((r) => !now.has(r.urn) && !adopted.has(r.urn));
  for (const r of removed) {
    if (r.options?.protect) {
      warnings.push({
        urn: r.urn,
        message: "a protected resource is removed: the update fails until protect is lifted",
      });
    }
    if (r.options?.retainOnDelete) {
      warnings.push({
        urn: r.urn,
        message: "removed but retained on delete: it stays in AWS (and on the bill) unmanaged",
      });
    }
  }
  const before = estimateCost(base ?? []);
  const after = estimateCost(head);
  return {
    stack,
    inBase: base !== undefined,
    added: head.filter((r) => !old.has(r.urn)).map(brief),
    removed: removed.map(brief),
    changed,
    warnings,
    cost: costDelta(before, after),
  };
}

function costDelta(before: StackCost, after: StackCost): StackDiff["cost"] {
  const cents = (n: number) => Math.round(n * 100) / 100;
  return {
    baseMonthlyUsd: before.monthlyUsd,
    baseMonthlyUsdMax: before.monthlyUsdMax,
    monthlyUsdDelta: cents(after.monthlyUsd - before.monthlyUsd),
    monthlyUsdMaxDelta: cents(after.monthlyUsdMax - before.monthlyUsdMax),
  };
}

/** Top-level input keys whose values differ once clock-only values are dropped. */
export function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys]
    .filter((k) => canonical(withoutClock(k, before[k])) !== canonical(withoutClock(k, after[k])))
    .sort();
}

function withoutClock(key: string, value: unknown): unknown {
  if ((key !== "tags" && key !== "tagsAll") || !value || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).filter(([tag]) => !CLOCK_TAGS.includes(tag)));
}

/** JSON with object keys sorted, so key order never counts as a change. */
function canonical(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, x]) => [k, sort(x)]),
          )
        : v;
  return JSON.stringify(sort(value)) ?? "undefined";
}

function detail(key: string, before: unknown, after: unknown): string {
  if (containsSecret(before) || containsSecret(after)) return `${key}: ${MASK} → ${MASK}`;
  const scalar = (v: unknown) =>
    v === undefined ? "(none)" : typeof v === "object" && v !== null ? undefined : JSON.stringify(v);
  const [a, b] = [scalar(before), scalar(after)];
  return a !== undefined && b !== undefined && a.length + b.length <= 80 ? `${key}: ${a} → ${b}` : key;
}

function shortName(type: string): string {
  return type.split(":").pop() ?? type;
}
