import { ValidationError } from "../lib/errors";
import { parsePreviewStack, previewStackName } from "../lib/preview/naming";
import { githubProgram } from "./github/program";
import { previewProgram } from "./preview/program";
import { prodProgram } from "./prod/program";
import { sharedProgram } from "./shared/program";
import { testProgram } from "./test/program";

/** A stack program: creates the stack's resources and returns its outputs. */
export type StackProgram = () => object;

/**
 * The stacks this repository defines, in the order the plan shows them: each after the stacks it reads
 * (`github` reads the environments' URLs; its first `up` can come before them, see docs/bring-up.md).
 */
export const FIXED_STACKS = ["shared", "test", "prod", "github"] as const;

/** The preview the offline plan shows by default, as an example of every PR's stack. */
export const EXAMPLE_PREVIEW = previewStackName(1);

/** What `npm run plan` plans by default: every fixed stack and the example preview. */
export const PLANNED_STACKS: readonly string[] = [...FIXED_STACKS, EXAMPLE_PREVIEW];

/** Picks the program for a stack name. Unknown names fail with the list of what exists. */
export function programFor(stack: string): StackProgram {
  switch (stack) {
    case "shared":
      return sharedProgram;
    case "github":
      return githubProgram;
    case "test":
      return testProgram;
    case "prod":
      return prodProgram;
    default: {
      const pr = parsePreviewStack(stack);
      if (pr !== undefined) return previewProgram(pr);
      throw new ValidationError(
        "stack",
        stack,
        `expected one of ${FIXED_STACKS.join(", ")} or preview-pr-<N>`,
      );
    }
  }
}

/**
 * The stacks whose outputs a stack reads through `StackReference`, so the offline plan can plan them first.
 * (`pulumi up` needs them deployed first, in the same order.)
 */
export function dependenciesOf(stack: string): string[] {
  if (stack === "test" || stack === "prod") return ["shared"];
  if (stack === "github") return ["shared", "test", "prod"];
  if (parsePreviewStack(stack) !== undefined) return ["shared", "test"];
  return [];
}

/** True for the stacks that read the service catalog (`pantstack:servicesFile`, `pantstack:services`). */
export function readsCatalog(stack: string): boolean {
  return stack === "shared" || stack === "test" || stack === "prod" || parsePreviewStack(stack) !== undefined;
}
