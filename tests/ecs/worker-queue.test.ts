import assert from "node:assert/strict";
import { backlogPerTaskMetric, redrivePolicy } from "../../lib/ecs/worker-queue";

describe("a worker's queue and backlog scaling", () => {
  it("moves a message to the DLQ after the given receives, within SQS's range", () => {
    const arn = "arn:aws:sqs:us-east-1:123456789012:pantstack-test-events-dlq";
    assert.deepEqual(JSON.parse(redrivePolicy("events.queue", arn, 5)), {
      deadLetterTargetArn: arn,
      maxReceiveCount: 5,
    });
    assert.throws(
      () => redrivePolicy("events.queue", arn, 0),
      /^ValidationError: events.queue.maxReceiveCount: 0 is not allowed; expected an integer from 1 to 1000$/,
    );
  });

  it("tracks visible messages per running task of the service, returning only the ratio", () => {
    const { metrics } = backlogPerTaskMetric(
      "pantstack-test-events",
      "pantstack-test",
      "pantstack-test-events",
    );
    assert.deepEqual(
      metrics.filter((m) => m.returnData).map((m) => m.expression),
      ["visible / FILL(tasks, 1)"],
    );
    assert.equal(metrics[0].metricStat?.metric.metricName, "ApproximateNumberOfMessagesVisible");
    assert.deepEqual(metrics[0].metricStat?.metric.dimensions, [
      { name: "QueueName", value: "pantstack-test-events" },
    ]);
    assert.deepEqual(
      metrics[1].metricStat?.metric.dimensions.map((d) => d.value),
      ["pantstack-test", "pantstack-test-events"],
    );
  });
});
