import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createFargateTask, taskSecurityGroups } from "./fargate-task";
import { normalizeScheduledTaskArgs, type ScheduledTaskArgs, TIMEOUT_VARIABLE } from "./scheduled-task-args";
import { schedulerRolePolicy, schedulerTrustPolicy } from "./scheduler-permissions";

export type { ScheduledTaskArgs } from "./scheduled-task-args";

const identity = <T>(args: T) => args;

/**
 * A Pantstack job: an EventBridge Scheduler schedule (cron or rate, in an IANA time zone, no flexible
 * window) that runs one Fargate task in private subnets with no public IP, through a role that may only
 * run this task definition family in this cluster and pass this task's two roles to ECS; the task
 * definition, a security group with no ingress, a log group, execution and task roles.
 *
 * ECS has no time limit for a task; the component enforces `timeoutSeconds` with `timeout` around
 * `command` (see `ScheduledTaskArgs.timeoutSeconds`). A standalone task cannot be a Service Connect client.
 * Source: https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-templated.html
 */
export class ScheduledTask extends pulumi.ComponentResource {
  /** The EventBridge Scheduler schedule that starts the task. */
  declare readonly schedule: aws.scheduler.Schedule;
  /** The task definition each run starts. */
  declare readonly taskDefinition: aws.ecs.TaskDefinition;
  /** The log group of the runs' output. */
  declare readonly logGroup: aws.cloudwatch.LogGroup;
  /** The schedule's ARN. */
  declare readonly scheduleArn: pulumi.Output<string>;
  /** The schedule's name. */
  declare readonly scheduleName: pulumi.Output<string>;
  /** The task definition's ARN, with its revision. */
  declare readonly taskDefinitionArn: pulumi.Output<string>;
  /** The log group's name, e.g. for `aws logs tail`. */
  declare readonly logGroupName: pulumi.Output<string>;
  /** The role the schedule runs the task with (the one created, or the one given). */
  declare readonly schedulerRoleArn: pulumi.Output<string>;
  /** The tasks' security group (no ingress rule). */
  declare readonly securityGroupId: pulumi.Output<string>;

  constructor(name: string, args: ScheduledTaskArgs, opts?: pulumi.ComponentResourceOptions) {
    const settings = normalizeScheduledTaskArgs(name, pulumi.getStack(), args);
    super("pantstack:ecs:ScheduledTask", name, {}, opts);
    const transform = {
      taskDefinition: identity,
      schedule: identity,
      scheduleGroup: identity,
      ...args.transform,
    };
    const parent = { parent: this };

    const task = createFargateTask(
      "ScheduledTask",
      name,
      args,
      settings,
      {
        entryPoint: settings.entryPoint,
        command: settings.command,
        environment: { [TIMEOUT_VARIABLE]: String(settings.timeoutSeconds) },
      },
      transform.taskDefinition,
      this,
    );
    const securityGroup = taskSecurityGroups(
      name,
      args.network,
      `Tasks of ${name}: no ingress`,
      args.tags,
      this,
    );

    let schedulerRoleArn = args.schedulerRoleArn ? pulumi.output(args.schedulerRoleArn) : undefined;
    if (!schedulerRoleArn) {
      const account = aws.getCallerIdentityOutput({}, parent).accountId;
      const role = new aws.iam.Role(
        `${name}-scheduler`,
        {
          path: args.rolePath ?? "/pantstack/",
          assumeRolePolicy: account.apply((id) => JSON.stringify(schedulerTrustPolicy(id))),
          description: `EventBridge Scheduler for ${name}: runs its task only`,
          permissionsBoundary: args.permissionsBoundaryArn,
          tags: args.tags,
        },
        parent,
      );
      new aws.iam.RolePolicy(
        `${name}-scheduler`,
        {
          role: role.name,
          policy: pulumi
            .all([
              task.taskDefinition.arn,
              pulumi.output(args.cluster),
              task.executionRoleArn,
              task.taskRoleArn,
            ])
            .apply(([taskDefinitionArn, clusterArn, executionRoleArn, taskRoleArn]) =>
              JSON.stringify(
                schedulerRolePolicy({
                  taskDefinitionArn,
                  clusterArn,
                  taskRoleArns: [executionRoleArn, taskRoleArn],
                }),
              ),
            ),
        },
        parent,
      );
      schedulerRoleArn = role.arn;
    }

    // Scheduler's failure metrics are per group: a group per job keeps its alarm its own.
    const group =
      args.ownScheduleGroup === false
        ? undefined
        : new aws.scheduler.ScheduleGroup(
            `${name}-schedule-group`,
            transform.scheduleGroup({ name: settings.scheduleName, tags: args.tags }),
            parent,
          );
    const schedule = new aws.scheduler.Schedule(
      `${name}-schedule`,
      transform.schedule({
        name: settings.scheduleName,
        groupName: group ? group.name : "default",
        description: `Runs ${name} (${settings.schedule}, ${settings.timeZone})`,
        scheduleExpression: settings.schedule,
        scheduleExpressionTimezone: settings.timeZone,
        flexibleTimeWindow: { mode: "OFF" },
        state: args.enabled === false ? "DISABLED" : "ENABLED",
        target: {
          arn: args.cluster,
          roleArn: schedulerRoleArn,
          // Retries only when RunTask itself failed; a run older than the limit is dropped, not started late.
          retryPolicy: {
            maximumRetryAttempts: settings.retryAttempts,
            maximumEventAgeInSeconds: Math.min(settings.timeoutSeconds, 86400),
          },
          ecsParameters: {
            taskDefinitionArn: task.taskDefinition.arn,
            launchType: "FARGATE",
            platformVersion: "LATEST",
            taskCount: 1,
            networkConfiguration: {
              subnets: args.network.subnetIds,
              securityGroups: securityGroup.ids,
              assignPublicIp: false,
            },
            propagateTags: "TASK_DEFINITION",
            enableEcsManagedTags: true,
          },
        },
      }),
      parent,
    );

    this.schedule = schedule;
    this.taskDefinition = task.taskDefinition;
    this.logGroup = task.logGroup;
    this.scheduleArn = schedule.arn;
    this.scheduleName = schedule.name;
    this.taskDefinitionArn = task.taskDefinition.arn;
    this.logGroupName = task.logGroup.name;
    this.schedulerRoleArn = schedulerRoleArn;
    this.securityGroupId = securityGroup.id;
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
