import assert from "node:assert/strict";
import { normalizeStrategy } from "../../lib/ecs/deployment-strategy";
import { EcsApiService } from "../../lib/ecs/ecs-api-service";
import type { EcsApiServiceArgs } from "../../lib/ecs/ecs-api-service-args";
import { json, ofType, one, refusedBeforeRegistration, run } from "../harness";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:pantstack-prod-alarms";
const base: EcsApiServiceArgs = {
  cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/pantstack-prod",
  repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack",
  imageTag: "v1.2.3",
  network: { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] },
  routing: {
    listenerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/edge/1/2",
    loadBalancerSecurityGroupId: "sg-0alb",
    hostname: "api.example.com",
    priority: 100,
    loadBalancerArnSuffix: "app/edge/0123456789abcdef",
  },
  rolePath: "/pantstack/prod/",
};
const service = (args: Partial<EcsApiServiceArgs> = {}) =>
  run(() => void new EcsApiService("api", { ...base, ...args }), { stack: "prod" });
const canary = { deploymentStrategy: { type: "canary" as const }, alarms: { topicArn: TOPIC } };

type Forward = {
  type: string;
  targetGroupArn?: string;
  forward?: { targetGroups: { arn: string; weight: number }[] };
};
type Doc = {
  Statement: {
    Sid?: string;
    Action: string | string[];
    Resource: string | string[];
    Principal?: unknown;
    Condition?: unknown;
  }[];
};

describe("EcsApiService deployment strategies", () => {
  it("rolling (the default) builds one target group, one rule, no alarms and no deployment configuration", async () => {
    const result = await service();
    assert.equal(ofType(result, "aws:lb/targetGroup:TargetGroup").length, 1);
    assert.equal(ofType(result, "aws:lb/listenerRule:ListenerRule").length, 1);
    assert.equal(ofType(result, "aws:cloudwatch/metricAlarm:MetricAlarm").length, 0);
    const svc = one(result, "aws:ecs/service:Service");
    assert.equal(svc.inputs.deploymentConfiguration, undefined);
    assert.equal(svc.inputs.alarms, undefined);
    const [lb] = svc.inputs.loadBalancers as { advancedConfiguration?: unknown }[];
    assert.equal(lb.advancedConfiguration, undefined);
    assert.deepEqual(svc.options.ignoreChanges, []);
  });

  it("canary: 10% for 10 minutes, a 10-minute bake, rolling back on the service's three alarms", async () => {
    const result = await service(canary);
    const svc = one(result, "aws:ecs/service:Service");
    assert.deepEqual(svc.inputs.deploymentConfiguration, {
      strategy: "CANARY",
      bakeTimeInMinutes: "10",
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: "10" },
    });
    assert.deepEqual(svc.inputs.alarms, {
      alarmNames: [
        "pantstack-prod-api-5xx-rate",
        "pantstack-prod-api-unhealthy-hosts",
        "pantstack-prod-api-p99-latency",
      ],
      enable: true,
      rollback: true,
    });
    const alarms = ofType(result, "aws:cloudwatch/metricAlarm:MetricAlarm");
    assert.deepEqual(
      alarms.map((a) => a.inputs.name).sort(),
      [...(svc.inputs.alarms as { alarmNames: string[] }).alarmNames].sort(),
      "the deployment's alarms exist",
    );
    for (const alarm of alarms) assert.deepEqual(alarm.inputs.alarmActions, [TOPIC]);
    assert.deepEqual(svc.inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
  });

  it("canary builds the alternate target group, the production and test rules, and names them to ECS", async () => {
    const result = await service(canary);
    const primary = one(result, "aws:lb/targetGroup:TargetGroup", "api-tg");
    const alternate = one(result, "aws:lb/targetGroup:TargetGroup", "api-tg-alt");
    assert.deepEqual(
      [alternate.inputs.targetType, alternate.inputs.port, alternate.inputs.vpcId],
      [primary.inputs.targetType, primary.inputs.port, primary.inputs.vpcId],
    );
    const production = one(result, "aws:lb/listenerRule:ListenerRule", "api-rule");
    const test = one(result, "aws:lb/listenerRule:ListenerRule", "api-test-rule");
    const both = [
      { arn: primary.outputs.arn, weight: 100 },
      { arn: alternate.outputs.arn, weight: 0 },
    ];
    for (const rule of [production, test]) {
      const [action] = rule.inputs.actions as Forward[];
      assert.deepEqual(
        action.forward?.targetGroups,
        both,
        `${rule.name} forwards to both, all on the primary`,
      );
      assert.deepEqual(rule.options.ignoreChanges, ["actions[0].forward.targetGroups[*].weight"]);
    }
    assert.equal(production.inputs.priority, 100);
    assert.equal(test.inputs.priority, 50, "before the production rule");
    assert.deepEqual(test.inputs.conditions, [
      { hostHeader: { values: ["api.example.com"] } },
      { httpHeader: { httpHeaderName: "x-pantstack-test", values: ["1"] } },
    ]);
    const svc = one(result, "aws:ecs/service:Service");
    const [lb] = svc.inputs.loadBalancers as {
      targetGroupArn: string;
      advancedConfiguration: Record<string, string>;
    }[];
    const role = one(result, "aws:iam/role:Role", "api-ecs-infra");
    assert.equal(lb.targetGroupArn, primary.outputs.arn);
    assert.deepEqual(lb.advancedConfiguration, {
      alternateTargetGroupArn: alternate.outputs.arn,
      productionListenerRule: production.outputs.arn,
      testListenerRule: test.outputs.arn,
      roleArn: role.outputs.arn,
    });
    assert.deepEqual(svc.options.ignoreChanges, [
      "loadBalancers[0].targetGroupArn",
      "loadBalancers[0].advancedConfiguration.alternateTargetGroupArn",
    ]);
  });

  it("ECS's infrastructure role may change only this service's two rules and two target groups", async () => {
    const result = await service({
      ...canary,
      permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/pantstack/boundaries/pantstack-prod-boundary",
    });
    const role = one(result, "aws:iam/role:Role", "api-ecs-infra");
    assert.equal(role.inputs.path, "/pantstack/prod/");
    assert.match(String(role.inputs.permissionsBoundary), /pantstack-prod-boundary$/);
    const trust = json<Doc>(role.inputs.assumeRolePolicy).Statement[0];
    assert.deepEqual(trust.Principal, { Service: "ecs.amazonaws.com" });
    assert.deepEqual(trust.Condition, { StringEquals: { "aws:SourceAccount": "123456789012" } });
    const policy = json<Doc>(one(result, "aws:iam/rolePolicy:RolePolicy", "api-ecs-infra").inputs.policy);
    const rules = ofType(result, "aws:lb/listenerRule:ListenerRule")
      .map((r) => r.outputs.arn)
      .sort();
    const groups = ofType(result, "aws:lb/targetGroup:TargetGroup")
      .map((r) => r.outputs.arn)
      .sort();
    const by = (sid: string) => policy.Statement.find((s) => s.Sid === sid);
    assert.deepEqual([...((by("ShiftTraffic")?.Resource ?? []) as string[])].sort(), rules);
    assert.equal(by("ShiftTraffic")?.Action, "elasticloadbalancing:ModifyRule");
    assert.deepEqual([...((by("RegisterTasks")?.Resource ?? []) as string[])].sort(), groups);
    assert.equal(by("ReadLoadBalancing")?.Resource, "*");
    const writes = policy.Statement.filter((s) => s.Resource !== "*").flatMap((s) => [s.Action].flat());
    assert.deepEqual(writes.sort(), [
      "elasticloadbalancing:DeregisterTargets",
      "elasticloadbalancing:ModifyRule",
      "elasticloadbalancing:RegisterTargets",
    ]);
  });

  it("linear: steps of 20% every 5 minutes; a given infrastructure role is used instead of creating one", async () => {
    const given = "arn:aws:iam::123456789012:role/pantstack/prod/shift";
    const result = await service({
      deploymentStrategy: { type: "linear", infrastructureRoleArn: given },
      alarms: { topicArn: TOPIC },
    });
    const svc = one(result, "aws:ecs/service:Service");
    assert.deepEqual(svc.inputs.deploymentConfiguration, {
      strategy: "LINEAR",
      bakeTimeInMinutes: "10",
      linearConfiguration: { stepPercent: 20, stepBakeTimeInMinutes: "5" },
    });
    const [lb] = svc.inputs.loadBalancers as { advancedConfiguration: Record<string, string> }[];
    assert.equal(lb.advancedConfiguration.roleArn, given);
    assert.equal(ofType(result, "aws:iam/role:Role").filter((r) => r.name === "api-ecs-infra").length, 0);
  });

  it("autoscaling on requests measures both target groups under canary (ALBRequestCountPerTarget names one)", async () => {
    const result = await service({
      ...canary,
      autoscaling: { minCount: 2, maxCount: 10, requestsPerTarget: 1000 },
    });
    const requests = one(result, "aws:appautoscaling/policy:Policy", "api-requests");
    const config = requests.inputs.targetTrackingScalingPolicyConfiguration as {
      predefinedMetricSpecification?: unknown;
      customizedMetricSpecification: {
        metrics: {
          id: string;
          expression?: string;
          metricStat?: { metric: { dimensions: { name: string; value: string }[] } };
        }[];
      };
      targetValue: number;
    };
    assert.equal(config.predefinedMetricSpecification, undefined);
    assert.equal(config.targetValue, 1000);
    const groups = ofType(result, "aws:lb/targetGroup:TargetGroup")
      .map((g) => g.outputs.arnSuffix)
      .sort();
    const measured = config.customizedMetricSpecification.metrics
      .filter((m) => m.id.startsWith("requests"))
      .map((m) => m.metricStat?.metric.dimensions.find((d) => d.name === "TargetGroup")?.value)
      .sort();
    assert.deepEqual(measured, groups);
    assert.match(
      String(config.customizedMetricSpecification.metrics.at(-1)?.expression),
      /FILL\(requests0, 0\) \+ FILL\(requests1, 0\)/,
    );
    const cpu = one(result, "aws:appautoscaling/policy:Policy", "api-cpu");
    assert.ok(cpu, "CPU tracking is unchanged");
  });

  it("rolling with alarms: the alarms roll a rolling deployment back too, on the one target group", async () => {
    const result = await service({ alarms: { topicArn: TOPIC, thresholds: { serverErrorPercent: 2 } } });
    const svc = one(result, "aws:ecs/service:Service");
    assert.equal(svc.inputs.deploymentConfiguration, undefined);
    assert.equal((svc.inputs.alarms as { rollback: boolean }).rollback, true);
    const rate = one(result, "aws:cloudwatch/metricAlarm:MetricAlarm", "api-5xx-rate");
    assert.equal(rate.inputs.threshold, 2);
  });

  it("refuses bad strategies with one line naming the argument, before registering anything", async () => {
    const refuse = (args: Partial<EcsApiServiceArgs>, message: RegExp) =>
      refusedBeforeRegistration(() => new EcsApiService("api", { ...base, ...args }), message);
    await refuse(
      { deploymentStrategy: { type: "blue-green" as "canary" }, alarms: { topicArn: TOPIC } },
      /^EcsApiService\(api\)\.deploymentStrategy\.type: "blue-green" is not allowed; expected one of rolling, canary, linear$/,
    );
    await refuse(
      { deploymentStrategy: { type: "canary" } },
      /^EcsApiService\(api\)\.deploymentStrategy\.type: "canary" is not allowed; a canary deployment rolls back on the service's alarms/,
    );
    await refuse(
      { deploymentStrategy: { type: "canary", canaryPercent: 0 }, alarms: { topicArn: TOPIC } },
      /deploymentStrategy\.canaryPercent: 0 is not allowed; expected a percent from 0\.1 to 100$/,
    );
    await refuse(
      { deploymentStrategy: { type: "linear", stepPercent: 2 }, alarms: { topicArn: TOPIC } },
      /deploymentStrategy\.stepPercent: 2 is not allowed; expected a percent from 3 to 100$/,
    );
    await refuse(
      { deploymentStrategy: { type: "canary", stepPercent: 20 }, alarms: { topicArn: TOPIC } },
      /deploymentStrategy\.stepPercent: 20 is not allowed; not used by the canary strategy/,
    );
    await refuse(
      { deploymentStrategy: { type: "canary", bakeMinutes: 1441 }, alarms: { topicArn: TOPIC } },
      /deploymentStrategy\.bakeMinutes: 1441 is not allowed; expected an integer from 0 to 1440$/,
    );
    await refuse(
      { deploymentStrategy: { type: "canary", testPriority: 100 }, alarms: { topicArn: TOPIC } },
      /deploymentStrategy\.testPriority: 100 is not allowed; expected an integer from 1 to 99/,
    );
    await refuse(
      { alarms: { topicArn: TOPIC }, routing: { ...base.routing, loadBalancerArnSuffix: undefined } },
      /^EcsApiService\(api\)\.routing\.loadBalancerArnSuffix: \(missing\) is not allowed; alarms watch/,
    );
  });

  it("the default test priority sits 50 below the production rule, and a rule near the top needs one given", () => {
    const strategy = normalizeStrategy("k", { type: "canary" }, 120, true);
    assert.equal(strategy.type !== "rolling" && strategy.testPriority, 70);
    assert.throws(
      () => normalizeStrategy("k", { type: "canary" }, 40, true),
      /k\.testPriority: -10 is not allowed/,
    );
  });
});
