import { type PlanRequest, planStacks, type StackPlan } from "../../plan/plan";

/**
 * Plans shared by every test file a mocha worker runs: a plan is deterministic for its request (committed
 * config plus overrides), and planning is the suite's main cost, so each request is planned once per process.
 * The plans are deep-frozen: a test that changes one throws, instead of changing what the next test reads.
 */

const plans = new Map<string, Promise<readonly StackPlan[]>>();

/** `planStacks(request)`, planned once per process and frozen. A request that fails fails each caller. */
export function plannedStacks(request: PlanRequest): Promise<readonly StackPlan[]> {
  const key = JSON.stringify(request);
  let planned = plans.get(key);
  if (!planned) {
    planned = planStacks(request).then((result) => deepFreeze(result));
    plans.set(key, planned);
  }
  return planned;
}

/** One stack, planned with its committed config plus `overrides` (once per process, frozen). */
export async function plannedStack(
  stack: string,
  overrides: Record<string, string> = {},
): Promise<StackPlan> {
  const [plan] = await plannedStacks({ stacks: [stack], overrides });
  return plan;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
