import type { RecordedResource } from "../engine/recording-monitor";
import { type ProgramResult, runProgram } from "../engine/run-program";

/** Runs `program` under the offline engine (every registration awaited; a failed one fails the run). */
export function run(
  program: () => unknown,
  options: {
    stack?: string;
    config?: Record<string, string>;
    stackOutputs?: (name: string) => Record<string, unknown> | undefined;
  } = {},
): Promise<ProgramResult> {
  return runProgram({
    stack: options.stack ?? "unit",
    config: { "aws:region": "us-east-1", ...options.config },
    program,
    stackOutputs: options.stackOutputs,
  });
}

/** Every resource of `type`. */
export function ofType(result: ProgramResult, type: string): RecordedResource[] {
  return result.resources.filter((r) => r.type === type);
}

/** The one resource of `type` (and `name`, if given); fails if there is not exactly one. */
export function one(result: ProgramResult, type: string, name?: string): RecordedResource {
  const found = ofType(result, type).filter((r) => name === undefined || r.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}`);
  }
  return found[0];
}

/** Parses a JSON policy input (IAM and ECR take documents as strings). */
export function json<T = Record<string, unknown>>(value: unknown): T {
  if (typeof value !== "string") throw new Error(`expected a JSON string, got ${typeof value}`);
  return JSON.parse(value) as T;
}

/**
 * Runs `construct` under the engine and asserts it throws `message` with nothing registered: validation
 * must happen before the component (or any child) exists.
 */
export async function refusedBeforeRegistration(construct: () => unknown, message: RegExp): Promise<void> {
  let error: unknown;
  const result = await run(() => {
    try {
      construct();
    } catch (err) {
      error = err;
    }
  });
  if (!(error instanceof Error)) throw new Error(`expected an error matching ${message}, nothing was thrown`);
  if (!message.test(error.message))
    throw new Error(`expected an error matching ${message}, got: ${error.message}`);
  if (result.resources.length > 0) {
    throw new Error(`expected nothing registered, got ${result.resources.map((r) => r.type).join(", ")}`);
  }
}
