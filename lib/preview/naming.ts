import { requireIntegerInRange, ValidationError } from "../errors";

/** Every preview's listener rule priority is this plus its PR number. */
export const PREVIEW_PRIORITY_BASE = 1000;
/** The highest PR number a preview supports: its priority must stay within ALB's 50000. */
export const MAX_PREVIEW_PR = 50000 - PREVIEW_PRIORITY_BASE;
/** The DNS label prefix of previews: `preview-pr-<N>.<domain>`. */
export const PREVIEW_HOST_PREFIX = "preview-pr-";
/** Log groups of previews live under this prefix (the preview role may manage only these). */
export const PREVIEW_LOG_GROUP_PREFIX = "/pantstack/preview/";
/** How long a preview lives after its last deploy before the sweep may destroy it. */
export const PREVIEW_TTL_DAYS = 7;

/** Checks a PR number: a positive integer up to {@link MAX_PREVIEW_PR}. */
export function checkPrNumber(key: string, pr: number): number {
  return requireIntegerInRange(key, pr, 1, MAX_PREVIEW_PR);
}

/**
 * The listener rule priority of PR `pr`: `1000 + pr`. Distinct PRs get distinct priorities, all within
 * 1001 to 50000, above the environment's own services (which use priorities below 1000).
 */
export function previewPriority(pr: number): number {
  return PREVIEW_PRIORITY_BASE + checkPrNumber("prNumber", pr);
}

/** `preview-pr-<N>.<domain>`. */
export function previewHostname(pr: number, domain: string): string {
  return `${PREVIEW_HOST_PREFIX}${pr}.${domain}`;
}

/** The Pulumi stack of PR `pr`. */
export function previewStackName(pr: number): string {
  return `preview-pr-${pr}`;
}

/** The PR number in a preview stack name, or undefined when the name is not a preview's at all. */
export function parsePreviewStack(stack: string): number | undefined {
  if (!stack.startsWith("preview-pr-")) return undefined;
  const match = /^preview-pr-([1-9]\d*)$/.exec(stack);
  if (!match) {
    throw new ValidationError(
      "stack",
      stack,
      "a preview stack is named preview-pr-<N>, N a positive integer without leading zeros",
    );
  }
  const pr = Number(match[1]);
  if (pr > MAX_PREVIEW_PR) {
    throw new ValidationError(
      "stack",
      stack,
      `its PR number ${match[1]} is out of range; previews take PR numbers 1 to ${MAX_PREVIEW_PR}`,
    );
  }
  return pr;
}

/** When a preview deployed at `deployedAt` may be destroyed. */
export function previewExpiry(deployedAt: Date, ttlDays = PREVIEW_TTL_DAYS): Date {
  return new Date(deployedAt.getTime() + ttlDays * 24 * 60 * 60 * 1000);
}
