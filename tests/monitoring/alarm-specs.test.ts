import assert from "node:assert/strict";
import {
  alarmName,
  jobAlarmSpecs,
  metricsIn,
  normalizeJobThresholds,
  normalizeWebThresholds,
  normalizeWorkerThresholds,
  webAlarmSpecs,
  workerAlarmSpecs,
} from "../../lib/monitoring/alarm-specs";

const blue = { targetGroup: "targetgroup/api-tg/1", loadBalancer: "app/edge/9" };
const green = { targetGroup: "targetgroup/api-tg-alt/2", loadBalancer: "app/edge/9" };

describe("alarm specs", () => {
  it("web defaults: 5% 5xx at 20+ requests/min, 1 unhealthy target, p99 2 s, each for 3 minutes", () => {
    const specs = webAlarmSpecs([blue], normalizeWebThresholds("t"));
    assert.deepEqual(
      specs.map((s) => [s.key, s.threshold, s.evaluationPeriods, s.datapointsToAlarm, s.treatMissingData]),
      [
        ["5xx-rate", 5, 3, 3, "notBreaching"],
        ["unhealthy-hosts", 1, 3, 3, "notBreaching"],
        ["p99-latency", 2, 3, 3, "notBreaching"],
      ],
    );
    const rate = specs[0].metricQueries.find((q) => q.returnData);
    assert.equal(
      rate?.expression,
      "IF((FILL(requests0, 0)) >= 20, 100 * (FILL(errors0, 0)) / (FILL(requests0, 0)), 0)",
    );
  });

  it("watches both target groups under a canary, so the new revision's errors count wherever its tasks are", () => {
    const [rate, unhealthy, latency] = webAlarmSpecs(
      [blue, green],
      normalizeWebThresholds("t", { serverErrorPercent: 2 }),
    );
    const groups = rate.metricQueries
      .filter((q) => q.metric)
      .map((q) => [q.metric?.metricName, q.metric?.dimensions.TargetGroup]);
    assert.deepEqual(groups, [
      ["HTTPCode_Target_5XX_Count", blue.targetGroup],
      ["HTTPCode_Target_5XX_Count", green.targetGroup],
      ["RequestCount", blue.targetGroup],
      ["RequestCount", green.targetGroup],
    ]);
    assert.match(
      String(rate.metricQueries.at(-1)?.expression),
      /100 \* \(FILL\(errors0, 0\) \+ FILL\(errors1, 0\)\)/,
    );
    assert.equal(rate.threshold, 2);
    assert.equal(
      unhealthy.metricQueries.at(-1)?.expression,
      "MAX([FILL(unhealthy0, 0), FILL(unhealthy1, 0)])",
    );
    assert.deepEqual(
      latency.metricQueries.filter((q) => q.metric).map((q) => q.metric?.stat),
      ["p99", "p99"],
    );
    assert.equal(metricsIn(rate), 4, "billed per metric: 4 alarm metrics");
    for (const spec of [rate, unhealthy, latency]) {
      assert.equal(
        spec.metricQueries.filter((q) => q.returnData).length,
        1,
        `${spec.key}: one returned series`,
      );
    }
  });

  it("worker: a message in the DLQ, or the oldest message 15 minutes old; job: a failed or dropped run", () => {
    const worker = workerAlarmSpecs(
      { queueName: "pantstack-prod-mailer", deadLetterQueueName: "pantstack-prod-mailer-dlq" },
      normalizeWorkerThresholds("w"),
    );
    assert.deepEqual(
      worker.map((s) => [
        s.key,
        s.threshold,
        s.metricQueries[0].metric?.metricName,
        s.metricQueries[0].metric?.dimensions.QueueName,
      ]),
      [
        ["dlq-messages", 1, "ApproximateNumberOfMessagesVisible", "pantstack-prod-mailer-dlq"],
        ["oldest-message", 900, "ApproximateAgeOfOldestMessage", "pantstack-prod-mailer"],
      ],
    );
    const [job] = jobAlarmSpecs("pantstack-prod-jobs", normalizeJobThresholds("j"));
    assert.deepEqual(
      job.metricQueries.filter((q) => q.metric).map((q) => q.metric?.metricName),
      ["TargetErrorCount", "InvocationDroppedCount"],
    );
    assert.equal(job.threshold, 1);
  });

  it("refuses thresholds out of range with one line naming the key", () => {
    assert.throws(
      () => normalizeWebThresholds("pantstack:alarms", { serverErrorPercent: 0 }),
      /^ValidationError: pantstack:alarms\.serverErrorPercent: 0 is not allowed; expected a percent from 0\.1 to 100$/,
    );
    assert.throws(() => normalizeWebThresholds("k", { evaluationMinutes: 11 }), /k\.evaluationMinutes: 11/);
    assert.throws(
      () => normalizeWorkerThresholds("k", { oldestMessageAgeSeconds: 30 }),
      /k\.oldestMessageAgeSeconds: 30/,
    );
    assert.throws(() => normalizeJobThresholds("k", { failedRuns: 0 }), /k\.failedRuns: 0/);
    assert.throws(
      () => alarmName("k", "pantstack prod", "api", "5xx-rate"),
      /k: "pantstack prod-api-5xx-rate"/,
    );
  });
});
