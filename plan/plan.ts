import { type ProgramResult, type RunProgramOptions, runProgram } from "../engine/run-program";
import { isValidationError, ValidationError } from "../lib/errors";
import { parsePreviewStack } from "../lib/preview/naming";
import { UnknownConfigKeyError } from "../stacks/config";
import { dependenciesOf, EXAMPLE_PREVIEW, programFor, readsCatalog } from "../stacks/programs";
import { estimateCost, type StackCost } from "./cost/estimate";
import { checkPolicies, type Violation } from "./policy-check";
import { readStackFile, type StackConfig } from "./stack-config";

/** What to plan. */
export interface PlanRequest {
  /** Stack names, in order. */
  stacks: string[];
  /** Config overrides applied to every requested stack (not to stacks planned only as dependencies). */
  overrides?: StackConfig;
  /**
   * Apply `overrides` only to the requested stacks that read them (`npm run plan` with no `--stack`); a
   * `pantstack:` key that none of them reads is refused. @default false: every requested stack gets them
   */
  overridesWhereRead?: boolean;
  /** Overrides for one requested stack each, by stack name, on top of `overrides`. */
  stackOverrides?: Record<string, StackConfig>;
  /** Where `Pulumi.<stack>.yaml` live. @default process.cwd() */
  rootDir?: string;
  /**
   * The service catalog every stack that reads one is planned with (`pantstack:servicesFile`), dependencies
   * included, so `shared` has a repository for each service the environments run. @default - each stack's own
   */
  services?: string;
}

/** One planned stack: what it registers and exports, and what the policy pack says of it. */
export interface StackPlan extends ProgramResult {
  policy: { violations: Violation[] };
  /** Monthly cost from the dated price table (`plan/cost/`). */
  cost: StackCost;
}

/**
 * Plans stacks in-process: each runs under the offline engine with its committed config plus overrides, and
 * each requested one is checked against the policy pack. A stack reading another stack's outputs gets them
 * from that stack's plan: dependencies are planned first with their committed config (and not reported
 * unless requested). `run` runs one stack's program ({@link runProgram}; the tests pass one that reuses runs).
 */
export async function planStacks(
  request: PlanRequest,
  run: (options: RunProgramOptions) => Promise<ProgramResult> = runProgram,
): Promise<StackPlan[]> {
  const rootDir = request.rootDir ?? process.cwd();
  const planned = new Map<string, ProgramResult>();
  const regions = new Map<string, string | undefined>();
  const planOne = async (stack: string, overrides: StackConfig): Promise<ProgramResult> => {
    for (const dependency of dependenciesOf(stack)) {
      if (!planned.has(dependency)) await planOne(dependency, {});
    }
    const config: StackConfig = {
      ...baseConfig(rootDir, stack),
      ...readStackFile(rootDir, stack),
      ...(request.services !== undefined && readsCatalog(stack)
        ? { "pantstack:servicesFile": request.services }
        : {}),
      ...overrides,
    };
    const program = programFor(stack);
    const result = await run({
      stack,
      config,
      program,
      stackOutputs: (name) => planned.get(name.split("/").pop() ?? name)?.outputs,
    }).catch((err: unknown) => {
      throw inStack(stack, err);
    });
    planned.set(stack, result);
    regions.set(stack, config["aws:region"]);
    return result;
  };
  const overrides = request.overrides ?? {};
  const readers = new Map<string, string[]>(Object.keys(overrides).map((key) => [key, []]));
  const planRequested = async (stack: string): Promise<ProgramResult> => {
    const own = request.stackOverrides?.[stack] ?? {};
    const given = { ...overrides };
    for (;;) {
      try {
        const result = await planOne(stack, { ...given, ...own });
        for (const key of Object.keys(given)) readers.get(key)?.push(stack);
        return result;
      } catch (err) {
        // A shared key this stack does not read is left out for it, not refused (unless set for this stack).
        const key = err instanceof UnknownConfigKeyError ? err.key.slice(stack.length + 1) : undefined;
        if (!request.overridesWhereRead || key === undefined || !(key in given) || key in own) throw err;
        delete given[key];
      }
    }
  };
  const results: StackPlan[] = [];
  for (const stack of request.stacks) {
    const result = await planRequested(stack);
    results.push({
      ...result,
      policy: { violations: await checkPolicies(result.resources) },
      cost: estimateCost(result.resources, { region: regions.get(stack) }),
    });
  }
  for (const [key, stacks] of readers) {
    if (stacks.length === 0) {
      throw new ValidationError(
        "--config",
        `${key}=${overrides[key]}`,
        `none of the planned stacks (${request.stacks.join(", ")}) reads ${key}`,
      );
    }
  }
  return results;
}

/**
 * Names the stack in a config error (`prod:pantstack:cpu`, as `--config` would set it for that stack
 * alone): the same key can be right in one stack and wrong in another.
 */
function inStack(stack: string, err: unknown): unknown {
  if (!isValidationError(err)) return err;
  const Refusal = err instanceof UnknownConfigKeyError ? UnknownConfigKeyError : ValidationError;
  return new Refusal(`${stack}:${err.key}`, err.value, err.allowed);
}

/** The image tag the example preview is planned with (a preview's only required key). */
export const EXAMPLE_PREVIEW_TAG = "pr-1-0000000";

/**
 * When the example preview is planned as deployed: a fixed Monday noon (UTC, inside the default awake hours),
 * so its plan does not change with the time of day (expiry tag, the one-off wake action of a night deploy).
 */
export const EXAMPLE_PREVIEW_DEPLOYED_AT = "2026-01-05T12:00:00.000Z";

/**
 * The image tags `test` and `prod` are planned with: their committed files name no image (a deploy passes
 * `pantstack:images`, or keeps what runs), and an offline plan has no running stack to keep it from.
 */
export const EXAMPLE_IMAGE_TAGS: Record<string, string> = { test: "v0.1.0-dev.1", prod: "v0.1.0" };

/**
 * Config a stack has before its file and overrides: `test` and `prod` an example image tag; a preview has no
 * committed file (the workflow creates it), so it takes the region of `test`, and the example preview an
 * image tag.
 */
function baseConfig(rootDir: string, stack: string): StackConfig {
  const tag = EXAMPLE_IMAGE_TAGS[stack];
  if (tag !== undefined) return { "pantstack:imageTag": tag };
  if (parsePreviewStack(stack) === undefined) return {};
  const region = readStackFile(rootDir, "test")["aws:region"];
  return {
    ...(region ? { "aws:region": region } : {}),
    ...(stack === EXAMPLE_PREVIEW
      ? { "pantstack:imageTag": EXAMPLE_PREVIEW_TAG, "pantstack:deployedAt": EXAMPLE_PREVIEW_DEPLOYED_AT }
      : {}),
  };
}
