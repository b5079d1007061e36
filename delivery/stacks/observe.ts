// Reads what the guard decides on through the Automation API, and runs the one fix it may run (`pulumi cancel`).
import type { Deployment, StackSummary, UpdateSummary } from "@pulumi/pulumi/automation";
import {
  decideLock,
  type LockDecision,
  type PendingOperation,
  pendingOperationsReport,
  type StackObservation,
} from "./guard";

/** The part of an Automation API `LocalWorkspace` the guard uses. */
export interface GuardWorkspace {
  listStacks(): Promise<StackSummary[]>;
}

/** The part of an Automation API `Stack` the guard uses (`Stack.select(...)` satisfies it). */
export interface GuardStack {
  history(pageSize?: number, page?: number, showSecrets?: boolean): Promise<UpdateSummary[]>;
  exportStack(): Promise<Deployment>;
  cancel(): Promise<void>;
}

/** What the guard found and did. */
export interface GuardOutcome {
  /** 0: the stack may be deployed (nothing left behind, or cleared); 1: a finding, with the commands. */
  code: 0 | 1;
  /** What it found and what it did, for stderr, one finding or action per line. */
  lines: string[];
  /** Whether it ran `pulumi cancel`. */
  cancelled: boolean;
}

/** How the guard runs. */
export interface GuardOptions {
  stack: string;
  /** The largest `timeout-minutes` of the jobs that update the stack. */
  timeoutMinutes: number;
  /** Report what it would clear, and clear nothing. */
  dryRun: boolean;
  now: Date;
}

/**
 * Guards one stack: finds it in `pulumi stack ls`, reads the update holding its lock from its history, clears a
 * provably stale lock with `pulumi cancel`, then fails on pending operations in its exported checkpoint.
 */
export async function guardStack(
  workspace: GuardWorkspace,
  select: () => Promise<GuardStack>,
  options: GuardOptions,
): Promise<GuardOutcome> {
  const { stack: name } = options;
  const row = (await workspace.listStacks()).find((s) => s.name === name || s.name.endsWith(`/${name}`));
  if (!row) return { code: 0, lines: [`${name} does not exist yet: nothing left behind`], cancelled: false };
  const stack = await select();
  const seen: StackObservation = {
    exists: true,
    locked: row.updateInProgress === true,
    pendingOperations: [],
  };
  if (seen.locked) {
    const [latest] = await stack.history(1, 1, false);
    if (latest) seen.latestUpdate = { kind: latest.kind, result: latest.result, startTime: latest.startTime };
  }
  const lock: LockDecision = decideLock(name, seen, options.now, options.timeoutMinutes);
  const lines: string[] = [];
  let cancelled = false;
  if (lock.action === "refuse") return { code: 1, lines: [lock.reason], cancelled };
  if (lock.action === "cancel") {
    if (options.dryRun) {
      return {
        code: 1,
        lines: [`${lock.reason}; --dry-run: would run pulumi cancel --stack ${name} --yes`],
        cancelled,
      };
    }
    lines.push(`${lock.reason}; running: pulumi cancel --stack ${name} --yes`);
    await stack.cancel();
    cancelled = true;
  }
  let exported: Deployment;
  try {
    exported = await stack.exportStack();
  } catch (err) {
    if ((err as Error).name !== "ConcurrentUpdateError") throw err;
    return { code: 1, lines: [...lines, lockedText(name, err)], cancelled };
  }
  seen.pendingOperations = pendingOperationsOf(exported);
  const pending = pendingOperationsReport(name, seen.pendingOperations);
  if (pending.length > 0) return { code: 1, lines: [...lines, ...pending], cancelled };
  lines.push(`${name}: no lock and no pending operations`);
  return { code: 0, lines, cancelled };
}

/** A command that failed on the lock (the Automation API's ConcurrentUpdateError), as one finding. */
export function lockedText(stack: string, err: unknown): string {
  const stderr = String((err as { commandResult?: { stderr?: string } }).commandResult?.stderr ?? "");
  const said =
    /\[409\] Conflict: Another update is currently in progress\.|the stack is currently locked by[^\n]*/.exec(
      stderr,
    );
  return `${stack} is locked (${said?.[0] ?? "the backend reports a concurrent update"}); if no job or person is updating it, clear it with: pulumi cancel --stack ${stack} --yes`;
}

/** `deployment.pending_operations` of an exported checkpoint (`{version, deployment}`), each as type and URN. */
export function pendingOperationsOf(exported: Deployment): PendingOperation[] {
  const deployment = (exported as { deployment?: { pending_operations?: unknown } }).deployment;
  const pending = Array.isArray(deployment?.pending_operations) ? deployment.pending_operations : [];
  return pending.map((op: { type?: unknown; resource?: { urn?: unknown } }) => ({
    type: String(op.type ?? "unknown"),
    urn: String(op.resource?.urn ?? "(no URN)"),
  }));
}
