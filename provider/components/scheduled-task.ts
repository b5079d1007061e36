import * as pulumi from "@pulumi/pulumi";
import { ScheduledTask as LibScheduledTask } from "../../lib/ecs/scheduled-task";
import {
  type ScheduledTaskArgs as LibScheduledTaskArgs,
  normalizeScheduledTaskArgs,
} from "../../lib/ecs/scheduled-task-args";
import { type FargateTaskSpec, toLibTaskArgs } from "./fargate-task-spec";

/** Arguments of the `pantstack:index:ScheduledTask` component. */
export interface ScheduledTaskArgs extends FargateTaskSpec {
  /**
   * When to run, as EventBridge Scheduler takes it: `cron(minutes hours day-of-month month day-of-week year)`
   * or `rate(<N> minute|minutes|hour|hours|day|days)`, e.g. `cron(0 3 * * ? *)`.
   */
  schedule: string;
  /**
   * The IANA time zone `cron` expressions are read in (daylight saving time included).
   * @default "UTC"
   */
  timeZone?: string;
  /**
   * Seconds a run may take (60 to 86400). With `command`, the container runs it under coreutils `timeout`;
   * without, the image's entry point is told the limit in `PANTSTACK_TIMEOUT_SECONDS` and must honour it.
   * @default 3600
   */
  timeoutSeconds?: number;
  /**
   * The job's full command (the image's entry point included, e.g. `["/bin/app", "nightly"]`), run under
   * `timeout`, which the image must have on its PATH.
   * @default - the image's entry point and command, not wrapped
   */
  command?: string[];
  /**
   * Run on schedule; `false` keeps the schedule but pauses it.
   * @default true
   */
  enabled?: boolean;
  /**
   * How often the scheduler retries a RunTask call that failed (throttling, no capacity); 0 to 185.
   * @default 3
   */
  retryAttempts?: number;
  /**
   * The schedule's name, unique in its schedule group.
   * @default - `pantstack-<stack>-<name>`
   */
  scheduleName?: string;
  /**
   * A schedule group of its own, named like the schedule (Scheduler's failure metrics are per group);
   * `false`: the account's `default` group.
   * @default true
   */
  ownScheduleGroup?: boolean;
  /**
   * Use this role for the schedule instead of creating one (for stacks that may not create IAM roles).
   * @default - a role that may run this task definition family in this cluster and pass this task's roles
   */
  schedulerRoleArn?: pulumi.Input<string>;
}

/**
 * A Pantstack job on Fargate: an EventBridge Scheduler schedule that runs the task with a least-privilege
 * role, its task definition, a security group with no ingress, a log group, execution and task roles. Wraps
 * the TypeScript `ScheduledTask` (its only child); its `transform` hatch is TypeScript-only.
 */
export class ScheduledTask extends pulumi.ComponentResource {
  /** The schedule's ARN. */
  declare readonly scheduleArn: pulumi.Output<string>;
  /** The schedule's name. */
  declare readonly scheduleName: pulumi.Output<string>;
  /** The task definition's ARN, with its revision. */
  declare readonly taskDefinitionArn: pulumi.Output<string>;
  /** The log group name. */
  declare readonly logGroupName: pulumi.Output<string>;
  /** The role the schedule runs the task with (the one created, or the one given). */
  declare readonly schedulerRoleArn: pulumi.Output<string>;
  /** The tasks' security group (no ingress rule). */
  declare readonly securityGroupId: pulumi.Output<string>;

  constructor(name: string, args: ScheduledTaskArgs, opts?: pulumi.ComponentResourceOptions) {
    const libArgs = toLibScheduledTaskArgs(name, args);
    super("pantstack:index:ScheduledTask", name, {}, opts);
    const job = new LibScheduledTask(name, libArgs, { parent: this });
    this.scheduleArn = job.scheduleArn;
    this.scheduleName = job.scheduleName;
    this.taskDefinitionArn = job.taskDefinitionArn;
    this.logGroupName = job.logGroupName;
    this.schedulerRoleArn = job.schedulerRoleArn;
    this.securityGroupId = job.securityGroupId;
    this.registerOutputs({
      scheduleArn: this.scheduleArn,
      scheduleName: this.scheduleName,
      taskDefinitionArn: this.taskDefinitionArn,
      logGroupName: this.logGroupName,
      schedulerRoleArn: this.schedulerRoleArn,
      securityGroupId: this.securityGroupId,
    });
  }
}

/** The TypeScript component's arguments for the facade's. */
export function toLibScheduledTaskArgs(name: string, args: ScheduledTaskArgs): LibScheduledTaskArgs {
  const libArgs: LibScheduledTaskArgs = toLibTaskArgs(`ScheduledTask(${name})`, args);
  // The TypeScript component's own checks, run here so that bad input registers nothing, not even the facade.
  normalizeScheduledTaskArgs(name, pulumi.getStack(), libArgs);
  return libArgs;
}
