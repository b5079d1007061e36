import type { StackDiff } from "../diff";
import type { StackPlan } from "../plan";
import { toPlanJson } from "../plan-json";

/**
 * The machine view: `{"stacks":[{"stack","resources":[{urn,type,name,parent,aliases,inputs,outputs,options}],
 * "outputs","policy":{"violations":[...]},"cost":{monthlyUsd,monthlyUsdMax,lines},"diff"?}]}`; secrets masked.
 */
export function formatJson(plans: StackPlan[], diffs: StackDiff[] = []): string {
  return `${JSON.stringify(toPlanJson(plans, diffs), null, 2)}\n`;
}
