import * as pulumi from "@pulumi/pulumi";
import { EcsWorkerService as LibEcsWorkerService } from "../../lib/ecs/ecs-worker-service";
import {
  type EcsWorkerServiceArgs as LibEcsWorkerServiceArgs,
  normalizeWorkerArgs,
  type WorkerQueueArgs,
  type WorkerScalingArgs,
} from "../../lib/ecs/ecs-worker-service-args";
import { type FargateTaskSpec, toLibTaskArgs } from "./fargate-task-spec";

/** The worker's queue and its dead-letter queue (the TypeScript `WorkerQueueArgs`, named for the schema). */
export interface WorkerQueueSpec extends WorkerQueueArgs {}

/** Target tracking on visible messages per running task (the TypeScript `WorkerScalingArgs`). */
export interface WorkerScalingSpec extends WorkerScalingArgs {}

/** Arguments of the `pantstack:index:EcsWorkerService` component. */
export interface EcsWorkerServiceArgs extends FargateTaskSpec {
  /**
   * The queue and its dead-letter queue.
   * @default - a standard queue with SSE-SQS, 30 s visibility, 5 receives before the DLQ, 20 s long polls
   */
  queue?: WorkerQueueSpec;
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
  scaling?: WorkerScalingSpec;
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
}

/**
 * A Pantstack queue worker on Fargate: its SQS queue and dead-letter queue, a service with no ingress and no
 * public IP, a task role that may consume exactly its queue, and scaling on visible messages per task. The
 * worker reads its queue's URL from `PANTSTACK_QUEUE_URL`. Wraps the TypeScript `EcsWorkerService` (its only
 * child); its `transform` hatch is TypeScript-only.
 */
export class EcsWorkerService extends pulumi.ComponentResource {
  /** The ECS service name. */
  declare readonly serviceName: pulumi.Output<string>;
  /** The ECS service ARN. */
  declare readonly serviceArn: pulumi.Output<string>;
  /** The log group name. */
  declare readonly logGroupName: pulumi.Output<string>;
  /** The queue's URL, which producers send to. */
  declare readonly queueUrl: pulumi.Output<string>;
  /** The queue's ARN. */
  declare readonly queueArn: pulumi.Output<string>;
  /** The dead-letter queue's ARN. */
  declare readonly deadLetterQueueArn: pulumi.Output<string>;
  /** The tasks' security group (no ingress rule). */
  declare readonly securityGroupId: pulumi.Output<string>;
  /** What the worker's task role needs, as an IAM policy document in JSON: attach it when you passed `taskRoleArn`. */
  declare readonly consumePolicy: pulumi.Output<string>;
  /** What a producer's task role needs to send to the queue, as an IAM policy document in JSON. */
  declare readonly sendPolicy: pulumi.Output<string>;

  constructor(name: string, args: EcsWorkerServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    const libArgs = toLibWorkerArgs(name, args);
    super("pantstack:index:EcsWorkerService", name, {}, opts);
    const worker = new LibEcsWorkerService(name, libArgs, { parent: this });
    this.serviceName = worker.serviceName;
    this.serviceArn = worker.serviceArn;
    this.logGroupName = worker.logGroupName;
    this.queueUrl = worker.queueUrl;
    this.queueArn = worker.queueArn;
    this.deadLetterQueueArn = worker.deadLetterQueueArn;
    this.securityGroupId = worker.securityGroupId;
    // Policies cross languages as JSON, as every Pulumi language passes them to IAM resources.
    this.consumePolicy = worker.consumePolicy.apply((doc) => JSON.stringify(doc));
    this.sendPolicy = worker.sendPolicy.apply((doc) => JSON.stringify(doc));
    this.registerOutputs({
      serviceName: this.serviceName,
      serviceArn: this.serviceArn,
      logGroupName: this.logGroupName,
      queueUrl: this.queueUrl,
      queueArn: this.queueArn,
      deadLetterQueueArn: this.deadLetterQueueArn,
      securityGroupId: this.securityGroupId,
      consumePolicy: this.consumePolicy,
      sendPolicy: this.sendPolicy,
    });
  }
}

/** The TypeScript component's arguments for the facade's. */
export function toLibWorkerArgs(name: string, args: EcsWorkerServiceArgs): LibEcsWorkerServiceArgs {
  const libArgs: LibEcsWorkerServiceArgs = toLibTaskArgs(`EcsWorkerService(${name})`, args);
  // The TypeScript component's own checks, run here so that bad input registers nothing, not even the facade.
  normalizeWorkerArgs(name, pulumi.getStack(), libArgs);
  return libArgs;
}
