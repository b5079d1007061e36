// The order in which preview stacks hold slots: pure functions, no Pulumi.
import { expiryOf, hasDeployed, isoSeconds, type PreviewStack } from "./preview-stacks";

/** The default number of previews that may exist at once (the pipeline's promise). */
export const DEFAULT_SLOT_LIMIT = 3;

/**
 * Where a preview stands in the claim order:
 * 0. it has deployed or is deploying: it holds its slot until destroyed;
 * 1. it is claimed but not dated yet (another run is between creating the stack and tagging it): it counts
 *    as ahead of every dated claim, so nobody takes a slot it might be owed;
 * 2. a dated claim that never deployed.
 */
export function claimRank(preview: PreviewStack): 0 | 1 | 2 {
  if (hasDeployed(preview)) return 0;
  return preview.claimedAt === undefined ? 1 : 2;
}

/**
 * The previews in claim order: by {@link claimRank}, then by claim time, then by stack name (two claims
 * with the same millisecond). Every run that lists the same stacks computes the same order.
 */
export function claimOrder(previews: readonly PreviewStack[]): PreviewStack[] {
  const time = (p: PreviewStack) => p.claimedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  return [...previews].sort(
    (a, b) =>
      claimRank(a) - claimRank(b) || time(a) - time(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

/**
 * The claim time of a new claim: now, or just after the latest claim already dated if that is later. A
 * claim dated before one it could see would sort ahead of a run that may already have taken the last slot
 * (runners' clocks differ by a little); after this rule, a claim made after another run listed the stacks
 * always sorts behind that run's.
 */
export function claimTime(now: Date, previews: readonly PreviewStack[]): Date {
  const latest = Math.max(
    Number.NEGATIVE_INFINITY,
    ...previews.flatMap((p) => (p.claimedAt ? [p.claimedAt.getTime()] : [])),
  );
  return new Date(Math.max(now.getTime(), latest + 1));
}

/** One preview in the claim order. */
export interface SlotHolder {
  /** 1 for the first in the claim order. */
  position: number;
  pr: number;
  stack: string;
  claimedAt: string | null;
  lastUpdate: string | null;
  /** Deployed or deploying (it holds its slot until destroyed). */
  deployed: boolean;
  /** When the sweep may destroy it (null while an update runs on a stack never dated). */
  expiresAt: string | null;
}

/** The previews as the claim order lists them. */
export function holders(previews: readonly PreviewStack[], idleDays?: number): SlotHolder[] {
  return claimOrder(previews).map((p, i) => ({
    position: i + 1,
    pr: p.pr,
    stack: p.name,
    claimedAt: isoSeconds(p.claimedAt),
    lastUpdate: isoSeconds(p.lastUpdate),
    deployed: hasDeployed(p),
    expiresAt: isoSeconds(expiryOf(p, idleDays)),
  }));
}

/** `#4 (expires …)`, `#6 (claimed …, not deployed yet)`: how the no-slot message names a holder. */
export function holderText(h: SlotHolder): string {
  if (h.deployed) return `#${h.pr} (${h.expiresAt ? `expires ${h.expiresAt}` : "deploying"})`;
  return `#${h.pr} (${h.claimedAt ? `claimed ${h.claimedAt}` : "claiming"}, not deployed yet)`;
}
