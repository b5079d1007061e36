import { expiryOf, isoSeconds, type PreviewStack } from "./preview-stacks";

/** The default number of previews that may exist at once (the pipeline's promise). */
export const DEFAULT_SLOT_LIMIT = 3;

/** One preview holding a slot. */
export interface SlotHolder {
  pr: number;
  stack: string;
  lastUpdate: string | null;
  /** When the sweep may destroy it (null while its first update runs). */
  expiresAt: string | null;
}

/** The answer of `previews slots` (its `--json` shape). */
export interface SlotDecision {
  pr: number;
  limit: number;
  /** Whether PR `pr` may deploy its preview. */
  allowed: boolean;
  /** The PR's own preview exists already (a redeploy never needs a new slot). */
  ownStack: boolean;
  /** Preview stacks that exist now. */
  used: number;
  /** The previews holding slots, by PR number. */
  holders: SlotHolder[];
  /** One sentence for the log and the PR comment. */
  message: string;
}

/** May PR `pr` deploy? Yes if its stack exists, or if fewer than `limit` previews exist. */
export function decideSlot(
  pr: number,
  limit: number,
  previews: PreviewStack[],
  idleDays?: number,
): SlotDecision {
  const holders = previews.map((p) => ({
    pr: p.pr,
    stack: p.name,
    lastUpdate: isoSeconds(p.lastUpdate),
    expiresAt: isoSeconds(expiryOf(p, idleDays)),
  }));
  const ownStack = previews.some((p) => p.pr === pr);
  const used = previews.length;
  const allowed = ownStack || used < limit;
  const held = holders
    .map((h) => `#${h.pr} (${h.expiresAt ? `expires ${h.expiresAt}` : "first deploy running"})`)
    .join(", ");
  const message = ownStack
    ? `PR #${pr} may deploy: its preview exists already (${used} of ${limit} slots in use).`
    : allowed
      ? `PR #${pr} may deploy: ${used} of ${limit} preview slots in use.`
      : `No free preview slot for PR #${pr}: all ${limit} are held by ${held}. ` +
        "A slot frees when one of those PRs closes or its preview expires.";
  return { pr, limit, allowed, ownStack, used, holders, message };
}
