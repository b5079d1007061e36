import assert from "node:assert/strict";
import { jobAlarmSpecs, normalizeJobThresholds } from "../../lib/monitoring/alarm-specs";
import { AlarmTopic } from "../../lib/monitoring/alarm-topic";
import { failedTaskNotification, failedTaskPattern } from "../../lib/monitoring/task-failure-events";
import { TaskFailureRule } from "../../lib/monitoring/task-failure-rule";
import { json, one, refusedBeforeRegistration, run } from "../harness";

const CLUSTER = "arn:aws:ecs:us-east-1:123456789012:cluster/pantstack-prod";
const TASK = "arn:aws:ecs:us-east-1:123456789012:task-definition/prod-nightly:7";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:pantstack-prod-alarms";

/**
 * An `ECS Task State Change` event as ECS sends it for a stopped Fargate task (the documented shape:
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html), with what varies.
 */
const stoppedEvent = (detail: Record<string, unknown>) => ({
  version: "0",
  source: "aws.ecs",
  "detail-type": "ECS Task State Change",
  detail: {
    clusterArn: CLUSTER,
    taskDefinitionArn: TASK,
    taskArn: "arn:aws:ecs:us-east-1:123456789012:task/pantstack-prod/0f1e2d3c4b5a",
    group: "family:prod-nightly",
    lastStatus: "STOPPED",
    desiredStatus: "STOPPED",
    stopCode: "EssentialContainerExited",
    stoppedReason: "Essential container in task exited",
    containers: [{ name: "nightly", lastStatus: "STOPPED", exitCode: 0 }],
    ...detail,
  },
});

/**
 * The subset of EventBridge's matching the pattern uses, as documented
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html): a list of
 * values or operators matches when any matches; an array in the event matches when any element does;
 * `numeric` and `prefix` need the field present; `$or` takes any alternative; all keys must match.
 */
function matches(pattern: unknown, event: unknown): boolean {
  if (Array.isArray(event)) return event.some((e) => matches(pattern, e));
  const p = pattern as Record<string, unknown>;
  return Object.entries(p).every(([key, rule]) => {
    if (key === "$or") return (rule as unknown[]).some((alt) => matches(alt, event));
    const value = (event as Record<string, unknown> | undefined)?.[key];
    if (!Array.isArray(rule)) return value !== undefined && matches(rule, value);
    const values = Array.isArray(value) ? value : [value];
    return rule.some((r) =>
      values.some((v) => {
        if (r !== null && typeof r === "object") {
          const op = r as { prefix?: string; numeric?: [string, number] };
          if (op.prefix !== undefined) return typeof v === "string" && v.startsWith(op.prefix);
          if (op.numeric) return typeof v === "number" && op.numeric[0] === ">" && v > op.numeric[1];
          throw new Error(`operator not modelled: ${JSON.stringify(r)}`);
        }
        return v === r;
      }),
    );
  });
}

describe("a job's failed runs: the EventBridge rule, its message and the alarm", () => {
  const pattern = failedTaskPattern(CLUSTER, TASK);

  it("matches a run whose container exited non-zero, or whose task failed to start", () => {
    const failed = [
      stoppedEvent({ containers: [{ name: "nightly", exitCode: 1 }] }),
      stoppedEvent({ containers: [{ name: "nightly", exitCode: 124 }] }), // timeout(1): the run's time limit
      stoppedEvent({
        containers: [
          { name: "sidecar", exitCode: 0 },
          { name: "nightly", exitCode: 137 },
        ],
      }),
      stoppedEvent({
        stopCode: "TaskFailedToStart",
        stoppedReason: "CannotPullContainerError: pull image manifest has been retried 1 time(s)",
        containers: [{ name: "nightly", lastStatus: "STOPPED" }],
      }),
      stoppedEvent({
        taskDefinitionArn: TASK.replace(/:7$/, ":12"),
        containers: [{ name: "nightly", exitCode: 2 }],
      }),
    ];
    for (const event of failed) assert.ok(matches(pattern, event), JSON.stringify(event.detail));
  });

  it("ignores a successful run, a running task, another family or cluster", () => {
    const other = [
      stoppedEvent({}),
      stoppedEvent({ lastStatus: "RUNNING", containers: [{ name: "nightly" }] }),
      stoppedEvent({
        taskDefinitionArn: TASK.replace("prod-nightly:7", "prod-nightly-export:1"),
        containers: [{ name: "x", exitCode: 1 }],
      }),
      stoppedEvent({ clusterArn: `${CLUSTER}-2`, containers: [{ name: "x", exitCode: 1 }] }),
      { ...stoppedEvent({ containers: [{ exitCode: 1 }] }), source: "aws.batch" },
    ];
    for (const event of other) assert.ok(!matches(pattern, event), JSON.stringify(event.detail));
  });

  it("posts each failed run as an AWS Chatbot custom notification naming the job, the reason and the task", () => {
    const { inputPaths, inputTemplate } = failedTaskNotification("nightly", "prod");
    assert.deepEqual(inputPaths, {
      task: "$.detail.taskArn",
      stopCode: "$.detail.stopCode",
      reason: "$.detail.stoppedReason",
    });
    const message = JSON.parse(inputTemplate);
    assert.deepEqual([message.version, message.source], ["1.0", "custom"]);
    assert.equal(message.content.title, ":x: prod: job nightly failed");
    assert.equal(message.content.description, "<stopCode>: <reason> (task <task>)");
  });

  it("the job's alarm adds the rule's TriggeredRules to Scheduler's start failures", () => {
    const [alarm] = jobAlarmSpecs(
      "default",
      normalizeJobThresholds("k"),
      "pantstack-prod-nightly-failed-runs",
    );
    const metrics = alarm.metricQueries.filter((q) => q.metric).map((q) => q.metric);
    assert.deepEqual(
      metrics.map((m) => [m?.namespace, m?.metricName, m?.dimensions, m?.stat, m?.period]),
      [
        ["AWS/Scheduler", "TargetErrorCount", { ScheduleGroup: "default" }, "Sum", 300],
        ["AWS/Scheduler", "InvocationDroppedCount", { ScheduleGroup: "default" }, "Sum", 300],
        ["AWS/Events", "TriggeredRules", { RuleName: "pantstack-prod-nightly-failed-runs" }, "Sum", 300],
      ],
    );
    const returned = alarm.metricQueries.filter((q) => q.returnData);
    assert.deepEqual(
      returned.map((q) => q.expression),
      ["FILL(errors, 0) + FILL(dropped, 0) + FILL(stopped, 0)"],
    );
    assert.deepEqual([alarm.threshold, alarm.treatMissingData], [1, "notBreaching"]);
  });

  it("creates the rule on the default bus and its one target, the topic, with the message", async () => {
    let rule: TaskFailureRule | undefined;
    const result = await run(
      () => {
        rule = new TaskFailureRule("nightly", {
          clusterArn: CLUSTER,
          taskDefinitionArn: TASK,
          topicArn: TOPIC,
          namePrefix: "pantstack-prod",
        });
      },
      { stack: "prod" },
    );
    assert.equal(rule?.ruleName, "pantstack-prod-nightly-failed-runs");
    const created = one(result, "aws:cloudwatch/eventRule:EventRule");
    assert.equal(created.inputs.name, "pantstack-prod-nightly-failed-runs");
    assert.equal(created.inputs.eventBusName, undefined, "the default bus, where ECS sends its events");
    assert.equal(created.inputs.state, "ENABLED");
    assert.deepEqual(json(created.inputs.eventPattern), pattern);
    const target = one(result, "aws:cloudwatch/eventTarget:EventTarget");
    assert.deepEqual([target.inputs.rule, target.inputs.arn], [created.outputs.name, TOPIC]);
    assert.deepEqual(target.inputs.inputTransformer, failedTaskNotification("nightly", "prod"));
  });

  it("refuses a name prefix that makes the rule name too long, before anything exists", async () => {
    await refusedBeforeRegistration(
      () =>
        new TaskFailureRule("nightly", {
          clusterArn: CLUSTER,
          taskDefinitionArn: TASK,
          topicArn: TOPIC,
          namePrefix: "p".repeat(45),
        }),
      /^TaskFailureRule\(nightly\)\.namePrefix: "p{45}-nightly-failed-runs" is not allowed; EventBridge rule names are 1 to 64 of/,
    );
  });

  it("the alarm topic lets only this account's rules of the environment publish, and EventBridge encrypt for it", async () => {
    const result = await run(() => void new AlarmTopic("alarms"), { stack: "prod" });
    type Statement = { Sid: string; Principal: unknown; Action: unknown; Condition: unknown };
    const statement = (type: string, sid: string) =>
      json<{ Statement: Statement[] }>(one(result, type).inputs.policy).Statement.find((s) => s.Sid === sid);
    const guard = {
      StringEquals: { "aws:SourceAccount": "123456789012" },
      ArnLike: { "aws:SourceArn": "arn:aws:events:us-east-1:123456789012:rule/pantstack-prod-*" },
    };
    const publish = statement("aws:sns/topicPolicy:TopicPolicy", "EventBridgeRulesOfThisAccount");
    assert.deepEqual(
      [publish?.Principal, publish?.Action, publish?.Condition],
      [{ Service: "events.amazonaws.com" }, "sns:Publish", guard],
    );
    // The key encrypts this topic only: the topic policy above is what keeps other rules out.
    const encrypt = statement("aws:kms/key:Key", "EventBridgeRulesPublishToTheTopic");
    assert.deepEqual(
      [encrypt?.Principal, encrypt?.Action, encrypt?.Condition],
      [{ Service: "events.amazonaws.com" }, ["kms:Decrypt", "kms:GenerateDataKey*"], undefined],
    );
  });
});
