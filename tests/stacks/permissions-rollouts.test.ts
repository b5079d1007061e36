import { EvaluationTable, loadPlanned, type Planned } from "./permissions-fixture";

/**
 * The deploy roles' rollout permissions, by the IAM evaluator: each environment's alarms, topic, Chatbot
 * channel, ECS infrastructure role and service deployments are its own deploy role's, never the other's.
 */
const A = "123456789012";
const R = "us-east-1";
const region = { "aws:RequestedRegion": R };
const iamRegion = { "aws:RequestedRegion": "us-east-1" };

const own = (env: "test" | "prod") => ({
  alarm: `arn:aws:cloudwatch:${R}:${A}:alarm:pantstack-${env}-api-5xx-rate`,
  topic: `arn:aws:sns:${R}:${A}:pantstack-${env}-alarms`,
  channel: `arn:aws:chatbot::${A}:chat-configuration/slack-channel/pantstack-${env}-alarms`,
  infraRole: `arn:aws:iam::${A}:role/pantstack/${env}/api-ecs-infra-1a2b3c4`,
  chatbotRole: `arn:aws:iam::${A}:role/pantstack/${env}/alarms-chatbot-1a2b3c4`,
  service: `arn:aws:ecs:${R}:${A}:service/pantstack-${env}/api-service-1a2b3c4`,
  deployment: `arn:aws:ecs:${R}:${A}:service-deployment/pantstack-${env}/api-service-1a2b3c4/dep1`,
  cluster: `arn:aws:ecs:${R}:${A}:cluster/pantstack-${env}`,
});

describe("deploy roles: alarms, topics, Chatbot, ECS's infrastructure role, service deployments", () => {
  let p: Planned;
  const table = new EvaluationTable(() => p);
  before(async () => {
    p = await loadPlanned();
  });
  after(() => table.checked("rollout permissions"));

  for (const [mine, other] of [
    ["test", "prod"],
    ["prod", "test"],
  ] as const) {
    const role = `deploy-${mine}` as const;
    it(`${role} manages ${mine}'s alarms, topic, channel and deployments, and none of ${other}'s`, async () => {
      const rows = (env: "test" | "prod", expected: "Allowed" | "Denied") => {
        const r = own(env);
        return [
          table.expect(
            role,
            {
              action: "cloudwatch:PutMetricAlarm",
              resource: r.alarm,
              context: { ...region, "cloudwatch:AlarmActions": [r.topic] },
            },
            expected,
          ),
          table.expect(
            role,
            { action: "cloudwatch:DeleteAlarms", resource: r.alarm, context: region },
            expected,
          ),
          table.expect(role, { action: "sns:CreateTopic", resource: r.topic, context: region }, expected),
          table.expect(
            role,
            { action: "sns:SetTopicAttributes", resource: r.topic, context: region },
            expected,
          ),
          table.expect(role, { action: "sns:DeleteTopic", resource: r.topic, context: region }, expected),
          table.expect(
            role,
            { action: "chatbot:UpdateSlackChannelConfiguration", resource: r.channel, context: region },
            expected,
          ),
          table.expect(
            role,
            { action: "chatbot:DeleteSlackChannelConfiguration", resource: r.channel, context: region },
            expected,
          ),
          table.expect(
            role,
            {
              action: "iam:PassRole",
              resource: r.infraRole,
              context: { ...iamRegion, "iam:PassedToService": "ecs.amazonaws.com" },
            },
            expected,
          ),
          table.expect(
            role,
            {
              action: "iam:PassRole",
              resource: r.chatbotRole,
              context: { ...iamRegion, "iam:PassedToService": "chatbot.amazonaws.com" },
            },
            expected,
          ),
          table.expect(
            role,
            {
              action: "ecs:ListServiceDeployments",
              resource: r.service,
              context: { ...region, "ecs:cluster": r.cluster },
            },
            expected,
          ),
          table.expect(
            role,
            {
              action: "ecs:DescribeServiceDeployments",
              resource: r.deployment,
              context: { ...region, "ecs:cluster": r.cluster },
            },
            expected,
          ),
        ];
      };
      await table.all([...rows(mine, "Allowed"), ...rows(other, "Denied")]);
    });

    it(`${role}'s alarms may notify only ${mine}'s topics; its infrastructure role goes to ECS only`, async () => {
      const r = own(mine);
      await table.all([
        table.expect(
          role,
          {
            action: "cloudwatch:PutMetricAlarm",
            resource: r.alarm,
            context: { ...region, "cloudwatch:AlarmActions": [own(other).topic] },
          },
          "Denied",
        ),
        table.expect(
          role,
          {
            action: "iam:PassRole",
            resource: r.infraRole,
            context: { ...iamRegion, "iam:PassedToService": "ecs-tasks.amazonaws.com" },
          },
          "Allowed",
        ),
        table.expect(
          role,
          {
            action: "iam:PassRole",
            resource: r.infraRole,
            context: { ...iamRegion, "iam:PassedToService": "lambda.amazonaws.com" },
          },
          "Denied",
        ),
        table.expect(
          role,
          {
            action: "kms:CreateKey",
            resource: "*",
            context: { ...region, "aws:RequestTag/pantstack:environment": mine },
          },
          "Allowed",
        ),
        table.expect(
          role,
          {
            action: "kms:CreateKey",
            resource: "*",
            context: { ...region, "aws:RequestTag/pantstack:environment": other },
          },
          "Denied",
        ),
        table.expect(
          role,
          {
            action: "chatbot:CreateSlackChannelConfiguration",
            resource: "*",
            context: { ...region, "aws:RequestTag/pantstack:environment": other },
          },
          "Denied",
        ),
      ]);
    });
  }
});
