/**
 * Concurrency groups as GitHub documents them
 * (https://docs.github.com/actions/using-jobs/using-concurrency):
 * - at most one run (or job) of a group is running, and by default at most one is pending;
 * - a newer pending one cancels the older pending one;
 * - `cancel-in-progress: true` also cancels the running one;
 * - `queue: max` (since 2026-05-07, only with `cancel-in-progress: false`) lets up to 100 wait, in order.
 * Beyond 100 the oldest waiting one is cancelled, as with the default (the docs do not say which goes).
 */
export interface ConcurrencySetting {
  group: string;
  cancelInProgress: boolean;
  queue: "single" | "max";
}

/** Something that holds or waits for a group: a run or a job. */
export interface Holder {
  /** For the record: `<workflow>#<run>` or `<workflow>#<run>/<job>`. */
  name: string;
  /** Called when GitHub would cancel it (while it waits or while it runs). */
  cancel(): void;
}

interface Waiter {
  holder: Holder;
  resolve(outcome: "acquired" | "cancelled"): void;
}

interface Group {
  running?: Holder;
  pending: Waiter[];
}

export const QUEUE_MAX = 100;

export interface ConcurrencyEvent {
  group: string;
  holder: string;
  event: "running" | "pending" | "cancelled-pending" | "cancelled-running" | "done";
}

export class ConcurrencyGroups {
  private readonly groups = new Map<string, Group>();
  /** Every transition, in order. */
  readonly events: ConcurrencyEvent[] = [];

  /** Resolves "acquired" once the holder runs, or "cancelled" if GitHub would cancel it while pending. */
  acquire(setting: ConcurrencySetting, holder: Holder): Promise<"acquired" | "cancelled"> {
    const group = this.group(setting.group);
    if (group.running === undefined) {
      group.running = holder;
      this.record(setting.group, holder, "running");
      return Promise.resolve("acquired");
    }
    const queued = setting.queue === "max" && !setting.cancelInProgress;
    const limit = queued ? QUEUE_MAX : 1;
    while (group.pending.length >= limit) {
      const dropped = group.pending.shift()!;
      this.record(setting.group, dropped.holder, "cancelled-pending");
      dropped.holder.cancel();
      dropped.resolve("cancelled");
    }
    if (setting.cancelInProgress) {
      this.record(setting.group, group.running, "cancelled-running");
      group.running.cancel();
    }
    this.record(setting.group, holder, "pending");
    return new Promise((resolve) => group.pending.push({ holder, resolve }));
  }

  /** The holder finished (or was cancelled and stopped): the next waiting one runs. */
  release(groupName: string, holder: Holder): void {
    const group = this.group(groupName);
    if (group.running !== holder) return;
    this.record(groupName, holder, "done");
    const next = group.pending.shift();
    group.running = next?.holder;
    if (next) {
      this.record(groupName, next.holder, "running");
      next.resolve("acquired");
    }
  }

  private group(name: string): Group {
    let group = this.groups.get(name);
    if (!group) {
      group = { pending: [] };
      this.groups.set(name, group);
    }
    return group;
  }

  private record(group: string, holder: Holder, event: ConcurrencyEvent["event"]): void {
    this.events.push({ group, holder: holder.name, event });
  }
}
