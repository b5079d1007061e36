import assert from "node:assert/strict";
import { AlarmTopic } from "../../lib/monitoring/alarm-topic";
import { json, ofType, one, refusedBeforeRegistration, run } from "../harness";

type Doc = {
  Statement: {
    Sid?: string;
    Effect: string;
    Principal?: unknown;
    Action: string | string[];
    Condition?: Record<string, Record<string, unknown>>;
  }[];
};

describe("AlarmTopic", () => {
  it("encrypts the topic with its own rotating key, which CloudWatch may use for this account's alarms only", async () => {
    const result = await run(() => void new AlarmTopic("alarms"), { stack: "prod" });
    const topic = one(result, "aws:sns/topic:Topic");
    const key = one(result, "aws:kms/key:Key");
    assert.equal(topic.inputs.name, "pantstack-prod-alarms");
    assert.equal(topic.inputs.kmsMasterKeyId, key.outputs.arn, "a customer managed key, not alias/aws/sns");
    assert.equal(key.inputs.enableKeyRotation, true);
    const policy = json<Doc>(key.inputs.policy);
    const cloudwatch = policy.Statement.find((s) => s.Sid === "CloudWatchAlarmsOfThisAccount");
    assert.deepEqual(cloudwatch?.Principal, { Service: "cloudwatch.amazonaws.com" });
    assert.deepEqual(cloudwatch?.Action, ["kms:Decrypt", "kms:GenerateDataKey*"]);
    assert.deepEqual(cloudwatch?.Condition, {
      StringEquals: { "aws:SourceAccount": "123456789012" },
      ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:pantstack-prod-*" },
    });
  });

  it("lets CloudWatch publish only for this account's alarms of the environment, and only over TLS", async () => {
    const result = await run(() => void new AlarmTopic("alarms"), { stack: "test" });
    const topic = one(result, "aws:sns/topic:Topic");
    const policy = one(result, "aws:sns/topicPolicy:TopicPolicy");
    assert.equal(policy.inputs.arn, topic.outputs.arn);
    const [publish, tls] = json<Doc>(policy.inputs.policy).Statement;
    assert.deepEqual(
      [publish.Effect, publish.Principal, publish.Action],
      ["Allow", { Service: "cloudwatch.amazonaws.com" }, "sns:Publish"],
    );
    assert.equal(
      publish.Condition?.ArnLike["aws:SourceArn"],
      "arn:aws:cloudwatch:us-east-1:123456789012:alarm:pantstack-test-*",
    );
    assert.equal(publish.Condition?.StringEquals["aws:SourceAccount"], "123456789012");
    assert.deepEqual([tls.Effect, tls.Condition], ["Deny", { Bool: { "aws:SecureTransport": false } }]);
  });

  it("creates no Chatbot channel or role without a Slack channel", async () => {
    const result = await run(() => void new AlarmTopic("alarms"), { stack: "prod" });
    assert.equal(ofType(result, "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration").length, 0);
    assert.equal(ofType(result, "aws:iam/role:Role").length, 0);
  });

  it("posts to Slack through Chatbot with a read-only role, boundary and guardrail when a channel is given", async () => {
    const boundary = "arn:aws:iam::123456789012:policy/pantstack/boundaries/pantstack-prod-boundary";
    const result = await run(
      () =>
        void new AlarmTopic("alarms", {
          slack: { workspaceId: "T07EA123LEP", channelId: "C07EZ1ABC23" },
          rolePath: "/pantstack/prod/",
          permissionsBoundaryArn: boundary,
        }),
      { stack: "prod" },
    );
    const topic = one(result, "aws:sns/topic:Topic");
    const slack = one(result, "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration");
    const role = one(result, "aws:iam/role:Role");
    assert.deepEqual(
      [slack.inputs.slackTeamId, slack.inputs.slackChannelId, slack.inputs.snsTopicArns],
      ["T07EA123LEP", "C07EZ1ABC23", [topic.outputs.arn]],
    );
    assert.equal(slack.inputs.iamRoleArn, role.outputs.arn);
    assert.deepEqual(slack.inputs.guardrailPolicyArns, ["arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"]);
    assert.equal(role.inputs.path, "/pantstack/prod/");
    assert.equal(role.inputs.permissionsBoundary, boundary);
    const trust = json<Doc>(role.inputs.assumeRolePolicy).Statement[0];
    assert.deepEqual(trust.Principal, { Service: "chatbot.amazonaws.com" });
    const inline = json<Doc>(one(result, "aws:iam/rolePolicy:RolePolicy").inputs.policy).Statement;
    assert.deepEqual(
      inline.map((s) => s.Action),
      [["cloudwatch:DescribeAlarms", "cloudwatch:GetMetricData"]],
    );
  });

  it("refuses a malformed Slack workspace or channel ID before registering anything", async () => {
    await refusedBeforeRegistration(
      () => new AlarmTopic("alarms", { slack: { workspaceId: "my workspace", channelId: "C1" } }),
      /^AlarmTopic\(alarms\)\.slack\.workspaceId: "my workspace" is not allowed; expected a Slack workspace ID/,
    );
    await refusedBeforeRegistration(
      () => new AlarmTopic("alarms", { slack: { workspaceId: "T1", channelId: "#alerts" } }),
      /^AlarmTopic\(alarms\)\.slack\.channelId: "#alerts" is not allowed/,
    );
    await refusedBeforeRegistration(
      () => new AlarmTopic("alarms", { namePrefix: "bad prefix" }),
      /^AlarmTopic\(alarms\)\.namePrefix: "bad prefix" is not allowed/,
    );
  });
});
