import assert from "node:assert/strict";
import { AlarmSet } from "../../lib/monitoring/alarm-set";
import { normalizeWebThresholds, webAlarmSpecs } from "../../lib/monitoring/alarm-specs";
import { ofType, refusedBeforeRegistration, run } from "../harness";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:pantstack-prod-alarms";
const specs = webAlarmSpecs(
  [{ targetGroup: "targetgroup/api-tg/1", loadBalancer: "app/edge/9" }],
  normalizeWebThresholds("t"),
);

describe("AlarmSet", () => {
  it("names each alarm <prefix>-<name>-<key> and tells the topic when it fires and clears", async () => {
    let set: AlarmSet | undefined;
    const result = await run(
      () => {
        set = new AlarmSet("api", { alarms: specs, topicArn: TOPIC });
      },
      { stack: "prod" },
    );
    const order = ["5xx-rate", "unhealthy-hosts", "p99-latency"];
    const alarms = ofType(result, "aws:cloudwatch/metricAlarm:MetricAlarm").sort(
      (a, b) => order.indexOf(a.name.slice(4)) - order.indexOf(b.name.slice(4)),
    );
    assert.deepEqual(
      alarms.map((a) => a.inputs.name),
      ["pantstack-prod-api-5xx-rate", "pantstack-prod-api-unhealthy-hosts", "pantstack-prod-api-p99-latency"],
    );
    assert.deepEqual(
      set?.alarmNames,
      alarms.map((a) => a.inputs.name),
    );
    for (const alarm of alarms) {
      assert.deepEqual(alarm.inputs.alarmActions, [TOPIC], `${alarm.name} fires to the topic`);
      assert.deepEqual(alarm.inputs.okActions, [TOPIC], `${alarm.name} clears to the topic`);
      assert.equal(alarm.inputs.actionsEnabled, true);
    }
    const rate = alarms[0];
    const queries = rate.inputs.metricQueries as {
      id: string;
      metric?: { dimensions: Record<string, string> };
    }[];
    assert.deepEqual(
      queries.map((q) => q.id),
      ["errors0", "requests0", "rate"],
    );
    assert.deepEqual(queries[0].metric?.dimensions, {
      TargetGroup: "targetgroup/api-tg/1",
      LoadBalancer: "app/edge/9",
    });
  });

  it("refuses a name prefix CloudWatch or IAM patterns cannot carry, before registering anything", async () => {
    await refusedBeforeRegistration(
      () => new AlarmSet("api", { alarms: specs, topicArn: TOPIC, namePrefix: "pantstack/prod" }),
      /^AlarmSet\(api\)\.namePrefix: "pantstack\/prod-api-5xx-rate" is not allowed; alarm names are 1 to 255/,
    );
  });
});
