import { type PolicyDocument, policyDocument } from "../iam/policy-document";

/** Where an alarm topic lives and which alarms may use it. */
export interface AlarmTopicScope {
  account: string;
  region: string;
  /** Alarm names the topic accepts start with `<namePrefix>-`. */
  namePrefix: string;
}

/** ARN pattern of the alarms whose names start with `<namePrefix>-`. */
export const alarmArnPattern = (s: AlarmTopicScope) =>
  `arn:aws:cloudwatch:${s.region}:${s.account}:alarm:${s.namePrefix}-*`;

/** ARN pattern of the EventBridge rules (default bus) whose names start with `<namePrefix>-`. */
export const ruleArnPattern = (s: AlarmTopicScope) =>
  `arn:aws:events:${s.region}:${s.account}:rule/${s.namePrefix}-*`;

/** Only this account's rules of the environment (by name prefix), as for the alarms. */
const fromOwnRules = (s: AlarmTopicScope) => ({
  StringEquals: { "aws:SourceAccount": s.account },
  ArnLike: { "aws:SourceArn": ruleArnPattern(s) },
});

/** Only this account's alarms (by name prefix), the confused-deputy guard AWS recommends for services. */
const fromOwnAlarms = (s: AlarmTopicScope) => ({
  StringEquals: { "aws:SourceAccount": s.account },
  ArnLike: { "aws:SourceArn": alarmArnPattern(s) },
});

/**
 * The topic's policy: CloudWatch may publish for this account's alarms of the environment, EventBridge for
 * its rules of the environment (a job's failed runs, `TaskFailureRule`), and nobody may use the topic without
 * TLS. Principals of the account act through their own IAM policies.
 * Sources: https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html,
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions
 */
export function alarmTopicPolicy(topicArn: string, s: AlarmTopicScope): PolicyDocument {
  return policyDocument(
    {
      Sid: "CloudWatchAlarmsOfThisAccount",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: "sns:Publish",
      Resource: topicArn,
      Condition: fromOwnAlarms(s),
    },
    {
      Sid: "TlsOnly",
      Effect: "Deny",
      Principal: "*",
      Action: "sns:*",
      Resource: topicArn,
      Condition: { Bool: { "aws:SecureTransport": false } },
    },
    {
      Sid: "EventBridgeRulesOfThisAccount",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sns:Publish",
      Resource: topicArn,
      Condition: fromOwnRules(s),
    },
  );
}

/**
 * The key policy of the topic's customer managed key. CloudWatch (and EventBridge) cannot publish to a topic encrypted with
 * the AWS managed key `alias/aws/sns` (its policy cannot be changed to admit CloudWatch), so the topic has
 * its own key. The account administers it through IAM (the default key policy's root statement: without it
 * the key could not be managed at all); CloudWatch may encrypt for this account's alarms only.
 * Source: https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 */
export function alarmKeyPolicy(s: AlarmTopicScope, administrators: string[] = []): PolicyDocument {
  return policyDocument(
    {
      Sid: "AccountAdministersThroughIam",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${s.account}:root` },
      Action: "kms:*",
      Resource: "*",
    },
    ...(administrators.length === 0
      ? []
      : [
          {
            // The environment's deploy role manages this key by the key policy, so its IAM policy needs no
            // KMS permission on any key of the account.
            Sid: "DeployRoleManagesThisKey",
            Effect: "Allow" as const,
            Principal: { AWS: administrators },
            Action: KEY_ADMINISTRATION,
            Resource: "*",
          },
        ]),
    {
      Sid: "CloudWatchAlarmsOfThisAccount",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: fromOwnAlarms(s),
    },
    {
      // EventBridge encrypts what its rules publish to the topic. SNS's statement for the services that publish
      // to encrypted topics (EventBridge among them, on the page above) names no condition, and none is
      // needed: the key encrypts this topic only, and the topic policy admits only this environment's rules.
      Sid: "EventBridgeRulesPublishToTheTopic",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
    },
  );
}

/** What the provider does to a key after `CreateKey`: read it, rotate, change policy and tags, delete it. */
export const KEY_ADMINISTRATION = [
  "kms:DescribeKey",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:EnableKeyRotation",
  "kms:PutKeyPolicy",
  "kms:UpdateKeyDescription",
  "kms:ListResourceTags",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
];

/** Trust of the Chatbot channel role: AWS Chatbot only, for this account. */
export function chatbotTrustPolicy(account: string): PolicyDocument {
  return policyDocument({
    Effect: "Allow",
    Principal: { Service: "chatbot.amazonaws.com" },
    Action: "sts:AssumeRole",
    Condition: { StringEquals: { "aws:SourceAccount": account } },
  });
}

/**
 * What the channel role may do: read the alarms and their metrics, so Chatbot can show a chart with the
 * message. Nothing else: the channel runs no commands. AWS has no resource-level permission for these reads.
 * Source: https://docs.aws.amazon.com/chatbot/latest/adminguide/chatbot-iam-policies.html
 */
export const CHATBOT_READS = ["cloudwatch:DescribeAlarms", "cloudwatch:GetMetricData"];

/** The channel role's inline policy. */
export function chatbotRolePolicy(): PolicyDocument {
  return policyDocument({ Sid: "ReadAlarms", Effect: "Allow", Action: CHATBOT_READS, Resource: "*" });
}

/**
 * The channel guardrail: the most any chat user can do through the channel, whatever the role allows.
 * Chatbot applies `AdministratorAccess` when none is set.
 */
export const CHATBOT_GUARDRAIL = "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess";
