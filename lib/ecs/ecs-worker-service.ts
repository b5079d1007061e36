import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyDocument } from "../iam/policy-document";
import {
  type EcsWorkerServiceArgs,
  normalizeWorkerArgs,
  QUEUE_URL_VARIABLE,
} from "./ecs-worker-service-args";
import { createFargateTask, taskSecurityGroups } from "./fargate-task";
import {
  backlogPerTaskMetric,
  QUEUE_CONSUME_ACTIONS,
  QUEUE_SEND_ACTIONS,
  queueAccessPolicy,
  redriveAllowPolicy,
  redrivePolicy,
} from "./worker-queue";

export type { EcsWorkerServiceArgs } from "./ecs-worker-service-args";

const identity = <T>(args: T) => args;

/**
 * A Pantstack queue worker on ECS Fargate: its SQS queue and dead-letter queue (server-side encrypted, long
 * polling, a redrive after `maxReceiveCount` receives, the DLQ usable by this queue only), a service with no
 * ingress at all and no public IP, a task role that may consume exactly its queue, and target tracking on
 * visible messages per running task.
 *
 * The worker reads its queue's URL from `PANTSTACK_QUEUE_URL`. Producers get `sendPolicy` for their task role.
 */
export class EcsWorkerService extends pulumi.ComponentResource {
  /** The ECS service. */
  declare readonly service: aws.ecs.Service;
  /** The task definition the worker runs. */
  declare readonly taskDefinition: aws.ecs.TaskDefinition;
  /** The log group of the container's output. */
  declare readonly logGroup: aws.cloudwatch.LogGroup;
  /** The queue the worker consumes. */
  declare readonly queue: aws.sqs.Queue;
  /** Where a message goes after its last failed receive. */
  declare readonly deadLetterQueue: aws.sqs.Queue;
  /** The ECS service's name. */
  declare readonly serviceName: pulumi.Output<string>;
  /** The ECS service's ARN. */
  declare readonly serviceArn: pulumi.Output<string>;
  /** The log group's name, e.g. for `aws logs tail`. */
  declare readonly logGroupName: pulumi.Output<string>;
  /** The queue's URL, which producers send to. */
  declare readonly queueUrl: pulumi.Output<string>;
  /** The queue's ARN. */
  declare readonly queueArn: pulumi.Output<string>;
  /** The dead-letter queue's ARN. */
  declare readonly deadLetterQueueArn: pulumi.Output<string>;
  /** The tasks' security group (no ingress rule). */
  declare readonly securityGroupId: pulumi.Output<string>;
  /** What the worker's task role needs: attach it yourself when you passed `taskRoleArn`. */
  declare readonly consumePolicy: pulumi.Output<PolicyDocument>;
  /** What a producer's task role needs to send to the queue. */
  declare readonly sendPolicy: pulumi.Output<PolicyDocument>;

  constructor(name: string, args: EcsWorkerServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    const settings = normalizeWorkerArgs(name, pulumi.getStack(), args);
    super("pantstack:ecs:EcsWorkerService", name, {}, opts);
    const transform = { taskDefinition: identity, service: identity, queue: identity, ...args.transform };
    const parent = { parent: this };
    const kmsKeyArn = args.queue?.kmsKeyArn;
    const encryption = kmsKeyArn ? { kmsMasterKeyId: kmsKeyArn } : { sqsManagedSseEnabled: true };

    const region = aws.getRegionOutput({}, parent).region;
    const account = aws.getCallerIdentityOutput({}, parent).accountId;
    const queueArnOf = (queueName: string) =>
      pulumi.interpolate`arn:aws:sqs:${region}:${account}:${queueName}`;
    const deadLetterQueue = new aws.sqs.Queue(
      `${name}-dlq`,
      {
        name: settings.deadLetterQueueName,
        messageRetentionSeconds: settings.deadLetterRetentionSeconds,
        // The queue's ARN is known from its name: no cycle between the two queues.
        redriveAllowPolicy: queueArnOf(settings.queueName).apply(redriveAllowPolicy),
        ...encryption,
        tags: args.tags,
      },
      parent,
    );
    const queue = new aws.sqs.Queue(
      `${name}-queue`,
      transform.queue({
        name: settings.queueName,
        visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds,
        messageRetentionSeconds: settings.messageRetentionSeconds,
        receiveWaitTimeSeconds: settings.receiveWaitTimeSeconds,
        redrivePolicy: deadLetterQueue.arn.apply((arn) =>
          redrivePolicy(`EcsWorkerService(${name}).queue`, arn, settings.maxReceiveCount),
        ),
        ...encryption,
        tags: args.tags,
      }),
      parent,
    );
    const keyArn = pulumi.output(kmsKeyArn);
    const consumePolicy = pulumi
      .all([queue.arn, keyArn])
      .apply(([arn, key]) => queueAccessPolicy(QUEUE_CONSUME_ACTIONS, arn, key));
    const sendPolicy = pulumi
      .all([queue.arn, keyArn])
      .apply(([arn, key]) =>
        queueAccessPolicy(QUEUE_SEND_ACTIONS, arn, key, ["kms:Decrypt", "kms:GenerateDataKey"]),
      );

    const task = createFargateTask(
      "EcsWorkerService",
      name,
      args,
      settings,
      { environment: { [QUEUE_URL_VARIABLE]: queue.url } },
      transform.taskDefinition,
      this,
    );
    if (task.taskRole) {
      new aws.iam.RolePolicy(
        `${name}-queue`,
        { role: task.taskRole.name, policy: consumePolicy.apply((d) => JSON.stringify(d)) },
        parent,
      );
    }
    const securityGroup = taskSecurityGroups(
      name,
      args.network,
      `Tasks of ${name}: no ingress`,
      args.tags,
      this,
    );
    const service = new aws.ecs.Service(
      `${name}-service`,
      transform.service({
        cluster: args.cluster,
        taskDefinition: task.taskDefinition.arn,
        desiredCount: settings.desiredCount,
        ...(args.spot
          ? { capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] }
          : { launchType: "FARGATE" }),
        deploymentCircuitBreaker: { enable: true, rollback: true },
        deploymentMinimumHealthyPercent: 100,
        deploymentMaximumPercent: 200,
        networkConfiguration: {
          subnets: args.network.subnetIds,
          securityGroups: securityGroup.ids,
          assignPublicIp: false,
        },
        ...(args.serviceConnectNamespaceArn
          ? { serviceConnectConfiguration: { enabled: true, namespace: args.serviceConnectNamespaceArn } }
          : {}),
        propagateTags: "SERVICE",
        tags: args.tags,
        enableEcsManagedTags: true,
        waitForSteadyState: true,
      }),
      { parent: this, ignoreChanges: settings.scaling ? ["desiredCount"] : [] },
    );

    if (settings.scaling) {
      const scaling = settings.scaling;
      const clusterName = pulumi.output(args.cluster).apply((c) => c.split("/").pop() ?? c);
      const target = new aws.appautoscaling.Target(
        `${name}-scaling`,
        {
          serviceNamespace: "ecs",
          scalableDimension: "ecs:service:DesiredCount",
          resourceId: pulumi.interpolate`service/${clusterName}/${service.name}`,
          minCapacity: scaling.minCount,
          maxCapacity: scaling.maxCount,
          tags: args.tags,
        },
        parent,
      );
      new aws.appautoscaling.Policy(
        `${name}-backlog`,
        {
          policyType: "TargetTrackingScaling",
          serviceNamespace: target.serviceNamespace,
          scalableDimension: target.scalableDimension,
          resourceId: target.resourceId,
          targetTrackingScalingPolicyConfiguration: {
            customizedMetricSpecification: pulumi
              .all([queue.name, clusterName, service.name])
              .apply(([queueName, cluster, serviceName]) =>
                backlogPerTaskMetric(queueName, cluster, serviceName),
              ),
            targetValue: scaling.backlogPerTask,
            scaleInCooldown: scaling.scaleInCooldownSeconds,
            scaleOutCooldown: scaling.scaleOutCooldownSeconds,
          },
        },
        parent,
      );
    }

    this.service = service;
    this.taskDefinition = task.taskDefinition;
    this.logGroup = task.logGroup;
    this.queue = queue;
    this.deadLetterQueue = deadLetterQueue;
    this.serviceName = service.name;
    this.serviceArn = service.id;
    this.logGroupName = task.logGroup.name;
    this.queueUrl = queue.url;
    this.queueArn = queue.arn;
    this.deadLetterQueueArn = deadLetterQueue.arn;
    this.securityGroupId = securityGroup.id;
    this.consumePolicy = consumePolicy;
    this.sendPolicy = sendPolicy;
    this.registerOutputs({
      serviceName: this.serviceName,
      serviceArn: this.serviceArn,
      logGroupName: this.logGroupName,
      queueUrl: this.queueUrl,
      queueArn: this.queueArn,
      deadLetterQueueArn: this.deadLetterQueueArn,
      securityGroupId: this.securityGroupId,
    });
  }
}
