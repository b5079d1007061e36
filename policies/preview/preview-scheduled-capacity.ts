import { resourcePolicy } from "../support/policy-helpers";

/**
 * A preview may sleep and wake on a schedule (Application Auto Scaling scheduled actions set min = max = 0 to
 * sleep and 1 to wake) but never schedule itself above one task.
 */
export const previewScheduledCapacity = resourcePolicy({
  name: "preview-scheduled-capacity",
  description: "A preview's scheduled scaling actions set at most maxTasks tasks (0 to sleep, 1 to wake).",
  enforcementLevel: "mandatory",
  types: ["aws:appautoscaling/scheduledAction:ScheduledAction"],
  scope: "preview",
  defaults: { maxTasks: 1 },
  configSchema: {
    properties: {
      maxTasks: { type: "integer", default: 1, description: "Most tasks a preview may schedule" },
    },
  },
  check: (props, { maxTasks }, report) => {
    const action = (props.scalableTargetAction ?? {}) as { minCapacity?: unknown; maxCapacity?: unknown };
    // An absent bound leaves the target's own, which preview-autoscaling-max caps; a present one must be a
    // number within the limit (a string or garbage must not pass by failing a comparison).
    for (const bound of ["minCapacity", "maxCapacity"] as const) {
      const value = action[bound];
      if (value === undefined) continue;
      if (!(Number(value) >= 0 && Number(value) <= maxTasks)) {
        report(`preview scheduled action ${bound} ${String(value)} exceeds the preview limit of ${maxTasks}`);
      }
    }
  },
});
