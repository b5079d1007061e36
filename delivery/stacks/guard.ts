// The stack guard: before a deploy, find what a killed job left behind (the stack's lock, pending operations)
// and either clear it, where that is provably safe, or fail with the exact commands that clear it.
//
// Pulumi facts this rests on:
// - Pulumi Cloud lets one update hold a stack at a time (a lease). A CLI killed mid-update leaves the update
//   "in progress" and the stack locked: the next update fails with "[409] Conflict: Another update is
//   currently in progress." until `pulumi cancel` ends it (https://www.pulumi.com/docs/support/troubleshooting/).
//   A DIY backend says "the stack is currently locked by 1 lock(s)" instead; the Automation API maps both texts
//   to its `ConcurrentUpdateError`. `pulumi stack ls --json` marks such a stack `updateInProgress: true`, and
//   `pulumi stack history --json` lists the running update first, with `result: "in-progress"` and its
//   `startTime` (the SDK's `UpdateResult`).
// - A killed update leaves the resources it was changing in the checkpoint's `deployment.pending_operations`
//   (`pulumi stack export`). Since 3.28 `pulumi up` only warns about them and keeps pending creates. `pulumi
//   refresh` reads the provider's state and clears pending updates and deletes; a pending create needs
//   `--clear-pending-creates` (the resource was never made) or `--import-pending-creates URN
//   --import-pending-creates ID` (it was; a string-array flag read in pairs, as the Java Automation API passes it)
//   (https://www.pulumi.com/docs/support/troubleshooting/common-issues/interrupted-updates/,
//   https://www.pulumi.com/docs/iac/cli/commands/pulumi_refresh/).
// - GitHub ends a job at its `timeout-minutes`: the runner interrupts the step, then kills its process tree
//   within seconds (https://docs.github.com/en/actions/managing-workflow-runs/canceling-a-workflow). So an
//   update that started longer ago than the timeout of every job that updates the stack has no live job.

/** The stack as the guard saw it. */
export interface StackObservation {
  /** Whether the backend has the stack at all (a first deploy creates it). */
  exists: boolean;
  /** The backend marks an update in progress, or a command failed with the lock text. */
  locked: boolean;
  /** The stack's latest update from its history, when the backend lists one. */
  latestUpdate?: { kind: string; result: string; startTime: Date };
  /** `deployment.pending_operations` of the exported checkpoint. */
  pendingOperations: PendingOperation[];
}

/** One entry of a checkpoint's `deployment.pending_operations`. */
export interface PendingOperation {
  /** `creating`, `updating`, `deleting`, `reading` or `importing`. */
  type: string;
  urn: string;
}

/** What the guard does about the lock. */
export type LockDecision =
  | { action: "none" }
  | { action: "cancel"; reason: string }
  | { action: "refuse"; reason: string };

/** A minute on top of the job timeout, for the clocks of GitHub and the Pulumi backend to disagree by. */
export const CLOCK_MARGIN_MINUTES = 1;

/** The command that ends a stale update and unlocks the stack. */
export function cancelCommand(stack: string): string {
  return `pulumi cancel --stack ${stack} --yes`;
}

/**
 * Decides about a locked stack. Cancel only when the update holding it started longer ago than the job
 * timeout (plus {@link CLOCK_MARGIN_MINUTES}): its job must be dead. A lock without a start time (no
 * in-progress update in the history, e.g. a DIY backend's lock file) is never cleared automatically.
 */
export function decideLock(
  stack: string,
  seen: StackObservation,
  now: Date,
  timeoutMinutes: number,
): LockDecision {
  if (!seen.locked) return { action: "none" };
  const update = seen.latestUpdate;
  if (update?.result !== "in-progress") {
    return {
      action: "refuse",
      reason: `${stack} is locked, and its history shows no update in progress to date it; if no job or person is updating it, clear it with: ${cancelCommand(stack)}`,
    };
  }
  const ageMinutes = (now.getTime() - update.startTime.getTime()) / 60000;
  const started = `${update.kind} started ${update.startTime.toISOString()} (${Math.floor(ageMinutes)} min ago)`;
  if (ageMinutes > timeoutMinutes + CLOCK_MARGIN_MINUTES) {
    return {
      action: "cancel",
      reason: `${stack} is locked by an ${started}, longer ago than the ${timeoutMinutes}-minute job timeout: the job that held it is dead`,
    };
  }
  return {
    action: "refuse",
    reason: `${stack} is locked by an ${started}, within the ${timeoutMinutes}-minute job timeout, so its job may still be running; if it is not, clear it with: ${cancelCommand(stack)}`,
  };
}

/** The lines that explain pending operations and the commands that clear them; empty when there are none. */
export function pendingOperationsReport(stack: string, pending: PendingOperation[]): string[] {
  if (pending.length === 0) return [];
  const creates = pending.filter((p) => p.type === "creating");
  const lines = [
    `${stack} has ${pending.length} pending operation(s) from an interrupted update: ${pending.map((p) => `${p.type} ${p.urn}`).join(", ")}`,
  ];
  if (creates.length === 0) {
    lines.push(`clear them by reading the provider's state: pulumi refresh --stack ${stack} --yes`);
    return lines;
  }
  lines.push(
    `check in the cloud whether each pending create was made; then, if none was: pulumi refresh --stack ${stack} --yes --clear-pending-creates`,
    `or, for those that were: pulumi refresh --stack ${stack} --yes --import-pending-creates <URN> --import-pending-creates <ID> (the flag twice per resource: URN, then its cloud ID)`,
  );
  return lines;
}
