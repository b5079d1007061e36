import { StackNotFoundError, type StackSummary, type Workspace } from "@pulumi/pulumi/automation";
import { MAX_PREVIEW_PR, PREVIEW_TTL_DAYS, previewExpiry } from "../../lib/preview/naming";

/** The stack tag that dates a preview's claim (ISO 8601 with milliseconds, UTC), set by `previews claim`. */
export const CLAIMED_AT_TAG = "pantstack:claimed-at";

/**
 * The stack tag a claim sets when it gives an existing preview its slot again (a push to its pull request):
 * the deploy that follows comes only after the build, minutes later, and a tag is the claim's one mark the
 * sweep can see meanwhile (setting a tag starts no update, so the last update stays as it was).
 */
export const RECLAIMED_AT_TAG = "pantstack:reclaimed-at";

/** A stack the preview tools may act on: named exactly `preview-pr-<N>`. */
export interface PreviewStack {
  name: string;
  pr: number;
  /** The end of the last update; undefined while one runs, and for a stack that never had one. */
  lastUpdate: Date | undefined;
  /** An update (deploy or destroy) is running: leave the stack alone. */
  inProgress: boolean;
  /** When the stack was claimed (its `pantstack:claimed-at` tag); undefined when it carries none. */
  claimedAt: Date | undefined;
  /** When a claim last gave it its slot again (its `pantstack:reclaimed-at` tag); undefined when never. */
  reclaimedAt?: Date;
}

/** What the backend says about the project's stacks. */
export interface StackListing {
  previews: PreviewStack[];
  /** Stacks that are not previews (`shared`, `test`, `prod`, lookalikes such as `preview-pr-7-old`). */
  others: string[];
}

/** The workspace calls the preview tools make (a `LocalWorkspace` satisfies it). */
export type PreviewWorkspace = Pick<
  Workspace,
  "listStacks" | "listTags" | "setTag" | "createStack" | "removeStack"
>;

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

/**
 * Lists the project's stacks (`pulumi stack ls --json`), keeps the previews apart from the rest, and reads
 * each preview's claim tag (`pulumi stack tag ls --json`). A preview removed between the two calls is left
 * out: it is gone.
 *
 * What `stack ls --json` reports, per the CLI's source (pkg/cmd/pulumi/stack/stack_ls.go): on Pulumi Cloud,
 * `updateInProgress: true` and no `lastUpdate` while an update runs, `updateInProgress: false` and
 * `lastUpdate` otherwise; a stack that never had an update has neither field.
 */
export async function listStacks(
  workspace: Pick<Workspace, "listStacks" | "listTags">,
): Promise<StackListing> {
  const previews: PreviewStack[] = [];
  const others: string[] = [];
  for (const summary of await workspace.listStacks()) {
    const pr = previewNumber(summary.name);
    if (pr === undefined) {
      others.push(summary.name);
      continue;
    }
    const preview = await withTags(workspace, summary, pr);
    if (preview) previews.push(preview);
  }
  previews.sort((a, b) => a.pr - b.pr);
  return { previews, others };
}

/** One preview read afresh (`stack ls`, then its tags); undefined when it no longer exists. */
export async function readPreview(
  workspace: Pick<Workspace, "listStacks" | "listTags">,
  name: string,
): Promise<PreviewStack | undefined> {
  const pr = previewNumber(name);
  const summary = (await workspace.listStacks()).find((s) => s.name === name);
  return pr === undefined || !summary ? undefined : withTags(workspace, summary, pr);
}

/** Whether two readings of a preview differ in what the sweep decides on. */
export function changed(before: PreviewStack, after: PreviewStack | undefined): string | undefined {
  if (!after) return "it was removed meanwhile";
  if (after.inProgress) return "an update started meanwhile";
  if (after.lastUpdate?.getTime() !== before.lastUpdate?.getTime()) {
    return `it was updated meanwhile (last update ${isoSeconds(after.lastUpdate)})`;
  }
  if (after.claimedAt?.getTime() !== before.claimedAt?.getTime()) {
    return `it was claimed again meanwhile (${isoSeconds(after.claimedAt)})`;
  }
  if (after.reclaimedAt?.getTime() !== before.reclaimedAt?.getTime()) {
    return `its pull request took its slot again meanwhile (${isoSeconds(after.reclaimedAt)})`;
  }
  return undefined;
}

async function withTags(
  workspace: Pick<Workspace, "listTags">,
  summary: StackSummary,
  pr: number,
): Promise<PreviewStack | undefined> {
  let tags: Record<string, string>;
  try {
    tags = await workspace.listTags(summary.name);
  } catch (err) {
    if (err instanceof StackNotFoundError) return undefined;
    throw err;
  }
  return {
    name: summary.name,
    pr,
    lastUpdate: date(summary.lastUpdate),
    inProgress: summary.updateInProgress === true,
    claimedAt: date(tags[CLAIMED_AT_TAG]),
    reclaimedAt: date(tags[RECLAIMED_AT_TAG]),
  };
}

function date(text: string | undefined): Date | undefined {
  const value = text ? new Date(text) : undefined;
  return value && !Number.isNaN(value.getTime()) ? value : undefined;
}

/** A preview that has deployed, or is deploying: it holds its slot until it is destroyed. */
export function hasDeployed(preview: PreviewStack): boolean {
  return preview.lastUpdate !== undefined || preview.inProgress;
}

/**
 * The time the idle window counts from: the last update, or the claim for a stack that never completed an
 * update (a first `up` that failed before it changed anything leaves no last update behind), or the claim
 * that last took its slot again ({@link RECLAIMED_AT_TAG}) when that is later.
 */
export function idleSince(preview: PreviewStack): Date | undefined {
  const since = preview.lastUpdate ?? preview.claimedAt;
  const again = preview.reclaimedAt;
  if (!since || !again) return since ?? again;
  return again.getTime() > since.getTime() ? again : since;
}

/** When the sweep may destroy a preview: {@link idleSince} plus the idle limit. */
export function expiryOf(preview: PreviewStack, idleDays = PREVIEW_TTL_DAYS): Date | undefined {
  const since = idleSince(preview);
  return since && previewExpiry(since, idleDays);
}

/** `2026-11-27T20:00:00Z`. */
export function isoSeconds(date: Date | undefined): string | null {
  return date ? `${date.toISOString().slice(0, 19)}Z` : null;
}
