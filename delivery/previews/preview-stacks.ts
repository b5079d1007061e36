import type { Workspace } from "@pulumi/pulumi/automation";
import { MAX_PREVIEW_PR, PREVIEW_TTL_DAYS, previewExpiry } from "../../lib/preview/naming";

/** A stack the preview tools may act on: named exactly `preview-pr-<N>`. */
export interface PreviewStack {
  name: string;
  pr: number;
  /** The end of the last update; undefined while the first one runs. */
  lastUpdate: Date | undefined;
  /** An update (deploy or destroy) is running: leave the stack alone. */
  inProgress: boolean;
}

/** What `pulumi stack ls --json` says about the project's stacks. */
export interface StackListing {
  previews: PreviewStack[];
  /** Stacks that are not previews (`shared`, `test`, `prod`, lookalikes such as `preview-pr-7-old`). */
  others: string[];
}

/**
 * The PR number of a preview stack name, or undefined for any other name. Only the exact form counts
 * (`preview-pr-<N>`, N from 1 to the largest PR a preview supports, no leading zero, no suffix, no
 * organization prefix): a tool that destroys stacks must never act on a name that merely looks similar.
 */
export function previewNumber(name: string): number | undefined {
  const match = /^preview-pr-([1-9]\d{0,5})$/.exec(name);
  if (!match) return undefined;
  const pr = Number(match[1]);
  return pr <= MAX_PREVIEW_PR ? pr : undefined;
}

/** Lists the project's stacks (the workspace's `stack ls`) and keeps the previews apart from the rest. */
export async function listStacks(workspace: Pick<Workspace, "listStacks">): Promise<StackListing> {
  const previews: PreviewStack[] = [];
  const others: string[] = [];
  for (const summary of await workspace.listStacks()) {
    const pr = previewNumber(summary.name);
    if (pr === undefined) {
      others.push(summary.name);
      continue;
    }
    const lastUpdate = summary.lastUpdate ? new Date(summary.lastUpdate) : undefined;
    previews.push({
      name: summary.name,
      pr,
      lastUpdate: lastUpdate && !Number.isNaN(lastUpdate.getTime()) ? lastUpdate : undefined,
      // The CLI leaves lastUpdate out while an update runs; updateInProgress says so where the backend tells.
      inProgress: summary.updateInProgress === true || !summary.lastUpdate,
    });
  }
  previews.sort((a, b) => a.pr - b.pr);
  return { previews, others };
}

/** When the sweep may destroy a preview: its last update plus the idle limit. */
export function expiryOf(preview: PreviewStack, idleDays = PREVIEW_TTL_DAYS): Date | undefined {
  return preview.lastUpdate && previewExpiry(preview.lastUpdate, idleDays);
}

/** `2026-11-27T20:00:00Z`. */
export function isoSeconds(date: Date | undefined): string | null {
  return date ? `${date.toISOString().slice(0, 19)}Z` : null;
}
