import assert from "node:assert/strict";
import { PreviewEnvironment, type PreviewEnvironmentArgs } from "../../lib/preview/preview-environment";
import { json, ofType, one, refusedBeforeRegistration, run } from "../harness";
import { PLATFORM } from "./platform-fixture";

const SCHEDULED_ACTION = "aws:appautoscaling/scheduledAction:ScheduledAction";
const platform = PLATFORM;
const base: PreviewEnvironmentArgs = {
  prNumber: 42,
  platform,
  repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack",
  imageTag: "pr-42-abc1234",
  deployedAt: new Date("2026-11-27T12:00:00Z"),
};
const preview = (args: Partial<PreviewEnvironmentArgs> = {}) =>
  run(() => new PreviewEnvironment("preview", { ...base, ...args }), { stack: "preview-pr-42" });

describe("PreviewEnvironment", () => {
  it("creates only per-PR resources: target group, rule, task definition, service, log group, DNS record, sleep schedule", async () => {
    const result = await preview();
    const types = result.resources
      .filter((r) => r.custom)
      .map((r) => r.type)
      .sort();
    assert.deepEqual(types, [
      "aws:appautoscaling/scheduledAction:ScheduledAction",
      "aws:appautoscaling/scheduledAction:ScheduledAction",
      "aws:appautoscaling/target:Target",
      "aws:cloudwatch/logGroup:LogGroup",
      "aws:ecs/service:Service",
      "aws:ecs/taskDefinition:TaskDefinition",
      "aws:lb/listenerRule:ListenerRule",
      "aws:lb/targetGroup:TargetGroup",
      "aws:route53/record:Record",
    ]);
  });

  it("is reduced by default: 256/512, one Spot task, no scaling policy, 3-day logs, breaker on", async () => {
    const result = await preview();
    const task = one(result, "aws:ecs/taskDefinition:TaskDefinition");
    assert.deepEqual([task.inputs.cpu, task.inputs.memory], ["256", "512"]);
    const svc = one(result, "aws:ecs/service:Service");
    assert.equal(svc.inputs.desiredCount, 1);
    assert.deepEqual(svc.inputs.capacityProviderStrategies, [
      { capacityProvider: "FARGATE_SPOT", weight: 1 },
    ]);
    assert.deepEqual(svc.inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
    assert.equal(ofType(result, "aws:appautoscaling/policy:Policy").length, 0);
    const logs = one(result, "aws:cloudwatch/logGroup:LogGroup");
    assert.deepEqual([logs.inputs.name, logs.inputs.retentionInDays], ["/pantstack/preview/pr-42", 3]);
  });

  it("protects and retains nothing, so a destroy leaves nothing behind", async () => {
    for (const r of (await preview()).resources) {
      assert.equal(r.options.protect, false, r.urn);
      assert.equal(r.options.retainOnDelete, false, r.urn);
    }
  });

  it("routes preview-pr-<N>.<domain> on the shared listener at priority 1000 + N", async () => {
    const result = await preview();
    const rule = one(result, "aws:lb/listenerRule:ListenerRule");
    assert.equal(rule.inputs.listenerArn, platform.httpsListenerArn);
    assert.equal(rule.inputs.priority, 1042);
    assert.deepEqual(rule.inputs.conditions, [{ hostHeader: { values: ["preview-pr-42.example.dev"] } }]);
    const record = one(result, "aws:route53/record:Record");
    assert.deepEqual([record.inputs.name, record.inputs.zoneId], ["preview-pr-42.example.dev", "Z123"]);
  });

  it("runs with the platform's roles and security group instead of creating its own", async () => {
    const result = await preview();
    const task = one(result, "aws:ecs/taskDefinition:TaskDefinition");
    assert.equal(task.inputs.executionRoleArn, platform.previewExecutionRoleArn);
    assert.equal(task.inputs.taskRoleArn, platform.previewTaskRoleArn);
    const network = one(result, "aws:ecs/service:Service").inputs.networkConfiguration as {
      securityGroups: string[];
      assignPublicIp: boolean;
    };
    assert.deepEqual(network, {
      subnets: ["subnet-a", "subnet-b"],
      securityGroups: ["sg-previews"],
      assignPublicIp: true,
    });
    const [container] = json<{ image: string }[]>(task.inputs.containerDefinitions);
    assert.equal(container.image, "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack:pr-42-abc1234");
  });

  it("tags every taggable resource with the environment, the PR and the expiry 7 days after the deploy", async () => {
    const result = await preview();
    const taggable = result.resources.filter(
      (r) => r.custom && !["aws:route53/record:Record", SCHEDULED_ACTION].includes(r.type),
    );
    assert.equal(taggable.length, 6);
    for (const r of taggable) {
      assert.deepEqual(
        r.inputs.tags,
        {
          "pantstack:environment": "preview",
          "pantstack:stack": "preview-pr-42",
          "pantstack:managed-by": "pulumi",
          "pantstack:pr": "42",
          "pantstack:expires-at": "2026-12-04T12:00:00Z",
        },
        r.urn,
      );
    }
  });

  it("exposes url, PR number, service name, log group and expiry", async () => {
    const result = await run(
      () => {
        const p = new PreviewEnvironment("preview", base);
        return {
          url: p.url,
          pr: p.prNumber,
          service: p.serviceName,
          logs: p.logGroupName,
          expires: p.expiresAt,
        };
      },
      { stack: "preview-pr-42" },
    );
    assert.equal(result.outputs.url, "https://preview-pr-42.example.dev");
    assert.equal(result.outputs.pr, 42);
    assert.match(String(result.outputs.service), /^pr-42-service-[0-9a-f]{7}$/);
    assert.equal(result.outputs.logs, "/pantstack/preview/pr-42");
    assert.equal(result.outputs.expires, "2026-12-04T12:00:00Z");
  });

  const invalid: [Partial<PreviewEnvironmentArgs>, RegExp][] = [
    [{ prNumber: 0 }, /PreviewEnvironment\(preview\)\.prNumber: 0 .*1 to 49000/],
    [{ prNumber: 49001 }, /prNumber: 49001/],
    [{ cpu: 300 }, /PreviewEnvironment\(preview\)\.cpu: 300/],
    [{ memory: 4096 }, /memory: 4096 .*with cpu 256/],
    [{ imageTag: "-bad" }, /imageTag: "-bad"/],
    [{ ttlDays: 0 }, /ttlDays: 0/],
  ];
  for (const [args, message] of invalid) {
    it(`refuses ${JSON.stringify(args)} before registering anything`, async () => {
      await refusedBeforeRegistration(() => new PreviewEnvironment("preview", { ...base, ...args }), message);
    });
  }
});
