import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type AwakeHours, type AwakeState, awakeState, sleepSchedule } from "./awake-hours";

/**
 * Minutes between the deploy and its one-off wake. The `at(...)` time must still be in the future when
 * Pulumi writes the action: a deploy outside awake hours finds the service at zero tasks, so its rollout
 * settles in seconds and the action is written well within this margin.
 */
export const WAKE_AFTER_DEPLOY_LEAD_MINUTES = 5;

/** What {@link createPreviewSleep} scales and when. */
export interface PreviewSleepArgs {
  /** The ECS cluster (ARN or name) of the service. */
  cluster: pulumi.Input<string>;
  /** The ECS service's name. */
  serviceName: pulumi.Input<string>;
  /** Tasks while awake (min = max = this). */
  awakeCapacity: number;
  /** When the preview runs. */
  hours: AwakeHours;
  /** When this deploy happens. */
  deployedAt: Date;
  /** Tags of the scalable target (scheduled actions take none). */
  tags: Record<string, string>;
  /** The component the resources belong to. */
  parent: pulumi.Resource;
}

/** The resources of a sleeping preview, and where the schedule stands at the deploy. */
export interface PreviewSleep {
  /** The scalable target of the preview's service. */
  target: aws.appautoscaling.Target;
  /** Scales to 0 at the end of awake hours. */
  sleep: aws.appautoscaling.ScheduledAction;
  /** Scales back up at the start of awake hours. */
  wake: aws.appautoscaling.ScheduledAction;
  /** Present when the deploy falls outside awake hours. */
  wakeAfterDeploy?: aws.appautoscaling.ScheduledAction;
  /** At the deploy: awake or not, and the next sleep and wake. */
  stateAtDeploy: AwakeState;
}

/**
 * Scales a preview's service to zero outside its awake hours with Application Auto Scaling scheduled actions
 * (no Lambda, no cron job of ours): a scalable target (min = max = the awake capacity) and two recurring
 * actions, `wake` (min = max = capacity) and `sleep` (min = max = 0), in the preview's time zone.
 *
 * A deploy outside awake hours must leave the preview running (the smoke test and the reviewer look at it).
 * Pulumi does not see that the sleep action set the target to 0: the target's inputs and state still say 1,
 * so a redeploy sends nothing to it, and the ECS service, updated with the new task definition, stays at 0.
 * No input of the target can carry the deploy to AWS either: its tags go through TagResource, never
 * RegisterScalableTarget, and replacing the target would deregister it, which deletes its scheduled actions
 * behind Pulumi's back. So such a deploy adds a one-off action, `at(<deploy + 5 min>)` in UTC, that sets
 * min = max = capacity; the recurring `sleep` action then puts the preview to sleep at its next firing.
 * Inside awake hours the action is left out (the preview is running, and a slow rollout could pass its time),
 * and the next deploy removes a stale one.
 */
export function createPreviewSleep(name: string, args: PreviewSleepArgs): PreviewSleep {
  const { parent, awakeCapacity: capacity } = args;
  const clusterName = pulumi.output(args.cluster).apply((c) => c.split("/").pop() ?? c);
  const target = new aws.appautoscaling.Target(
    `${name}-scaling`,
    {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: pulumi.interpolate`service/${clusterName}/${args.serviceName}`,
      minCapacity: capacity,
      maxCapacity: capacity,
      tags: args.tags,
    },
    { parent },
  );
  const action = (suffix: string, schedule: string, timezone: string, tasks: number) =>
    new aws.appautoscaling.ScheduledAction(
      `${name}-${suffix}`,
      {
        name: `${name}-${suffix}`,
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        schedule,
        timezone,
        scalableTargetAction: { minCapacity: tasks, maxCapacity: tasks },
      },
      { parent },
    );
  const schedule = sleepSchedule(args.hours);
  const sleep = action("sleep", schedule.sleep, schedule.timeZone, 0);
  const wake = action("wake", schedule.wake, schedule.timeZone, capacity);
  const stateAtDeploy = awakeState(args.hours, args.deployedAt);
  const wakeAfterDeploy = stateAtDeploy.awake
    ? undefined
    : action("wake-after-deploy", wakeAfterDeployExpression(args.deployedAt), "UTC", capacity);
  return { target, sleep, wake, wakeAfterDeploy, stateAtDeploy };
}

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC: the deploy's minute, rounded up, plus the lead. */
export function wakeAfterDeployExpression(deployedAt: Date): string {
  const minute = 60_000;
  const at = Math.ceil(deployedAt.getTime() / minute) * minute + WAKE_AFTER_DEPLOY_LEAD_MINUTES * minute;
  return `at(${new Date(at).toISOString().slice(0, 19)})`;
}
