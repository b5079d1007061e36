import { ConcurrentUpdateError, Stack, type Workspace } from "@pulumi/pulumi/automation";
import { PREVIEW_TTL_DAYS } from "../../lib/preview/naming";
import { firstLine } from "./claim";
import { removedCommentText } from "./format";
import type { PreviewComments } from "./preview-comment";
import {
  CLAIMED_AT_TAG,
  changed,
  expiryOf,
  idleSince,
  isoSeconds,
  listStacks,
  type PreviewStack,
  readPreview,
} from "./preview-stacks";
import {
  type PullRequestState,
  type PullRequestsClient,
  pullRequestState,
  type Repository,
} from "./pull-requests";

/** What the sweep decided for one preview, and (unless a dry run) what came of it. */
export interface CleanupEntry {
  stack: string;
  pr: number;
  lastUpdate: string | null;
  /** The claim time (`pantstack:claimed-at`), null when the stack carries none. */
  claimedAt: string | null;
  /** `destroy`: idle or its PR is closed; `keep`: in use; `skip`: an update is running. */
  action: "destroy" | "keep" | "skip";
  reason: string;
  /** `planned` in a dry run; `skipped` also when the stack changed between the listing and its destroy. */
  result: "planned" | "destroyed" | "kept" | "skipped" | "failed";
  /** Why it failed or was skipped at the last moment. */
  error?: string;
  /** After a destroy: what became of the PR's preview comment (`failed: <why>` when it could not be written). */
  comment?: string;
}

/** The answer of `previews cleanup` (its `--json` shape). */
export interface CleanupReport {
  now: string;
  idleDays: number;
  dryRun: boolean;
  stacks: CleanupEntry[];
  /** How many stacks were left alone because they are not named `preview-pr-<N>`. */
  ignored: number;
  /** Whether any destroy, PR lookup or comment failed (the command then exits 1). */
  failed: boolean;
}

/** Everything the sweep talks to, injected. */
export interface CleanupDeps {
  /** A Pulumi Automation API workspace in the project's root (`LocalWorkspace`). */
  workspace: Workspace;
  pullRequests: PullRequestsClient;
  /** The PR's preview comment, rewritten after a destroy. */
  comments: PreviewComments;
  repository: Repository;
  now: () => Date;
  /** Progress for the log (stderr). */
  log?: (line: string) => void;
}

export interface CleanupOptions {
  idleDays: number;
  dryRun: boolean;
}

/**
 * The sweep: destroys and removes every preview stack idle for more than `idleDays` (counted from its last
 * update, or from its claim when it never completed one) and every preview whose pull request is closed or
 * merged (an orphan of a failed close workflow). Only stacks named exactly `preview-pr-<N>` are considered;
 * a stack with an update running is skipped; each stack is read again right before its destroy and skipped
 * if it changed since the listing (a redeploy while the sweep ran); after a destroy the PR's preview
 * comment says so. A failure is recorded and the sweep goes on with the next stack.
 */
export async function cleanup(deps: CleanupDeps, options: CleanupOptions): Promise<CleanupReport> {
  const log = deps.log ?? (() => undefined);
  const now = deps.now();
  const { previews, others } = await listStacks(deps.workspace);
  const stacks: CleanupEntry[] = [];
  for (const preview of previews) {
    const decision = await decide(deps, preview, now, options.idleDays);
    const entry: CleanupEntry = {
      stack: preview.name,
      pr: preview.pr,
      lastUpdate: isoSeconds(preview.lastUpdate),
      claimedAt: isoSeconds(preview.claimedAt),
      ...decision,
    };
    if (entry.action === "destroy" && !options.dryRun) {
      const change = changed(preview, await readPreview(deps.workspace, preview.name));
      if (change) {
        Object.assign(entry, { result: "skipped", error: `${change}; the next sweep will look again` });
      } else {
        log(`destroying ${preview.name}: ${entry.reason}`);
        Object.assign(entry, await destroy(deps.workspace, preview.name));
      }
      if (entry.result === "destroyed") {
        entry.comment = await comment(deps, preview.pr, removedCommentText(entry, isoSeconds(now) ?? ""));
      }
    }
    if (entry.action === "keep" && entry.result === "kept" && !preview.claimedAt && !preview.lastUpdate) {
      // Never updated and never dated (made outside `previews claim`): date it now, so it expires in time.
      if (!options.dryRun) await deps.workspace.setTag(preview.name, CLAIMED_AT_TAG, now.toISOString());
    }
    log(`${preview.name}: ${entry.result} (${entry.reason}${entry.error ? `; ${entry.error}` : ""})`);
    stacks.push(entry);
  }
  return {
    now: isoSeconds(now) ?? "",
    idleDays: options.idleDays,
    dryRun: options.dryRun,
    stacks,
    ignored: others.length,
    failed: stacks.some((s) => s.result === "failed" || s.comment?.startsWith("failed")),
  };
}

type Decision = Pick<CleanupEntry, "action" | "reason" | "result" | "error">;

async function decide(
  deps: CleanupDeps,
  preview: PreviewStack,
  now: Date,
  idleDays: number,
): Promise<Decision> {
  if (preview.inProgress) return { action: "skip", reason: "an update is in progress", result: "skipped" };
  const expiry = expiryOf(preview, idleDays);
  if (expiry && expiry.getTime() <= now.getTime()) {
    const from = idleSince(preview) as Date;
    const days = Math.floor((now.getTime() - from.getTime()) / 86_400_000);
    const since =
      preview.reclaimedAt && from === preview.reclaimedAt
        ? `slot taken again ${isoSeconds(preview.reclaimedAt)}, not deployed since`
        : preview.lastUpdate
          ? `last update ${isoSeconds(preview.lastUpdate)}`
          : `claimed ${isoSeconds(preview.claimedAt)}, never deployed`;
    return {
      action: "destroy",
      reason: `idle: ${since}, ${days} days ago (limit ${idleDays})`,
      result: "planned",
    };
  }
  let state: PullRequestState;
  try {
    state = await pullRequestState(deps.pullRequests, deps.repository, preview.pr);
  } catch (err) {
    return {
      action: "keep",
      reason: `the state of pull request #${preview.pr} is unknown`,
      result: "failed",
      error: (err as Error).message,
    };
  }
  if (state !== "open") {
    return { action: "destroy", reason: `pull request #${preview.pr} is ${state}`, result: "planned" };
  }
  if (!expiry) {
    return {
      action: "keep",
      reason: `pull request #${preview.pr} is open; never updated and not dated: dated now, idle limit reached ${isoSeconds(new Date(now.getTime() + idleDays * 86_400_000))}`,
      result: "kept",
    };
  }
  return {
    action: "keep",
    reason: `pull request #${preview.pr} is open; idle limit reached ${isoSeconds(expiry)}`,
    result: "kept",
  };
}

/** Rewrites the PR's preview comment; a failure is reported, not thrown (the stack is gone either way). */
async function comment(deps: CleanupDeps, pr: number, text: string): Promise<string> {
  try {
    return await deps.comments.upsert(pr, text);
  } catch (err) {
    return `failed: ${firstLine(err)}`;
  }
}

/** `pulumi destroy` then `pulumi stack rm`, through the workspace; a running update makes it a skip. */
async function destroy(workspace: Workspace, name: string): Promise<Pick<CleanupEntry, "result" | "error">> {
  try {
    const stack = await Stack.select(name, workspace);
    await stack.destroy({ remove: true });
    return { result: "destroyed" };
  } catch (err) {
    if (err instanceof ConcurrentUpdateError) {
      return { result: "skipped", error: "an update started meanwhile; the next sweep will look again" };
    }
    return { result: "failed", error: firstLine(err) };
  }
}

export { PREVIEW_TTL_DAYS as DEFAULT_IDLE_DAYS };
