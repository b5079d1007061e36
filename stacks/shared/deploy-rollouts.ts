import type { PolicyStatement } from "../../lib/iam/policy-document";
import {
  type CiScope,
  CLUSTER_NAMES,
  clusterArn,
  type DeployEnvironment,
  ENVIRONMENT_TAG,
  ROLE_PATHS,
} from "./scope";

/**
 * The name prefix of an environment's alarms, alarm topic and Chatbot channel (`pantstack-prod-...`):
 * deploy roles may change only what carries their own.
 */
export const alarmNamePrefix = (environment: DeployEnvironment) => `pantstack-${environment}`;

/** The alarm calls the AWS provider makes for `aws.cloudwatch.MetricAlarm` besides `PutMetricAlarm`. */
export const ALARM_WRITES = [
  "cloudwatch:DeleteAlarms",
  "cloudwatch:TagResource",
  "cloudwatch:UntagResource",
  "cloudwatch:ListTagsForResource",
];

/** The topic calls of `aws.sns.Topic` and `aws.sns.TopicPolicy` (and Chatbot's subscription). */
export const TOPIC_WRITES = [
  "sns:CreateTopic",
  "sns:DeleteTopic",
  "sns:GetTopicAttributes",
  "sns:SetTopicAttributes",
  "sns:TagResource",
  "sns:UntagResource",
  "sns:ListTagsForResource",
  "sns:Subscribe",
  "sns:Unsubscribe",
];

/** The channel calls of `aws.chatbot.SlackChannelConfiguration` on an existing channel. */
export const CHANNEL_WRITES = [
  "chatbot:UpdateSlackChannelConfiguration",
  "chatbot:DeleteSlackChannelConfiguration",
  "chatbot:TagResource",
  "chatbot:UntagResource",
];

/**
 * The rule calls of `aws.cloudwatch.EventRule` and `aws.cloudwatch.EventTarget` (a job's failed runs) besides
 * `PutTargets`. EventBridge authorizes them on the rule's ARN, `arn:aws:events:<region>:<account>:rule/<name>`
 * on the default bus (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html).
 */
export const RULE_WRITES = [
  "events:PutRule",
  "events:DescribeRule",
  "events:DeleteRule",
  "events:ListTargetsByRule",
  "events:RemoveTargets",
  "events:TagResource",
  "events:UntagResource",
  "events:ListTagsForResource",
];

/**
 * What a deploy role needs for rollouts and alarms, on its own environment only: the alarms named
 * `pantstack-<env>-*` (which may notify only the environment's topics), those topics, the EventBridge rules
 * of its jobs' failed runs (which may target only those topics), creating their KMS
 * keys (tagged with the environment; each key's policy grants the rest), the Chatbot channel, passing ECS's infrastructure role to ECS and the
 * Chatbot role to Chatbot, and following the service deployments of its cluster.
 */
export function rolloutStatements(environment: DeployEnvironment, scope: CiScope): PolicyStatement[] {
  const { region, account } = scope;
  const prefix = alarmNamePrefix(environment);
  const topics = `arn:aws:sns:${region}:${account}:${prefix}-*`;
  const alarms = `arn:aws:cloudwatch:${region}:${account}:alarm:${prefix}-*`;
  const rules = `arn:aws:events:${region}:${account}:rule/${prefix}-*`;
  const creatingOwn = { [`aws:RequestTag/${ENVIRONMENT_TAG}`]: environment };
  const roles = `arn:aws:iam::${account}:role${ROLE_PATHS[environment]}`;
  const cluster = CLUSTER_NAMES[environment];
  return [
    {
      // An alarm may notify only the environment's own topics.
      Sid: "OwnAlarmsNotifyOwnTopics",
      Effect: "Allow",
      Action: "cloudwatch:PutMetricAlarm",
      Resource: alarms,
      Condition: { "ForAllValues:StringLike": { "cloudwatch:AlarmActions": topics } },
    },
    { Sid: "OwnAlarms", Effect: "Allow", Action: ALARM_WRITES, Resource: alarms },
    { Sid: "OwnAlarmTopics", Effect: "Allow", Action: TOPIC_WRITES, Resource: topics },
    { Sid: "OwnJobFailureRules", Effect: "Allow", Action: RULE_WRITES, Resource: rules },
    {
      // A rule may send only to the environment's own topics (events:TargetArn names each target).
      Sid: "OwnJobFailureRulesNotifyOwnTopics",
      Effect: "Allow",
      Action: "events:PutTargets",
      Resource: rules,
      Condition: { "ForAllValues:ArnLike": { "events:TargetArn": topics } },
    },
    {
      // Only the creation: the key policy of each alarm key names the deploy role for the rest.
      Sid: "CreateOwnAlarmKeys",
      Effect: "Allow",
      Action: ["kms:CreateKey", "kms:TagResource"],
      Resource: "*",
      Condition: { StringEquals: creatingOwn },
    },
    {
      Sid: "CreateOwnAlarmChannel",
      Effect: "Allow",
      Action: "chatbot:CreateSlackChannelConfiguration",
      Resource: "*",
      Condition: { StringEquals: creatingOwn },
    },
    {
      Sid: "OwnAlarmChannel",
      Effect: "Allow",
      Action: CHANNEL_WRITES,
      Resource: `arn:aws:chatbot::${account}:chat-configuration/slack-channel/${prefix}-*`,
    },
    {
      // Chatbot has no resource-level permission for its reads.
      Sid: "ReadAlarmChannels",
      Effect: "Allow",
      Action: ["chatbot:DescribeSlackChannelConfigurations", "chatbot:ListTagsForResource"],
      Resource: "*",
    },
    {
      Sid: "PassEcsInfrastructureRoles",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: `${roles}*-ecs-infra-*`,
      Condition: { StringEquals: { "iam:PassedToService": "ecs.amazonaws.com" } },
    },
    {
      Sid: "PassChatbotRoles",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: `${roles}*-chatbot-*`,
      Condition: { StringEquals: { "iam:PassedToService": "chatbot.amazonaws.com" } },
    },
    {
      // The deploy job follows the service deployment until ECS says it completed or rolled back.
      Sid: "FollowServiceDeployments",
      Effect: "Allow",
      Action: ["ecs:ListServiceDeployments", "ecs:DescribeServiceDeployments"],
      Resource: [
        `arn:aws:ecs:${region}:${account}:service/${cluster}/*`,
        `arn:aws:ecs:${region}:${account}:service-deployment/${cluster}/*`,
      ],
      Condition: { ArnEquals: { "ecs:cluster": clusterArn(scope, environment) } },
    },
  ];
}
