import { ConcurrentUpdateError, Stack, type Workspace } from "@pulumi/pulumi/automation";
import { PREVIEW_TTL_DAYS } from "../../lib/preview/naming";
import { expiryOf, isoSeconds, listStacks, type PreviewStack } from "./preview-stacks";
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
  /** `destroy`: idle or its PR is closed; `keep`: in use; `skip`: an update is running. */
  action: "destroy" | "keep" | "skip";
  reason: string;
  /** `planned` in a dry run. */
  result: "planned" | "destroyed" | "kept" | "skipped" | "failed";
  /** Why it failed. */
  error?: string;
}

/** The answer of `previews cleanup` (its `--json` shape). */
export interface CleanupReport {
  now: string;
  idleDays: number;
  dryRun: boolean;
  stacks: CleanupEntry[];
  /** How many stacks were left alone because they are not named `preview-pr-<N>`. */
  ignored: number;
  /** Whether any destroy or PR lookup failed (the command then exits 1). */
  failed: boolean;
}

/** Everything the sweep talks to, injected. */
export interface CleanupDeps {
  /** A Pulumi Automation API workspace in the project's root (`LocalWorkspace`). */
  workspace: Workspace;
  pullRequests: PullRequestsClient;
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
 * The sweep: destroys and removes every preview stack idle for more than `idleDays` (its last update is
 * older) and every preview whose pull request is closed or merged (an orphan of a failed close workflow).
 * Only stacks named exactly `preview-pr-<N>` are considered; a stack with an update running is skipped; a
 * failure is recorded and the sweep goes on with the next stack.
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
      ...decision,
    };
    if (entry.action === "destroy" && !options.dryRun) {
      log(`destroying ${preview.name}: ${entry.reason}`);
      Object.assign(entry, await destroy(deps.workspace, preview.name));
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
    failed: stacks.some((s) => s.result === "failed"),
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
    const days = Math.floor((now.getTime() - (preview.lastUpdate as Date).getTime()) / 86_400_000);
    return {
      action: "destroy",
      reason: `idle: last update ${isoSeconds(preview.lastUpdate)}, ${days} days ago (limit ${idleDays})`,
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
  return {
    action: "keep",
    reason: `pull request #${preview.pr} is open; idle limit reached ${isoSeconds(expiry)}`,
    result: "kept",
  };
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

/** The CLI's own words (the first line of its stderr) rather than the Automation API's wrapper text. */
function firstLine(err: unknown): string {
  const stderr = (err as { commandResult?: { stderr?: unknown } }).commandResult?.stderr;
  const text =
    typeof stderr === "string" && stderr.trim() ? stderr : err instanceof Error ? err.message : String(err);
  return (
    text
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l !== "") ?? text
  );
}

export { PREVIEW_TTL_DAYS as DEFAULT_IDLE_DAYS };
