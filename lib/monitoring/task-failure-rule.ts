import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { failedTaskNotification, failedTaskPattern, failedTaskRuleName } from "./task-failure-events";

/** Arguments of `TaskFailureRule`. */
export interface TaskFailureRuleArgs {
  /** The cluster the job's tasks run in. */
  clusterArn: pulumi.Input<string>;
  /** The job's task definition (any revision: every revision of its family is watched). */
  taskDefinitionArn: pulumi.Input<string>;
  /** The alarm topic each failed run is posted to (an `AlarmTopic`'s `topicArn`). */
  topicArn: pulumi.Input<string>;
  /**
   * The first part of the rule's name, `<namePrefix>-<name>-failed-runs`: the alarm topic accepts events
   * only from rules named under its prefix, and deploy roles may change only those.
   * @default - `pantstack-<stack>`
   */
  namePrefix?: string;
  /**
   * The environment as the message names it.
   * @default - the stack's name
   */
  environment?: string;
  /**
   * Tags of the rule.
   * @default {}
   */
  tags?: Record<string, string>;
}

/**
 * An EventBridge rule on the default bus that matches the job's runs that stopped failing (a container
 * exited non-zero, or the task failed to start) and posts each to the alarm topic as an AWS Chatbot custom
 * notification. Its `TriggeredRules` metric (namespace `AWS/Events`, dimension `RuleName`) counts the failed
 * runs for the job's alarm (`jobAlarmSpecs`).
 *
 * The rule has a target, the topic: AWS documents `TriggeredRules` as "the number of rules that have run and
 * matched with any event" without saying whether a rule with no target runs, so the rule is not left without
 * one. Source: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html
 */
export class TaskFailureRule extends pulumi.ComponentResource {
  /** The rule's name: the `RuleName` dimension of its metrics. */
  declare readonly ruleName: string;
  /** The rule. */
  declare readonly rule: aws.cloudwatch.EventRule;
  /** The rule's target: the alarm topic. */
  declare readonly target: aws.cloudwatch.EventTarget;

  constructor(name: string, args: TaskFailureRuleArgs, opts?: pulumi.ComponentResourceOptions) {
    const stack = pulumi.getStack();
    const ruleName = failedTaskRuleName(
      `TaskFailureRule(${name}).namePrefix`,
      args.namePrefix ?? `pantstack-${stack}`,
      name,
    );
    super("pantstack:monitoring:TaskFailureRule", name, {}, opts);
    const rule = new aws.cloudwatch.EventRule(
      `${name}-failed-runs`,
      {
        name: ruleName,
        description: `Runs of ${name} that exited non-zero or failed to start`,
        eventPattern: pulumi
          .all([args.clusterArn, args.taskDefinitionArn])
          .apply(([cluster, taskDefinition]) => JSON.stringify(failedTaskPattern(cluster, taskDefinition))),
        state: "ENABLED",
        tags: args.tags,
      },
      { parent: this },
    );
    const { inputPaths, inputTemplate } = failedTaskNotification(name, args.environment ?? stack);
    const target = new aws.cloudwatch.EventTarget(
      `${name}-failed-runs`,
      {
        rule: rule.name,
        targetId: "alarm-topic",
        arn: args.topicArn,
        inputTransformer: { inputPaths, inputTemplate },
      },
      { parent: this },
    );
    this.ruleName = ruleName;
    this.rule = rule;
    this.target = target;
    this.registerOutputs({ ruleName });
  }
}
