import assert from "node:assert/strict";
import { plan } from "../support/plan-cli";
import { plannedStack } from "../support/planned";

describe("prod's plan: canary rollouts with alarm rollback, the alarms and the topic", function () {
  this.timeout(60000);

  it("`npm run plan -- --stack prod` shows each web service's canary and its rollback alarms, and the topic", async () => {
    const { code, stdout } = await plan("--stack", "prod");
    assert.equal(code, 0);
    assert.match(
      stdout,
      /api-service: canary 10% for 10 min, bake 10 min; rollback on 3 alarm\(s\):\s+pantstack-prod-api-5xx-rate,/,
    );
    assert.match(stdout, /3 alarm\(s\) notify pantstack-prod-alarms/);
    assert.match(stdout, /alarms-topic {2}aws:sns:Topic/);
    assert.match(stdout, /Policies: no violations/);
  });

  it("every prod web service has a canary or linear strategy, alarms that exist and notify the topic", async () => {
    const prod = await plannedStack("prod");
    const topic = prod.resources.find((r) => r.type === "aws:sns/topic:Topic");
    const alarms = prod.resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
    const web = prod.resources.filter(
      (r) => r.type === "aws:ecs/service:Service" && (r.inputs.loadBalancers as unknown[])?.length,
    );
    assert.ok(web.length >= 1);
    for (const service of web) {
      const strategy = (service.inputs.deploymentConfiguration as { strategy: string }).strategy;
      assert.ok(["CANARY", "LINEAR"].includes(strategy), `${service.name}: ${strategy}`);
      const deployment = service.inputs.alarms as {
        alarmNames: string[];
        enable: boolean;
        rollback: boolean;
      };
      assert.deepEqual([deployment.enable, deployment.rollback], [true, true]);
      for (const name of deployment.alarmNames) {
        const alarm = alarms.find((a) => a.inputs.name === name);
        assert.ok(alarm, `${name} exists`);
        assert.deepEqual(alarm.inputs.alarmActions, [topic?.outputs.arn]);
      }
    }
    assert.equal(topic?.inputs.name, "pantstack-prod-alarms");
  });

  it("test stays rolling, with the same alarms on its own topic", async () => {
    const test = await plannedStack("test");
    const service = test.resources.find((r) => r.type === "aws:ecs/service:Service");
    assert.equal(service?.inputs.deploymentConfiguration, undefined);
    assert.equal((service?.inputs.alarms as { rollback?: boolean } | undefined)?.rollback, true);
    assert.equal(
      test.resources.find((r) => r.type === "aws:sns/topic:Topic")?.inputs.name,
      "pantstack-test-alarms",
    );
  });
});
