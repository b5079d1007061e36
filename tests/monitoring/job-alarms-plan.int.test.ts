import assert from "node:assert/strict";
import type { StackPlan } from "../../plan/plan";
import { json, one } from "../harness";
import { plannedStacks } from "../support/planned";

// The same request as services-kinds.int.test.ts (planned once when both run in one process).
const EXAMPLE = "examples/services.yaml";
const NAT = { "pantstack:natGateways": "single" };
const REGISTRY = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
const digest = (c: string) => `sha256:${c.repeat(64)}`;
const IMAGES = JSON.stringify({
  api: { image: `${REGISTRY}/pantstack@${digest("a")}`, version: "v1.1.0" },
  auth: { image: `${REGISTRY}/pantstack/auth@${digest("b")}`, version: "v1.0.0" },
});

interface Query {
  id: string;
  expression?: string;
  metric?: { namespace: string; metricName: string; dimensions: Record<string, string> };
}

describe("the example catalog's job: its failed runs reach the alarm topic", function () {
  this.timeout(120_000);
  let plans: readonly StackPlan[];
  before(async () => {
    plans = await plannedStacks({
      stacks: ["test", "prod"],
      services: EXAMPLE,
      stackOverrides: { test: { ...NAT, "pantstack:images": IMAGES } },
    });
  });

  for (const [i, env] of [
    [0, "test"],
    [1, "prod"],
  ] as const) {
    it(`${env}: a rule for nightly's failed tasks targets the topic; the job's alarm counts it and notifies the topic`, () => {
      const plan = plans[i];
      const topic = one(plan, "aws:sns/topic:Topic");
      const cluster = one(plan, "aws:ecs/cluster:Cluster");
      const task = one(plan, "aws:ecs/taskDefinition:TaskDefinition", "nightly-task");
      const rule = one(plan, "aws:cloudwatch/eventRule:EventRule", "nightly-failed-runs");
      assert.equal(rule.inputs.name, `pantstack-${env}-nightly-failed-runs`);
      const pattern = json<{ detail: Record<string, unknown> }>(rule.inputs.eventPattern);
      assert.deepEqual(pattern.detail.clusterArn, [cluster.outputs.arn]);
      assert.deepEqual(pattern.detail.taskDefinitionArn, [
        { prefix: String(task.outputs.arn).replace(/\d+$/, "") },
      ]);
      assert.equal((rule.inputs.tags as Record<string, string>)["pantstack:environment"], env);
      const target = one(plan, "aws:cloudwatch/eventTarget:EventTarget", "nightly-failed-runs");
      assert.deepEqual([target.inputs.rule, target.inputs.arn], [rule.outputs.name, topic.outputs.arn]);

      const alarm = one(plan, "aws:cloudwatch/metricAlarm:MetricAlarm", "nightly-failed-runs");
      assert.equal(alarm.inputs.name, `pantstack-${env}-nightly-failed-runs`);
      assert.deepEqual(alarm.inputs.alarmActions, [topic.outputs.arn]);
      const queries = alarm.inputs.metricQueries as Query[];
      const triggered = queries.find((q) => q.metric?.metricName === "TriggeredRules");
      assert.deepEqual(triggered?.metric?.dimensions, { RuleName: rule.inputs.name });
      assert.match(String(queries.find((q) => q.expression)?.expression), /FILL\(stopped, 0\)/);

      assert.deepEqual(plan.policy.violations, [], "each alarm has an action, among the other policies");
      const line = plan.cost.lines.find((l) => l.urn === rule.urn);
      assert.deepEqual([line?.item, line?.monthlyUsd], ["event rule", 0]);
    });
  }
});
