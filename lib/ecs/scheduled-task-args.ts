import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { requireIntegerInRange, ValidationError } from "../errors";
import {
  type FargateTaskArgs,
  type NormalizedTaskArgs,
  normalizeTaskArgs,
  physicalName,
} from "./fargate-task-args";
import { isTimeZone, scheduleProblem } from "./schedule-expression";

/** Adjust a child's arguments before it is created. */
export interface ScheduledTaskTransforms {
  /** Adjusts the task definition's arguments. @default - none */
  taskDefinition?: (args: aws.ecs.TaskDefinitionArgs) => aws.ecs.TaskDefinitionArgs;
  /** Adjusts the schedule's arguments. @default - none */
  schedule?: (args: aws.scheduler.ScheduleArgs) => aws.scheduler.ScheduleArgs;
  /** Adjusts the schedule group's arguments (with `ownScheduleGroup`). @default - none */
  scheduleGroup?: (args: aws.scheduler.ScheduleGroupArgs) => aws.scheduler.ScheduleGroupArgs;
}

/** Arguments of `ScheduledTask`: a catalog entry of kind `job`, plus where it runs. */
export interface ScheduledTaskArgs extends FargateTaskArgs {
  /**
   * When to run, as EventBridge Scheduler takes it: `cron(minutes hours day-of-month month day-of-week year)`
   * or `rate(<N> minute|minutes|hour|hours|day|days)`.
   * @example "cron(0 3 * * ? *)"
   */
  schedule: string;
  /**
   * The IANA time zone `cron` expressions are read in (daylight saving time included).
   * @default "UTC"
   */
  timeZone?: string;
  /**
   * Seconds a run may take (60 to 86400). With `command`, the container runs it under coreutils `timeout`,
   * which sends SIGTERM at the limit and SIGKILL 30 s later, so the task stops with exit code 124 (or 137).
   * Without `command`, the image's own entry point runs and is told the limit in `PANTSTACK_TIMEOUT_SECONDS`;
   * ECS has no run-time limit of its own, so then the job itself must honour it.
   * @default 3600
   */
  timeoutSeconds?: number;
  /**
   * The job's full command (the image's entry point included, e.g. `["/bin/app", "nightly"]`), run under
   * `timeout`. The image must have `timeout` on its PATH (Debian, Ubuntu and Alpine bases do).
   * @default - the image's entry point and command, not wrapped
   */
  command?: string[];
  /**
   * Run on schedule; `false` keeps the schedule but pauses it.
   * @default true
   */
  enabled?: boolean;
  /**
   * How often the scheduler retries a RunTask call that failed (throttling, no capacity); 0 to 185. A task
   * that started and then failed is not retried.
   * @default 3
   */
  retryAttempts?: number;
  /**
   * The schedule's name, unique in its schedule group.
   * @default - `pantstack-<stack>-<name>`
   */
  scheduleName?: string;
  /**
   * Put the schedule in a schedule group of its own, named like the schedule. EventBridge Scheduler reports
   * its failure metrics (`TargetErrorCount`, `InvocationDroppedCount`) per schedule group, not per schedule:
   * in a shared group, one job's failed start would fire every job's alarm. `false`: the account's
   * `default` group (for a role that may not create groups).
   * @default true
   */
  ownScheduleGroup?: boolean;
  /**
   * Use this role for the schedule instead of creating one (for stacks that may not create IAM roles). It
   * must allow what `schedulerRolePolicy` grants.
   * @default - a role that may run this task definition family in this cluster and pass this task's roles
   */
  schedulerRoleArn?: pulumi.Input<string>;
  /**
   * Adjust a child's arguments before it is created.
   * @default - none
   */
  transform?: ScheduledTaskTransforms;
}

/** The job's arguments with defaults applied, all checked. */
export interface NormalizedScheduledTaskArgs extends NormalizedTaskArgs {
  schedule: string;
  timeZone: string;
  timeoutSeconds: number;
  retryAttempts: number;
  scheduleName: string;
  entryPoint?: string[];
  command?: string[];
}

/** The variable that tells the job its time limit. */
export const TIMEOUT_VARIABLE = "PANTSTACK_TIMEOUT_SECONDS";

/** Seconds between SIGTERM and SIGKILL when a run exceeds its limit. */
export const KILL_AFTER_SECONDS = 30;

const CLUSTER_ARN = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9_-]{1,255}$/;

/** The coreutils `timeout` wrapper of a command. */
export function timeoutEntryPoint(timeoutSeconds: number): string[] {
  return ["timeout", "--signal=TERM", `--kill-after=${KILL_AFTER_SECONDS}`, String(timeoutSeconds)];
}

/** Applies defaults and checks every argument that is known before deployment. */
export function normalizeScheduledTaskArgs(
  name: string,
  stack: string,
  args: ScheduledTaskArgs,
): NormalizedScheduledTaskArgs {
  const key = `ScheduledTask(${name})`;
  const task = normalizeTaskArgs(key, name, stack, args);
  if (typeof args.cluster === "string" && !CLUSTER_ARN.test(args.cluster)) {
    throw new ValidationError(
      `${key}.cluster`,
      args.cluster,
      "expected the cluster's ARN (the schedule's target and its role's condition name it)",
    );
  }
  const problem = scheduleProblem(args.schedule);
  if (problem) throw new ValidationError(`${key}.schedule`, args.schedule, problem);
  const timeZone = args.timeZone ?? "UTC";
  if (!isTimeZone(timeZone)) {
    throw new ValidationError(
      `${key}.timeZone`,
      timeZone,
      "expected an IANA time zone such as Europe/Berlin",
    );
  }
  if (args.environment && TIMEOUT_VARIABLE in args.environment) {
    throw new ValidationError(
      `${key}.environment`,
      TIMEOUT_VARIABLE,
      "the component sets it to timeoutSeconds",
    );
  }
  const timeoutSeconds = requireIntegerInRange(
    `${key}.timeoutSeconds`,
    args.timeoutSeconds ?? 3600,
    60,
    86400,
  );
  if (args.command !== undefined && (args.command.length === 0 || args.command.some((a) => a === ""))) {
    throw new ValidationError(
      `${key}.command`,
      args.command,
      "expected the program and its arguments, none empty",
    );
  }
  const scheduleName = args.scheduleName ?? physicalName(key, stack, name, "", 64);
  if (!/^[0-9a-zA-Z._-]{1,64}$/.test(scheduleName)) {
    throw new ValidationError(`${key}.scheduleName`, scheduleName, "expected 1 to 64 of [0-9a-zA-Z._-]");
  }
  return {
    ...task,
    schedule: args.schedule,
    timeZone,
    timeoutSeconds,
    retryAttempts: requireIntegerInRange(`${key}.retryAttempts`, args.retryAttempts ?? 3, 0, 185),
    scheduleName,
    ...(args.command ? { entryPoint: timeoutEntryPoint(timeoutSeconds), command: args.command } : {}),
  };
}
