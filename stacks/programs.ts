import { ValidationError } from "../lib/errors";
import { sharedProgram } from "./shared/program";

/** A stack program: creates the stack's resources and returns its outputs. */
export type StackProgram = () => object;

/** The stacks this repository defines, in the order they must be deployed. */
export const FIXED_STACKS = ["shared"] as const;

/** What `npm run plan` plans by default: every fixed stack. */
export const PLANNED_STACKS: readonly string[] = [...FIXED_STACKS];

/** Picks the program for a stack name. Unknown names fail with the list of what exists. */
export function programFor(stack: string): StackProgram {
  switch (stack) {
    case "shared":
      return sharedProgram;
    default:
      throw new ValidationError("stack", stack, `expected one of ${FIXED_STACKS.join(", ")}`);
  }
}
