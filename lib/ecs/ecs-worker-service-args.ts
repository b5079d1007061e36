import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { requireIntegerInRange, ValidationError } from "../errors";
import {
  type FargateTaskArgs,
  type NormalizedTaskArgs,
  normalizeTaskArgs,
  physicalName,
} from "./fargate-task-args";

/** The worker's queue and its dead-letter queue. */
export interface WorkerQueueArgs {
  /**
   * Seconds a received message stays hidden from other receivers (SQS allows 0 to 43200). Set it above the
   * longest time a message takes to process, or messages are processed twice.
   * @default 30
   */
  visibilityTimeoutSeconds?: number;
  /**
   * Receives before a message moves to the dead-letter queue (SQS allows 1 to 1000).
   * @default 5
   */
  maxReceiveCount?: number;
  /**
   * Seconds the queue keeps a message (SQS allows 60 to 1209600).
   * @default 345600 (4 days, SQS's default)
   */
  messageRetentionSeconds?: number;
  /**
   * Seconds the dead-letter queue keeps a message; longer than the queue, so a failed message outlives it.
   * @default 1209600 (14 days, SQS's maximum)
   */
  deadLetterRetentionSeconds?: number;
  /**
   * Long polling: seconds a receive waits for a message (0 to 20). Long polls cost fewer requests.
   * @default 20
   */
  receiveWaitTimeSeconds?: number;
  /**
   * Encrypt with this customer-managed KMS key instead of SQS-managed keys (SSE-SQS); the task role may then
   * decrypt with it.
   * @default - SSE-SQS
   */
  kmsKeyArn?: pulumi.Input<string>;
  /**
   * The queue's name; the dead-letter queue adds `-dlq`.
   * @default - `pantstack-<stack>-<name>`
   */
  queueName?: string;
}

/** Target tracking on visible messages per running task. */
export interface WorkerScalingArgs {
  /** Fewest tasks (0 or more: with 0, a backlog starts the first task). */
  minCount: number;
  /** Most tasks (at least `minCount`, at most 1000). */
  maxCount: number;
  /**
   * Visible messages per task to hold: more tasks when the backlog per task is above it, fewer below.
   * @default 10
   */
  backlogPerTask?: number;
  /**
   * Seconds to wait after scaling in before scaling in again.
   * @default 300
   */
  scaleInCooldownSeconds?: number;
  /**
   * Seconds to wait after scaling out before scaling out again.
   * @default 60
   */
  scaleOutCooldownSeconds?: number;
}

/** Adjust a child's arguments before it is created. */
export interface EcsWorkerServiceTransforms {
  /** Adjusts the task definition's arguments. @default - none */
  taskDefinition?: (args: aws.ecs.TaskDefinitionArgs) => aws.ecs.TaskDefinitionArgs;
  /** Adjusts the ECS service's arguments. @default - none */
  service?: (args: aws.ecs.ServiceArgs) => aws.ecs.ServiceArgs;
  /** Adjusts the queue's arguments. @default - none */
  queue?: (args: aws.sqs.QueueArgs) => aws.sqs.QueueArgs;
}

/** Arguments of `EcsWorkerService`: a catalog entry of kind `worker`, plus where it runs. */
export interface EcsWorkerServiceArgs extends FargateTaskArgs {
  /** The queue and its dead-letter queue. @default - see `WorkerQueueArgs` */
  queue?: WorkerQueueArgs;
  /**
   * Tasks to run. With `scaling`, the starting count (and later deploys leave the scaled count alone).
   * @default 1
   */
  desiredCount?: number;
  /**
   * Scale on visible messages per task. Needs Container Insights on the cluster (the running-task count
   * comes from it).
   * @default - a fixed `desiredCount`
   */
  scaling?: WorkerScalingArgs;
  /**
   * Call backends as a Service Connect client of this namespace (ARN).
   * @default - no Service Connect
   */
  serviceConnectNamespaceArn?: pulumi.Input<string>;
  /**
   * Run on Fargate Spot (about 70% cheaper; tasks can be reclaimed with two minutes' notice, and the message
   * becomes visible again after its visibility timeout).
   * @default false
   */
  spot?: boolean;
  /**
   * Adjust a child's arguments before it is created.
   * @default - none
   */
  transform?: EcsWorkerServiceTransforms;
}

/** The worker's arguments with defaults applied, all checked. */
export interface NormalizedWorkerArgs extends NormalizedTaskArgs {
  queueName: string;
  deadLetterQueueName: string;
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
  messageRetentionSeconds: number;
  deadLetterRetentionSeconds: number;
  receiveWaitTimeSeconds: number;
  desiredCount: number;
  scaling?: Required<WorkerScalingArgs>;
}

/** The variable that gives the worker its queue's URL. */
export const QUEUE_URL_VARIABLE = "PANTSTACK_QUEUE_URL";

/** Applies defaults and checks every argument that is known before deployment. */
export function normalizeWorkerArgs(
  name: string,
  stack: string,
  args: EcsWorkerServiceArgs,
): NormalizedWorkerArgs {
  const key = `EcsWorkerService(${name})`;
  const task = normalizeTaskArgs(key, name, stack, args);
  if (args.environment && QUEUE_URL_VARIABLE in args.environment) {
    throw new ValidationError(
      `${key}.environment`,
      QUEUE_URL_VARIABLE,
      "the component sets it to the queue's URL",
    );
  }
  const q = args.queue ?? {};
  const queueName = q.queueName ?? physicalName(key, stack, name, "", 76);
  // SQS: up to 80 of [A-Za-z0-9_-]; the DLQ adds four.
  if (!/^[A-Za-z0-9_-]{1,76}$/.test(queueName)) {
    throw new ValidationError(
      `${key}.queue.queueName`,
      queueName,
      "expected 1 to 76 of [A-Za-z0-9_-] (the DLQ adds -dlq)",
    );
  }
  const messageRetentionSeconds = requireIntegerInRange(
    `${key}.queue.messageRetentionSeconds`,
    q.messageRetentionSeconds ?? 345600,
    60,
    1209600,
  );
  const deadLetterRetentionSeconds = requireIntegerInRange(
    `${key}.queue.deadLetterRetentionSeconds`,
    q.deadLetterRetentionSeconds ?? 1209600,
    60,
    1209600,
  );
  // SQS keeps a message's original enqueue time when it moves to a standard DLQ: a shorter DLQ retention
  // would delete it on arrival. Source: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
  if (deadLetterRetentionSeconds < messageRetentionSeconds) {
    throw new ValidationError(
      `${key}.queue.deadLetterRetentionSeconds`,
      deadLetterRetentionSeconds,
      `must be at least messageRetentionSeconds (${messageRetentionSeconds})`,
    );
  }
  let scaling: Required<WorkerScalingArgs> | undefined;
  if (args.scaling) {
    const s = args.scaling;
    const minCount = requireIntegerInRange(`${key}.scaling.minCount`, s.minCount, 0, 1000);
    const maxCount = requireIntegerInRange(`${key}.scaling.maxCount`, s.maxCount, 1, 1000);
    if (maxCount < minCount) {
      throw new ValidationError(
        `${key}.scaling.maxCount`,
        maxCount,
        `must be at least minCount (${minCount})`,
      );
    }
    scaling = {
      minCount,
      maxCount,
      backlogPerTask: requireIntegerInRange(
        `${key}.scaling.backlogPerTask`,
        s.backlogPerTask ?? 10,
        1,
        100000,
      ),
      scaleInCooldownSeconds: requireIntegerInRange(
        `${key}.scaling.scaleInCooldownSeconds`,
        s.scaleInCooldownSeconds ?? 300,
        0,
        3600,
      ),
      scaleOutCooldownSeconds: requireIntegerInRange(
        `${key}.scaling.scaleOutCooldownSeconds`,
        s.scaleOutCooldownSeconds ?? 60,
        0,
        3600,
      ),
    };
  }
  const desiredCount = requireIntegerInRange(
    `${key}.desiredCount`,
    args.desiredCount ?? scaling?.minCount ?? 1,
    0,
    1000,
  );
  if (scaling && (desiredCount < scaling.minCount || desiredCount > scaling.maxCount)) {
    throw new ValidationError(
      `${key}.desiredCount`,
      desiredCount,
      `must be within scaling's ${scaling.minCount} to ${scaling.maxCount}`,
    );
  }
  return {
    ...task,
    queueName,
    deadLetterQueueName: `${queueName}-dlq`,
    visibilityTimeoutSeconds: requireIntegerInRange(
      `${key}.queue.visibilityTimeoutSeconds`,
      q.visibilityTimeoutSeconds ?? 30,
      0,
      43200,
    ),
    maxReceiveCount: requireIntegerInRange(`${key}.queue.maxReceiveCount`, q.maxReceiveCount ?? 5, 1, 1000),
    messageRetentionSeconds,
    deadLetterRetentionSeconds,
    receiveWaitTimeSeconds: requireIntegerInRange(
      `${key}.queue.receiveWaitTimeSeconds`,
      q.receiveWaitTimeSeconds ?? 20,
      0,
      20,
    ),
    desiredCount,
    scaling,
  };
}
