import { type ProgramResult, type RunProgramOptions, runProgram } from "../../engine/run-program";
import { type PlanRequest, planStacks, type StackPlan } from "../../plan/plan";
import { dependenciesOf } from "../../stacks/programs";

/**
 * Plans shared by every test file a mocha worker runs: a plan is deterministic for its request (committed
 * config plus overrides), and planning is the suite's main cost, so each request is planned once per process.
 * The plans are deep-frozen: a test that changes one throws, instead of changing what the next test reads.
 */

const plans = new Map<string, Promise<readonly StackPlan[]>>();
const runs = new Map<string, Promise<ProgramResult>>();
const outputIds = new WeakMap<object, number>();
let lastOutputsId = 0;

/** Which run of a referenced stack these outputs came from (runs are reused, so the same object each time). */
function outputsId(outputs: object | undefined): number | undefined {
  if (outputs === undefined) return undefined;
  if (!outputIds.has(outputs)) outputIds.set(outputs, ++lastOutputsId);
  return outputIds.get(outputs);
}

/**
 * {@link runProgram} for one stack of a plan (its program is the stack's), run once per process for the same
 * stack, config and referenced stacks' runs: requests with different overrides share their dependencies' runs.
 */
function reusedRun(options: RunProgramOptions): Promise<ProgramResult> {
  const referenced = dependenciesOf(options.stack).map((stack) => outputsId(options.stackOutputs?.(stack)));
  const key = JSON.stringify([
    options.stack,
    options.project,
    options.organization,
    options.config,
    referenced,
  ]);
  let run = runs.get(key);
  if (!run) {
    run = runProgram(options).then((result) => deepFreeze(result));
    runs.set(key, run);
  }
  return run;
}

/**
 * What a plan depends on: the request without the plan CLI's display options (`main` passes its parsed
 * command line), and without fields left at their defaults, so that `npm run plan -- --stack shared` and
 * `plannedStack("shared")` share one plan.
 */
function requestKey(request: PlanRequest): string {
  const { format, against, width, ...rest } = request as PlanRequest & Record<string, unknown>;
  const planning: Record<string, unknown> = { ...rest };
  for (const field of ["overrides", "stackOverrides"] as const) {
    const value = planning[field];
    if (value === undefined || Object.keys(value as object).length === 0) delete planning[field];
  }
  // Which stacks read an override matters only when there is one.
  if (!planning.overridesWhereRead || planning.overrides === undefined) delete planning.overridesWhereRead;
  return JSON.stringify(planning);
}

/** `planStacks(request)`, planned once per process and frozen. A request that fails fails each caller. */
export function plannedStacks(request: PlanRequest): Promise<readonly StackPlan[]> {
  const key = requestKey(request);
  let planned = plans.get(key);
  if (!planned) {
    planned = planStacks(request, reusedRun).then((result) => deepFreeze(result));
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
