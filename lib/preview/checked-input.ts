import * as pulumi from "@pulumi/pulumi";

/**
 * Runs `validate` on an input now when it is a plain value (so a bad argument fails before anything is
 * registered), or when it resolves when it is an Output or a promise (so a value read from another stack is
 * still checked, under the same key, before a resource uses it).
 */
export function checkedInput<T>(value: pulumi.Input<T>, validate: (value: T) => unknown): pulumi.Input<T> {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) {
    return pulumi.output(value).apply((resolved) => {
      validate(resolved as T);
      return resolved;
    }) as pulumi.Input<T>;
  }
  validate(value as T);
  return value;
}
