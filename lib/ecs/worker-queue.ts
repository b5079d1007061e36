import { requireIntegerInRange } from "../errors";
import { type PolicyDocument, type PolicyStatement, policyDocument } from "../iam/policy-document";

/** What a consumer calls: receive, delete, extend visibility, and read the queue's attributes. */
export const QUEUE_CONSUME_ACTIONS = [
  "sqs:ChangeMessageVisibility",
  "sqs:DeleteMessage",
  "sqs:GetQueueAttributes",
  "sqs:GetQueueUrl",
  "sqs:ReceiveMessage",
];

/** What a producer calls. */
export const QUEUE_SEND_ACTIONS = ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"];

/**
 * A task role's grant on exactly one queue (and its KMS key when the queue uses one: SQS calls KMS with the
 * caller's permissions). Source:
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
 */
export function queueAccessPolicy(
  actions: string[],
  queueArn: string,
  kmsKeyArn?: string,
  kmsActions: string[] = ["kms:Decrypt"],
): PolicyDocument {
  const statements: PolicyStatement[] = [
    { Sid: "Queue", Effect: "Allow", Action: actions, Resource: queueArn },
  ];
  if (kmsKeyArn)
    statements.push({ Sid: "QueueKey", Effect: "Allow", Action: kmsActions, Resource: kmsKeyArn });
  return policyDocument(...statements);
}

/**
 * Lets only `sourceQueueArn` use a DLQ as its dead-letter queue. Source:
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
 */
export function redriveAllowPolicy(sourceQueueArn: string): string {
  return JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [sourceQueueArn] });
}

/**
 * The redrive policy of a worker's queue: after `maxReceiveCount` receives a message moves to the DLQ.
 * SQS allows 1 to 1000. Source: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
 */
export function redrivePolicy(key: string, deadLetterTargetArn: string, maxReceiveCount: number): string {
  requireIntegerInRange(`${key}.maxReceiveCount`, maxReceiveCount, 1, 1000);
  return JSON.stringify({ deadLetterTargetArn, maxReceiveCount });
}

/**
 * The target-tracking metric of a worker: visible messages per running task, by metric math over the queue's
 * `ApproximateNumberOfMessagesVisible` and the service's `RunningTaskCount` (Container Insights). The scaling
 * keeps it near the target backlog per task; `FILL` keeps the ratio defined while no task runs.
 * Source: https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking-metric-math.html
 */
export function backlogPerTaskMetric(queueName: string, clusterName: string, serviceName: string) {
  return {
    metrics: [
      {
        id: "visible",
        label: "Visible messages",
        returnData: false,
        metricStat: {
          metric: {
            namespace: "AWS/SQS",
            metricName: "ApproximateNumberOfMessagesVisible",
            dimensions: [{ name: "QueueName", value: queueName }],
          },
          stat: "Sum",
        },
      },
      {
        id: "tasks",
        label: "Running tasks",
        returnData: false,
        metricStat: {
          metric: {
            namespace: "ECS/ContainerInsights",
            metricName: "RunningTaskCount",
            dimensions: [
              { name: "ClusterName", value: clusterName },
              { name: "ServiceName", value: serviceName },
            ],
          },
          stat: "Average",
        },
      },
      {
        id: "backlog",
        label: "Visible messages per task",
        expression: "visible / FILL(tasks, 1)",
        returnData: true,
      },
    ],
  };
}
