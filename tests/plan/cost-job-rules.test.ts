import assert from "node:assert/strict";
import { estimateCost } from "../../plan/cost/estimate";
import { US_EAST_1 } from "../../plan/cost/prices";
import { resource } from "./fixtures";

describe("cost of a job's failed-runs rule", () => {
  it("costs the EventBridge rule at $0 with its price entry's source, and its target not at all", () => {
    const cost = estimateCost([
      resource("aws:cloudwatch/eventRule:EventRule", "nightly-failed-runs", {
        name: "pantstack-prod-nightly-failed-runs",
      }),
      resource("aws:cloudwatch/eventTarget:EventTarget", "nightly-failed-runs", { arn: "arn:aws:sns:x" }),
    ]);
    assert.deepEqual(
      cost.lines.map((l) => [l.type, l.item, l.monthlyUsd, l.monthlyUsdMax]),
      [["aws:cloudwatch/eventRule:EventRule", "event rule", 0, 0]],
    );
    assert.equal(
      cost.lines[0].basis,
      "ECS task state changes on the default bus: no charge (AWS service events)",
    );
    const price = US_EAST_1.prices.eventBridgeAwsEventMillion;
    assert.deepEqual([price.usd, price.source], [0, "https://aws.amazon.com/eventbridge/pricing/"]);
    assert.match(price.assumption ?? "", /SNS publish/);
  });
});
