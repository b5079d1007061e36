import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
  DEPLOYMENT_STRATEGIES,
  type DeploymentStrategyArgs,
  type DeploymentStrategyType,
} from "../../lib/ecs/deployment-strategy";
import type { EcsApiServiceArgs } from "../../lib/ecs/ecs-api-service-args";
import { ValidationError } from "../../lib/errors";
import { AlarmSet } from "../../lib/monitoring/alarm-set";
import {
  DEFAULT_WEB_THRESHOLDS,
  type JobAlarmThresholds,
  jobAlarmSpecs,
  normalizeJobThresholds,
  normalizeWorkerThresholds,
  type WebAlarmThresholds,
  type WorkerAlarmThresholds,
  workerAlarmSpecs,
} from "../../lib/monitoring/alarm-specs";
import { AlarmTopic, type SlackChannel } from "../../lib/monitoring/alarm-topic";
import { TaskFailureRule } from "../../lib/monitoring/task-failure-rule";
import { fullKey, INTEGER } from "../config";
import { ROLE_PATHS } from "../shared/scope";

/** The environments that deploy services with alarms (previews stay rolling, without alarms). */
export type RolloutEnvironment = "test" | "prod";

/** Each environment's strategy unless `pantstack:deploymentStrategy` says otherwise. */
export const DEFAULT_STRATEGY: Record<RolloutEnvironment, DeploymentStrategyType> = {
  // Test deploys on every push to dev: fast beats gradual there. Prod rolls out by canary.
  test: "rolling",
  prod: "canary",
};

// A sign is read, so that a negative value is told the range it is outside rather than "not a number".
const DECIMAL = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, "expected a number such as 10 or 2.5")
  .transform(Number);
const range = (min: number, max: number, what = "an integer") =>
  INTEGER.pipe(
    z
      .number()
      .min(min, `expected ${what} from ${min} to ${max}`)
      .max(max, `expected ${what} from ${min} to ${max}`),
  );
const percent = (min: number) =>
  DECIMAL.pipe(
    z
      .number()
      .min(min, `expected a percent from ${min} to 100`)
      .max(100, `expected a percent from ${min} to 100`),
  );
const MINUTES = range(0, 1440);

/**
 * The rollout and alarm keys of `test` and `prod` (`pantstack:<key>`), for the environment's one
 * `readConfig`. All optional: the defaults are in {@link readRollouts} and docs/rollouts.md.
 */
export const ROLLOUT_CONFIG = {
  deploymentStrategy: z
    .enum(DEPLOYMENT_STRATEGIES, `expected one of ${DEPLOYMENT_STRATEGIES.join(", ")}`)
    .optional(),
  canaryPercent: percent(0.1).optional(),
  canaryBakeMinutes: MINUTES.optional(),
  linearStepPercent: percent(3).optional(),
  linearStepMinutes: MINUTES.optional(),
  deploymentBakeMinutes: MINUTES.optional(),
  alarmServerErrorPercent: percent(0.1).optional(),
  alarmUnhealthyHosts: range(1, 1000).optional(),
  alarmP99ResponseMs: range(1, 120_000).optional(),
  alarmEvaluationMinutes: range(1, 10).optional(),
  alarmDeadLetterMessages: range(1, 1_000_000).optional(),
  alarmOldestMessageSeconds: range(60, 1_209_600).optional(),
  alarmJobFailedRuns: range(1, 1000).optional(),
  slackWorkspaceId: z
    .string()
    .regex(/^[A-Z0-9]{1,255}$/, "expected a Slack workspace ID such as T07EA123LEP")
    .optional(),
  slackChannelId: z
    .string()
    .regex(/^[A-Za-z0-9]{1,255}$/, "expected a Slack channel ID such as C07EZ1ABC23")
    .optional(),
};

/** The rollout keys as read. */
export type RolloutConfig = z.infer<z.ZodObject<typeof ROLLOUT_CONFIG>>;

/** An environment's rollout settings, checked. */
export interface Rollouts {
  strategy: DeploymentStrategyArgs;
  thresholds: WebAlarmThresholds;
  workerThresholds: WorkerAlarmThresholds;
  jobThresholds: JobAlarmThresholds;
  slack?: SlackChannel;
}

/** Keys that belong to one strategy only: setting them for another would be silently ignored, so it is refused. */
const STRATEGY_KEYS: Record<string, DeploymentStrategyType> = {
  canaryPercent: "canary",
  canaryBakeMinutes: "canary",
  linearStepPercent: "linear",
  linearStepMinutes: "linear",
};

/** Applies the environment's defaults to the rollout keys and checks the keys that go together. */
export function readRollouts(config: RolloutConfig, environment: RolloutEnvironment): Rollouts {
  const type = config.deploymentStrategy ?? DEFAULT_STRATEGY[environment];
  for (const [key, owner] of Object.entries(STRATEGY_KEYS)) {
    const value = config[key as keyof RolloutConfig];
    if (value !== undefined && owner !== type) {
      throw new ValidationError(
        fullKey(key),
        String(value),
        `applies only when pantstack:deploymentStrategy is ${owner} (it is ${type})`,
      );
    }
  }
  if (type === "rolling" && config.deploymentBakeMinutes !== undefined) {
    throw new ValidationError(
      fullKey("deploymentBakeMinutes"),
      String(config.deploymentBakeMinutes),
      "applies only when pantstack:deploymentStrategy is canary or linear (it is rolling)",
    );
  }
  if ((config.slackWorkspaceId === undefined) !== (config.slackChannelId === undefined)) {
    throw new ValidationError(
      fullKey(config.slackWorkspaceId === undefined ? "slackWorkspaceId" : "slackChannelId"),
      undefined,
      "set pantstack:slackWorkspaceId and pantstack:slackChannelId together",
    );
  }
  const strategy: DeploymentStrategyArgs =
    type === "canary"
      ? {
          type,
          canaryPercent: config.canaryPercent,
          canaryBakeMinutes: config.canaryBakeMinutes,
          bakeMinutes: config.deploymentBakeMinutes,
        }
      : type === "linear"
        ? {
            type,
            stepPercent: config.linearStepPercent,
            stepBakeMinutes: config.linearStepMinutes,
            bakeMinutes: config.deploymentBakeMinutes,
          }
        : { type };
  return {
    strategy,
    thresholds: {
      ...DEFAULT_WEB_THRESHOLDS,
      ...defined({
        serverErrorPercent: config.alarmServerErrorPercent,
        unhealthyHosts: config.alarmUnhealthyHosts,
        p99ResponseMs: config.alarmP99ResponseMs,
        evaluationMinutes: config.alarmEvaluationMinutes,
      }),
    },
    workerThresholds: defined({
      deadLetterMessages: config.alarmDeadLetterMessages,
      oldestMessageAgeSeconds: config.alarmOldestMessageSeconds,
    }),
    jobThresholds: defined({ failedRuns: config.alarmJobFailedRuns }),
    slack:
      config.slackWorkspaceId && config.slackChannelId
        ? { workspaceId: config.slackWorkspaceId, channelId: config.slackChannelId }
        : undefined,
  };
}

function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The environment's alarm topic (and Slack channel), its Chatbot role under the environment's path and
 * boundary, its key managed by the environment's deploy role.
 */
export function createAlarmTopic(
  environment: RolloutEnvironment,
  rollouts: Rollouts,
  shared: { boundaryArn: pulumi.Input<string>; deployRoleArn: pulumi.Input<string> },
): AlarmTopic {
  const boundaryArn = shared.boundaryArn;
  return new AlarmTopic("alarms", {
    namePrefix: alarmPrefix(environment),
    keyAdministratorArns: [shared.deployRoleArn],
    slack: rollouts.slack,
    rolePath: ROLE_PATHS[environment],
    permissionsBoundaryArn: boundaryArn,
  });
}

/** `pantstack-<environment>`: deploy roles may change only alarms, topics and channels named under it. */
export const alarmPrefix = (environment: RolloutEnvironment) => `pantstack-${environment}`;

/**
 * A web service's strategy and alarms, to spread into its `EcsApiService` arguments:
 * `new EcsApiService(name, { ...args, ...webServiceRollout(rollouts, topic) })`.
 */
export function webServiceRollout(
  rollouts: Rollouts,
  topic: AlarmTopic,
): Pick<EcsApiServiceArgs, "deploymentStrategy" | "alarms"> {
  return {
    deploymentStrategy: rollouts.strategy,
    alarms: { topicArn: topic.topicArn, namePrefix: topic.namePrefix, thresholds: rollouts.thresholds },
  };
}

/** A worker's alarms (DLQ messages, age of the oldest message), for the worker factory. */
export function workerAlarms(
  name: string,
  queues: { queueName: pulumi.Input<string>; deadLetterQueueName: pulumi.Input<string> },
  rollouts: Rollouts,
  topic: AlarmTopic,
  opts?: pulumi.ComponentResourceOptions,
): AlarmSet {
  const thresholds = normalizeWorkerThresholds("pantstack:alarm", rollouts.workerThresholds);
  const alarms = workerAlarmSpecs(queues, thresholds);
  return new AlarmSet(name, { alarms, topicArn: topic.topicArn, namePrefix: topic.namePrefix }, opts);
}

/** What a job's alarm watches: its schedule group, and its task definition in the environment's cluster. */
export interface JobRuns {
  scheduleGroup: pulumi.Input<string>;
  clusterArn: pulumi.Input<string>;
  taskDefinitionArn: pulumi.Input<string>;
}

/**
 * A scheduled job's alarm, for the job factory: its failed runs (not started, dropped, exited non-zero or
 * failed to start), the last two through a `TaskFailureRule` that also posts each failed run to the topic.
 */
export function jobAlarms(
  name: string,
  job: JobRuns,
  environment: string,
  rollouts: Rollouts,
  topic: AlarmTopic,
  opts?: pulumi.ComponentResourceOptions,
): AlarmSet {
  const thresholds = normalizeJobThresholds("pantstack:alarm", rollouts.jobThresholds);
  const rule = new TaskFailureRule(
    name,
    {
      clusterArn: job.clusterArn,
      taskDefinitionArn: job.taskDefinitionArn,
      topicArn: topic.topicArn,
      namePrefix: topic.namePrefix,
      environment,
    },
    opts,
  );
  const alarms = jobAlarmSpecs(job.scheduleGroup, thresholds, rule.ruleName);
  return new AlarmSet(name, { alarms, topicArn: topic.topicArn, namePrefix: topic.namePrefix }, opts);
}
