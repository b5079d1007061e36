import * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "../lib/errors";

/** A stack's outputs as read through a `StackReference`: same keys, each an Output of the plain value. */
export type StackOutputs<T> = { readonly [K in keyof T]: pulumi.Output<pulumi.Unwrap<T[K]>> };

/**
 * Reads another stack of this project. The outputs are typed by the producing program's own outputs
 * interface, so a renamed output breaks the build, not a deployment. A missing output fails the update
 * (`requireOutput`).
 */
export function readStack<T>(logicalName: string, stackName: string): StackOutputs<T> {
  const reference = new pulumi.StackReference(logicalName, { name: stackName });
  return new Proxy({} as StackOutputs<T>, {
    // "then" must stay undefined, or awaiting the object would treat it as a promise.
    get: (_, key) => (typeof key === "string" && key !== "then" ? reference.requireOutput(key) : undefined),
  });
}

/**
 * The fully qualified name of a stack: `org/project/stack`. A bare stack name is qualified with the current
 * organization and project; `key` names the config key in errors.
 */
export function qualifiedStackName(key: string, name: string): string {
  if (/^[\w.-]+$/.test(name)) return `${pulumi.getOrganization()}/${pulumi.getProject()}/${name}`;
  if (/^[\w.-]+\/[\w.-]+\/[\w.-]+$/.test(name)) return name;
  throw new ValidationError(key, name, "expected a stack name or org/project/stack");
}
