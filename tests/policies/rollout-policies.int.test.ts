import assert from "node:assert/strict";
import { type AnalyzedResource, LEVEL, PackProcess } from "./analyzer-client";
import { COMPLIANT, tagsFor } from "./fixtures";

const SERVICE = "aws:ecs/service:Service";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api-tg/1";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:pantstack-prod-alarms";
const canary = {
  deploymentConfiguration: { strategy: "CANARY", bakeTimeInMinutes: "10" },
  alarms: { alarmNames: ["pantstack-prod-api-5xx-rate"], enable: true, rollback: true },
};
const service = (stack: string, extra: Record<string, unknown>): AnalyzedResource => ({
  type: SERVICE,
  urn: `urn:pulumi:${stack}::pantstack::${SERVICE}::api-service`,
  name: "api-service",
  properties: {
    ...COMPLIANT[SERVICE],
    loadBalancers: [{ targetGroupArn: TG, containerName: "app", containerPort: 8000 }],
    tags: tagsFor(stack),
    ...extra,
  },
});
const alarm = (extra: Record<string, unknown>): AnalyzedResource => ({
  type: ALARM,
  urn: `urn:pulumi:test::pantstack::${ALARM}::api-5xx-rate`,
  name: "api-5xx-rate",
  properties: { name: "pantstack-test-api-5xx-rate", tags: tagsFor("test"), ...extra },
});
const rollout = (violations: { policy: string; level: number; message: string }[]) =>
  violations.filter((v) => v.policy === "ecs-prod-safe-rollout");

describe("rollout policies over the analyzer protocol", function () {
  this.timeout(30000);
  let pack: PackProcess;
  before(async () => {
    pack = await PackProcess.start();
  });
  after(() => pack?.stop());

  it("refuses a prod web service without deployment alarms, or rolling, and accepts a canary with rollback", async () => {
    const noAlarms = rollout(
      await pack.analyze(service("prod", { deploymentConfiguration: canary.deploymentConfiguration })),
    );
    assert.deepEqual(
      noAlarms.map((v) => v.level),
      [LEVEL.MANDATORY],
    );
    assert.match(noAlarms[0].message, /needs deployment alarms/);
    const rolling = rollout(await pack.analyze(service("prod", { alarms: canary.alarms })));
    assert.match(rolling[0].message, /strategy is ROLLING/);
    const noRollback = rollout(
      await pack.analyze(service("prod", { ...canary, alarms: { ...canary.alarms, rollback: false } })),
    );
    assert.match(noRollback[0].message, /alarms\.rollback must be true/);
    assert.deepEqual(rollout(await pack.analyze(service("prod", canary))), []);
  });

  it("leaves test's rolling services and prod services without a load balancer alone", async () => {
    assert.deepEqual(rollout(await pack.analyze(service("test", {}))), []);
    assert.deepEqual(rollout(await pack.analyze(service("prod", { loadBalancers: [] }))), []);
  });

  it("refuses an alarm without an action, in any stack", async () => {
    const none = (await pack.analyze(alarm({}))).filter((v) => v.policy === "cloudwatch-alarm-has-action");
    assert.deepEqual(
      none.map((v) => v.level),
      [LEVEL.MANDATORY],
    );
    assert.match(none[0].message, /no alarmActions/);
    const ok = await pack.analyze(alarm({ alarmActions: [TOPIC], actionsEnabled: true }));
    assert.deepEqual(
      ok.filter((v) => v.policy === "cloudwatch-alarm-has-action"),
      [],
    );
  });
});
