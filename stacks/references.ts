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
  const outputs = new Proxy({} as StackOutputs<T>, {
    // "then" must stay undefined, or awaiting the object would treat it as a promise.
    get: (_, key) => (typeof key === "string" && key !== "then" ? reference.requireOutput(key) : undefined),
  });
  REFERENCES.set(outputs, reference);
  return outputs;
}

const REFERENCES = new WeakMap<object, pulumi.StackReference>();

/**
 * The plain value of one output of a stack read with {@link readStack}, for a check that must pass before
 * any resource is created (an Output's value only reaches the resources that use it). `undefined` when the
 * stack has no such output.
 */
export async function readOutputNow<T>(outputs: StackOutputs<T>, key: keyof T & string): Promise<unknown> {
  const reference = REFERENCES.get(outputs);
  if (!reference) throw new Error("readOutputNow: not the outputs of readStack");
  const details = await reference.getOutputDetails(key);
  return details.value ?? details.secretValue;
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
