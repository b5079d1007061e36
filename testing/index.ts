/**
 * `pantstack-infra/testing`: run a Pulumi program, or one component, under this project's in-process engine
 * and inspect what it registered. The engine answers like AWS (IDs, ARNs, repository URLs, DNS names with
 * the configured region and the account `123456789012`), answers the data sources the components call
 * (`getRegion`, `getCallerIdentity`, ...), feeds stack references from `stackOutputs`, and fails the run on
 * any registration or data source that fails. Kept out of the main entry: `import "pantstack-infra"` never
 * loads it.
 */
import * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "../engine/recording-monitor";
import { type ProgramResult, runProgram } from "../engine/run-program";

export { FAKE_ACCOUNT_ID } from "../engine/fake-aws";
export type { RecordedOptions, RecordedResource } from "../engine/recording-monitor";
export type { ProgramResult, RunProgramOptions } from "../engine/run-program";
export { runProgram };

/** Where a program or component runs. */
export interface RunOptions {
  /**
   * The stack name (`pulumi.getStack()`).
   * @default "test"
   */
  stack?: string;
  /**
   * The project name (`pulumi.getProject()`).
   * @default "pantstack"
   */
  project?: string;
  /**
   * Config by full key (`aws:region`, `myproject:domain`).
   * @default { "aws:region": "us-east-1" }
   */
  config?: Record<string, string>;
  /**
   * A referenced stack's outputs, by the name exactly as the program gave `new StackReference(name)`
   * (`shared`, `acme/shared/prod`: no org or project is added); `undefined` fails the reference.
   * @default - every stack reference fails
   */
  stackOutputs?: (name: string) => Record<string, unknown> | undefined;
}

/** What {@link runComponent} returns. */
export interface ComponentResult extends ProgramResult {
  /** The component's own record (type, name, parent, options). */
  component: RecordedResource;
  /** Every output property of the component (its `Output` and plain fields), resolved. */
  outputs: Record<string, unknown>;
}

/** Runs a whole program (what `pulumi up` would run) and returns every registration and the stack outputs. */
export function run(program: () => unknown, options: RunOptions = {}): Promise<ProgramResult> {
  return runProgram({
    stack: options.stack ?? "test",
    project: options.project,
    config: { "aws:region": "us-east-1", ...options.config },
    program,
    stackOutputs: options.stackOutputs,
  });
}

/**
 * Runs one component: `create` constructs it (and anything it needs); the result has every registration and
 * the component's outputs resolved.
 *
 * @example
 * const { outputs, resources } = await runComponent(() => new EcrRepository("api", {}));
 * // outputs.repositoryUrl === "123456789012.dkr.ecr.us-east-1.amazonaws.com/api"
 */
export async function runComponent(
  create: () => pulumi.ComponentResource,
  options: RunOptions = {},
): Promise<ComponentResult> {
  let urn: pulumi.Output<string> | undefined;
  const result = await run(() => {
    const component = create();
    urn = component.urn;
    return componentOutputs(component);
  }, options);
  const componentUrn = await new Promise<string>((resolve) => urn?.apply(resolve));
  const component = result.resources.find((r) => r.urn === componentUrn);
  if (!component) throw new Error(`the component ${componentUrn} was not registered`);
  return { ...result, component };
}

/** Every resource of `type`. */
export function ofType(result: ProgramResult, type: string): RecordedResource[] {
  return result.resources.filter((r) => r.type === type);
}

/** The one resource of `type` (and `name`, if given); throws if there is not exactly one. */
export function one(result: ProgramResult, type: string, name?: string): RecordedResource {
  const found = ofType(result, type).filter((r) => name === undefined || r.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}`);
  }
  return found[0];
}

/** The resources whose parent is `parent` (a record or a URN). */
export function childrenOf(result: ProgramResult, parent: RecordedResource | string): RecordedResource[] {
  const urn = typeof parent === "string" ? parent : parent.urn;
  return result.resources.filter((r) => r.parent === urn);
}

/** The component's public outputs: `Output` fields, arrays of them and plain values; not child resources. */
function componentOutputs(component: pulumi.ComponentResource): Record<string, unknown> {
  const outputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(component)) {
    if (key === "urn" || key.startsWith("__") || pulumi.Resource.isInstance(value)) continue;
    const isOutputs = Array.isArray(value) && value.every((v) => pulumi.Output.isInstance(v) || !isObject(v));
    if (pulumi.Output.isInstance(value) || isOutputs || !isObject(value)) outputs[key] = value;
  }
  return outputs;
}

const isObject = (value: unknown): boolean => typeof value === "object" && value !== null;
