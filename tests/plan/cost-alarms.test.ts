import assert from "node:assert/strict";
import { estimateCost } from "../../plan/cost/estimate";
import { US_EAST_1 } from "../../plan/cost/prices";
import { resource } from "./fixtures";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const metric = (id: string) => ({ id, returnData: false, metric: { metricName: "RequestCount" } });

describe("cost of alarms, their topic and Chatbot", () => {
  it("bills a metric-math alarm per metric it reads, a plain alarm as one", () => {
    const cost = estimateCost([
      resource(ALARM, "api-5xx-rate", {
        metricQueries: [
          metric("e0"),
          metric("e1"),
          metric("r0"),
          metric("r1"),
          { id: "rate", expression: "..." },
        ],
      }),
      resource(ALARM, "plain", { metricName: "CPUUtilization", namespace: "AWS/ECS" }),
    ]);
    const price = US_EAST_1.prices.alarmMonth.usd;
    const byName = Object.fromEntries(cost.lines.map((l) => [l.urn.split("::").pop(), l]));
    assert.equal(byName["api-5xx-rate"].monthlyUsd, Math.round(4 * price * 100) / 100);
    assert.match(byName["api-5xx-rate"].basis, /^4 alarm metrics \(metric math\) × \$0\.1$/);
    assert.equal(byName.plain.monthlyUsd, price);
  });

  it("costs an alarm topic's publishes and a Chatbot channel at $0, and says why", () => {
    const cost = estimateCost([
      resource("aws:sns/topic:Topic", "alarms-topic", { name: "pantstack-prod-alarms" }),
      resource("aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration", "alarms-slack"),
    ]);
    assert.deepEqual(
      cost.lines.map((l) => [l.urn.split("::").pop(), l.monthlyUsd]),
      [
        ["alarms-topic", 0],
        ["alarms-slack", 0],
      ],
    );
    assert.match(cost.lines[0].basis, /free tier \(1M and 100K a month; then \$0\.5\/M and \$0\.6\/M\)/);
    assert.equal(cost.lines[1].basis, "AWS Chatbot: no charge");
    assert.equal(US_EAST_1.prices.chatbotChannelMonth.source, "https://aws.amazon.com/chatbot/pricing/");
  });
});
