import { setAllConfig } from "@pulumi/pulumi/runtime/config";
import * as settings from "@pulumi/pulumi/runtime/settings";
import { runInPulumiStack } from "@pulumi/pulumi/runtime/stack";
import { fakeCall, fakeCreate } from "./fake-aws";
import { withoutPromiseStacks } from "./promise-stacks";
import { type RecordedResource, RecordingMonitor, ROOT_STACK_TYPE } from "./recording-monitor";

/** What {@link runProgram} needs. */
export interface RunProgramOptions {
  /** The stack name the program sees in `pulumi.getStack()`. */
  stack: string;
  /** The program: creates resources and returns the stack outputs. */
  program: () => unknown;
  /** @default "pantstack" */
  project?: string;
  /** @default "organization" */
  organization?: string;
  /** Full config keys (`pantstack:domain`, `aws:region`) to string values. */
  config?: Record<string, string>;
  /**
   * Answers a `StackReference` by its fully qualified name (`org/project/stack`) with that stack's outputs.
   * @default - every stack reference fails
   */
  stackOutputs?: (name: string) => Record<string, unknown> | undefined;
}

/** Everything one run registered and exported. */
export interface ProgramResult {
  /** The stack the program ran as. */
  stack: string;
  /** Every resource and component, in registration order (no root stack, no default providers). */
  resources: RecordedResource[];
  /** The stack outputs with every Output resolved. */
  outputs: Record<string, unknown>;
}

/** Lets pending rejections and registrations of this turn reach their handlers. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";

// The Pulumi runtime is process-global: runs must not overlap.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs a Pulumi program in this process against a fake AWS, the way `pulumi up` would run it against a
 * real engine: a root stack resource, config, stack references, and every registration recorded with the
 * outputs AWS would return. The same inputs always give the same result. Any failed registration, and
 * any rejected promise left behind by the program, fails the run.
 */
export function runProgram(options: RunProgramOptions): Promise<ProgramResult> {
  const run = queue.then(() => withoutPromiseStacks(() => runExclusive(options)));
  queue = run.catch(() => undefined);
  return run;
}

async function runExclusive(options: RunProgramOptions): Promise<ProgramResult> {
  const project = options.project ?? "pantstack";
  const config = options.config ?? {};
  const region = config["aws:region"] ?? "us-east-1";
  const monitor = new RecordingMonitor(
    ({ type, name, urn, inputs, id }) => {
      if (type === STACK_REFERENCE_TYPE) {
        const referenced = String(inputs.name ?? id);
        const outputs = options.stackOutputs?.(referenced);
        if (!outputs) throw new Error(`no outputs are known for the referenced stack "${referenced}"`);
        return { id: referenced, state: { name: referenced, outputs, secretOutputNames: [] } };
      }
      if (type.startsWith("pulumi:providers:")) return { id: `${name}-provider`, state: inputs };
      return fakeCreate(type, name, urn, inputs, region);
    },
    options.stack,
    project,
    (token, inputs) => fakeCall(token, inputs, region),
  );
  monitor.install(false, options.organization ?? "organization");
  setAllConfig(config);

  const stray: unknown[] = [];
  // The language host exits on the first unhandled rejection. A rejected input (a stack reference output
  // that does not exist, an `apply` that throws) leaves the resources waiting on it pending for ever, so
  // the run must fail on that rejection rather than wait for the program.
  let failOnStray: (reason: unknown) => void = () => undefined;
  const strayFailure = new Promise<never>((_, reject) => {
    failOnStray = reject;
  });
  const onRejection = (reason: unknown) => {
    stray.push(reason);
    failOnStray(reason);
  };
  process.on("unhandledRejection", onRejection);
  try {
    const outputs =
      (await Promise.race([runInPulumiStack(async () => options.program()), strayFailure])) ?? {};
    await (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    await nextTurn();
    const failure = monitor.failures[0] ?? stray[0];
    if (failure) throw failure;
    return {
      stack: options.stack,
      resources: monitor.records.filter(
        (r) => r.type !== ROOT_STACK_TYPE && !r.type.startsWith("pulumi:providers:"),
      ),
      outputs: outputs as Record<string, unknown>,
    };
  } catch (err) {
    // The root stack rejects its other promises with the same error: let them surface here, not crash the process.
    await nextTurn();
    // A failed registration or data source explains a program error better than the error it caused.
    throw monitor.failures[0] ?? err;
  } finally {
    process.off("unhandledRejection", onRejection);
  }
}
