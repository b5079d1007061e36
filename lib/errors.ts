// The SDK's errors module alone, not the package index: the delivery tools import this file, and the index
// loads the whole runtime (with TypeScript, for closure serialization), about half a second per tool start.
import { RunError } from "@pulumi/pulumi/errors";

/**
 * An input that cannot be deployed: a component argument or a stack config value.
 *
 * Thrown before any resource is registered. The message always names the key, the value that was
 * given and what would have been allowed, so a user can fix it without reading the source.
 *
 * It is a `pulumi.RunError`, the SDK's type for user errors: the nodejs language host prints its message
 * alone, where any other error gets its stack trace and fields printed with `util.inspect`.
 */
export class ValidationError extends RunError {
  /** The argument path or config key, e.g. `EcsApiService(api).cpu` or `pantstack:cpu`. */
  readonly key: string;
  /** The offending value as given. */
  readonly value: unknown;
  /** A human sentence describing what is allowed. */
  readonly allowed: string;

  constructor(key: string, value: unknown, allowed: string) {
    super(`${key}: ${describeValue(value)} is not allowed; ${allowed}`);
    this.name = "ValidationError";
    this.key = key;
    this.value = value;
    this.allowed = allowed;
  }
}

/** True for a {@link ValidationError}, also across module copies (instanceof fails there). */
export function isValidationError(err: unknown): err is ValidationError {
  return err instanceof Error && err.name === "ValidationError" && "key" in err && "allowed" in err;
}

/** Renders a value for an error message: strings quoted, missing values spelled out. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "(missing)";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Throws a {@link ValidationError} unless `value` is an integer within `[min, max]`. */
export function requireIntegerInRange(key: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(key, value, `expected an integer from ${min} to ${max}`);
  }
  return value;
}

/** Throws a {@link ValidationError} unless `value` is one of `allowed`. */
export function requireOneOf<T>(key: string, value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value)) {
    throw new ValidationError(key, value, `expected one of ${allowed.join(", ")}`);
  }
  return value;
}

/**
 * Runs `check` and re-reports its {@link ValidationError} under the caller's argument names: a component
 * that validates a child's arguments on its user's behalf must name what the user gave
 * (`PreviewEnvironment(pr).cpu`), not the child's argument (`EcsApiService(pr-5).cpu`).
 *
 * @param childKey the child's key prefix, e.g. `EcsApiService(pr-5)`
 * @param parentKey the caller's key prefix, e.g. `PreviewEnvironment(preview-pr-5)`
 * @param renames child argument paths whose user-facing name differs, e.g. `{ name: "prNumber" }`
 */
export function asArgumentsOf<T>(
  childKey: string,
  parentKey: string,
  check: () => T,
  renames: Readonly<Record<string, string>> = {},
): T {
  try {
    return check();
  } catch (err) {
    if (!isValidationError(err) || !err.key.startsWith(`${childKey}.`)) throw err;
    const path = err.key.slice(childKey.length + 1);
    throw new ValidationError(`${parentKey}.${renames[path] ?? path}`, err.value, err.allowed);
  }
}
