import { z } from "zod";
import type { StackCost } from "./cost/estimate";
import type { ServiceCost } from "./cost/services";
import type { StackDiff } from "./diff";
import type { StackPlan } from "./plan";
import { maskSecrets } from "./secrets";

/** The options that decide what a destroy or a replacement does to a resource. */
export interface SafetyOptions {
  protect: boolean;
  retainOnDelete: boolean;
  deleteBeforeReplace: boolean;
  ignoreChanges: string[];
}

/** One resource in `--format json`. */
export interface ResourceJson {
  urn: string;
  type: string;
  name: string;
  parent: string | null;
  /** The URNs the resource had before (its aliases): a diff against a plan with one of them is no change of identity. */
  aliases: string[];
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  options: SafetyOptions;
}

/** `cost` of a stack in `--format json`. */
export interface CostJson {
  monthlyUsd: number;
  monthlyUsdMax: number;
  /** The lines of {@link StackCost}: `monthlyUsdMax` equals `monthlyUsd` except for autoscaled services. */
  lines: {
    urn: string;
    type: string;
    item: string;
    basis: string;
    monthlyUsd: number;
    monthlyUsdMax: number;
  }[];
  /**
   * The cost by service: `{name, kind, urn?, monthlyUsd, monthlyUsdMax, items: [{item, monthlyUsd,
   * monthlyUsdMax}]}`, web, backend, worker and job services, then `platform` (what they share); they add up
   * to the totals. Empty for a stack without services.
   */
  services: ServiceCost[];
}

/** One stack in `--format json`. */
export interface StackJson {
  stack: string;
  resources: ResourceJson[];
  outputs: Record<string, unknown>;
  policy: StackPlan["policy"];
  cost: CostJson;
  diff?: StackDiff;
}

/** The JSON view of planned stacks, secrets masked; the same shape `--against` reads back. */
export function toPlanJson(plans: StackPlan[], diffs: StackDiff[] = []): { stacks: StackJson[] } {
  return {
    stacks: plans.map((plan) => {
      const diff = diffs.find((d) => d.stack === plan.stack);
      return {
        stack: plan.stack,
        resources: plan.resources.map((r) => ({
          urn: r.urn,
          type: r.type,
          name: r.name,
          parent: r.parent ?? null,
          aliases: r.options.aliases ?? [],
          inputs: maskSecrets(r.inputs) as Record<string, unknown>,
          outputs: maskSecrets(r.outputs) as Record<string, unknown>,
          options: {
            protect: r.options.protect,
            retainOnDelete: r.options.retainOnDelete,
            deleteBeforeReplace: r.options.deleteBeforeReplace,
            ignoreChanges: r.options.ignoreChanges,
          },
        })),
        outputs: maskSecrets(plan.outputs) as Record<string, unknown>,
        policy: { violations: plan.policy.violations },
        cost: costJson(plan.cost),
        ...(diff ? { diff } : {}),
      };
    }),
  };
}

/** Exactly the documented keys: totals, `{urn, type, item, basis, monthlyUsd, monthlyUsdMax}` per line, services. */
export function costJson(cost: StackCost): CostJson {
  return {
    monthlyUsd: cost.monthlyUsd,
    monthlyUsdMax: cost.monthlyUsdMax,
    lines: cost.lines.map(({ urn, type, item, basis, monthlyUsd, monthlyUsdMax }) => ({
      urn,
      type,
      item,
      basis,
      monthlyUsd,
      monthlyUsdMax,
    })),
    services: cost.services.map(({ name, kind, urn, monthlyUsd, monthlyUsdMax, items }) => ({
      name,
      kind,
      ...(urn ? { urn } : {}),
      monthlyUsd,
      monthlyUsdMax,
      items: items.map(({ item, monthlyUsd, monthlyUsdMax }) => ({ item, monthlyUsd, monthlyUsdMax })),
    })),
  };
}

/**
 * What `--against` needs of a base plan. Lenient about what older plans lack (options, cost): a base from a
 * branch without them still diffs, only without the checks that need them.
 */
export const basePlanSchema = z.object({
  stacks: z.array(
    z.object({
      stack: z.string(),
      resources: z.array(
        z.object({
          urn: z.string(),
          type: z.string(),
          name: z.string(),
          aliases: z.array(z.string()).optional(),
          inputs: z.record(z.string(), z.unknown()),
          outputs: z.record(z.string(), z.unknown()).optional(),
          options: z
            .object({
              protect: z.boolean(),
              retainOnDelete: z.boolean(),
              deleteBeforeReplace: z.boolean().optional(),
              ignoreChanges: z.array(z.string()).optional(),
            })
            .optional(),
        }),
      ),
    }),
  ),
});

/** A base plan as `--against` reads it. */
export type BasePlan = z.infer<typeof basePlanSchema>;
