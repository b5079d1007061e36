import { ValidationError } from "../errors";

/**
 * What EventBridge matches and sends for a job's failed run: pure data, so the pattern and the message are
 * tested without an engine.
 *
 * ECS sends an `ECS Task State Change` event to the default bus for every task state change; a stopped
 * task's event carries `lastStatus: STOPPED`, its `stopCode` (`EssentialContainerExited`,
 * `TaskFailedToStart`, `UserInitiated`...), `stoppedReason`, `taskDefinitionArn` and each container's
 * `exitCode` (absent when the container never ran). ECS sends events at least once, so one stopped task can
 * match twice (duplicates carry the same `detail.version`).
 * Sources: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html,
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_cwet_handling.html
 */

/** An EventBridge event pattern (the rule's `eventPattern`, before `JSON.stringify`). */
export type EventPattern = Record<string, unknown>;

/**
 * A failed run of one task definition family in one cluster: the task stopped, and either a container
 * exited non-zero (the job's own failure, or `timeout`'s 124 when it ran too long) or the task never started
 * (`TaskFailedToStart`: an image that cannot be pulled, a secret that cannot be read; RunTask itself
 * succeeded, so EventBridge Scheduler counts no error for it).
 *
 * Matching: `numeric` `> 0` needs the field to exist and be a number, so a container without an exit code
 * does not match it; an array field (`containers`) matches when any element does; `$or` takes the
 * alternatives; `prefix` on `taskDefinitionArn` (`...:task-definition/<family>:`) matches every revision of
 * the family and no other family.
 * Source: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 *
 * @param clusterArn the cluster the job runs in
 * @param taskDefinitionArn any revision of the job's task definition (`...:task-definition/<family>:<n>`)
 */
export function failedTaskPattern(clusterArn: string, taskDefinitionArn: string): EventPattern {
  const family = /^(arn:[^:]+:ecs:[^:]*:\d*:task-definition\/[A-Za-z0-9_-]+):\d+$/.exec(taskDefinitionArn);
  // The ARN comes from ECS (the task definition's output), not from a user: a mismatch is a bug.
  if (!family) throw new Error(`not a task definition ARN with its revision: ${taskDefinitionArn}`);
  return {
    source: ["aws.ecs"],
    "detail-type": ["ECS Task State Change"],
    detail: {
      clusterArn: [clusterArn],
      taskDefinitionArn: [{ prefix: `${family[1]}:` }],
      lastStatus: ["STOPPED"],
      $or: [{ containers: { exitCode: [{ numeric: [">", 0] }] } }, { stopCode: ["TaskFailedToStart"] }],
    },
  };
}

/** An EventBridge input transformer: values read from the event, and the message built from them. */
export interface InputTransformer {
  /** Placeholder name → JSON path into the event. */
  inputPaths: Record<string, string>;
  /** The message, with `<name>` placeholders. */
  inputTemplate: string;
}

/**
 * The message the rule sends to the alarm topic for each failed run, in AWS Chatbot's custom notification
 * format (`version` 1.0, `source` custom), so Slack shows it; e-mail subscribers get the same JSON. EventBridge
 * fills each `<placeholder>` inside a JSON string with the event's value, escaped.
 * Sources: https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html,
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
 *
 * @param job the job's name, as the message shows it
 * @param environment the environment, as the message shows it
 */
export function failedTaskNotification(job: string, environment: string): InputTransformer {
  const message = {
    version: "1.0",
    source: "custom",
    id: "<task>",
    content: {
      textType: "client-markdown",
      title: `:x: ${environment}: job ${job} failed`,
      description: "<stopCode>: <reason> (task <task>)",
    },
    metadata: { eventType: "JobRunFailed", relatedResources: ["<task>"] },
  };
  return {
    inputPaths: {
      task: "$.detail.taskArn",
      stopCode: "$.detail.stopCode",
      reason: "$.detail.stoppedReason",
    },
    inputTemplate: JSON.stringify(message),
  };
}

/** EventBridge rule names: 1 to 64 of [.-_A-Za-z0-9] (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html). */
const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;

/** `<prefix>-<job>-failed-runs`, checked against EventBridge's rule names. */
export function failedTaskRuleName(key: string, prefix: string, job: string): string {
  const name = `${prefix}-${job}-failed-runs`;
  if (!RULE_NAME.test(name)) {
    throw new ValidationError(key, name, "EventBridge rule names are 1 to 64 of [.-_A-Za-z0-9]");
  }
  return name;
}
