import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "../errors";
import {
  alarmKeyPolicy,
  alarmTopicPolicy,
  CHATBOT_GUARDRAIL,
  chatbotRolePolicy,
  chatbotTrustPolicy,
} from "./topic-policies";

/** A Slack channel that receives the alarms through AWS Chatbot. */
export interface SlackChannel {
  /**
   * The Slack workspace ID, e.g. `T07EA123LEP`. The workspace must first be authorized in the Chatbot
   * console once per account (an OAuth step no API can do).
   */
  workspaceId: string;
  /** The channel ID, e.g. `C07EZ1ABC23` (in Slack: channel details, at the bottom). */
  channelId: string;
}

/** Arguments of `AlarmTopic`. */
export interface AlarmTopicArgs {
  /**
   * The topic's name, and the prefix of the alarm names it accepts (`<namePrefix>-*`).
   * @default - `pantstack-<stack>`
   */
  namePrefix?: string;
  /**
   * Also deliver the alarms to this Slack channel through AWS Chatbot.
   * @default - no Slack delivery
   */
  slack?: SlackChannel;
  /**
   * IAM path of the Chatbot role.
   * @default "/pantstack/"
   */
  rolePath?: string;
  /**
   * Permissions boundary of the Chatbot role (deploy roles may create roles only with their boundary).
   * @default - no boundary
   */
  permissionsBoundaryArn?: pulumi.Input<string>;
  /**
   * Principals that manage the topic's key through its key policy (the environment's deploy role), so their
   * IAM policies need no KMS permission on the account's keys.
   * @default - none: the account manages the key through IAM
   */
  keyAdministratorArns?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Tags of every taggable child.
   * @default {}
   */
  tags?: Record<string, string>;
}

const SLACK_WORKSPACE = /^[A-Z0-9]{1,255}$/;
const SLACK_CHANNEL = /^[A-Za-z0-9]{1,255}$/;
const PREFIX = /^[A-Za-z0-9_-]{1,200}$/;

/** Checks the arguments known before deployment; returns the name prefix. */
export function normalizeAlarmTopicArgs(name: string, stack: string, args: AlarmTopicArgs): string {
  const key = `AlarmTopic(${name})`;
  const prefix = args.namePrefix ?? `pantstack-${stack}`;
  // SNS topic names: up to 256 of [A-Za-z0-9_-]; the topic is `<prefix>-alarms`.
  if (!PREFIX.test(prefix)) {
    throw new ValidationError(`${key}.namePrefix`, prefix, "expected 1 to 200 of [A-Za-z0-9_-]");
  }
  if (args.slack) {
    if (!SLACK_WORKSPACE.test(args.slack.workspaceId)) {
      throw new ValidationError(
        `${key}.slack.workspaceId`,
        args.slack.workspaceId,
        "expected a Slack workspace ID such as T07EA123LEP",
      );
    }
    if (!SLACK_CHANNEL.test(args.slack.channelId)) {
      throw new ValidationError(
        `${key}.slack.channelId`,
        args.slack.channelId,
        "expected a Slack channel ID such as C07EZ1ABC23",
      );
    }
  }
  return prefix;
}

/**
 * An environment's alarm topic: an SNS topic encrypted with its own KMS key, which CloudWatch may publish
 * to for this account's alarms named `<namePrefix>-*` (and nothing else may), and, when a Slack channel is
 * given, an AWS Chatbot channel configuration that posts its messages there.
 *
 * The key is a customer managed one, not `alias/aws/sns`: CloudWatch cannot publish to a topic encrypted
 * with the AWS managed key, whose policy admits no service. It costs $1 a month.
 */
export class AlarmTopic extends pulumi.ComponentResource {
  /** The SNS topic the alarms notify. */
  declare readonly topic: aws.sns.Topic;
  /** The topic's own KMS key (CloudWatch cannot publish to a topic under the AWS managed key). */
  declare readonly key: aws.kms.Key;
  /** Set when `slack` is given. */
  declare readonly slackChannel: aws.chatbot.SlackChannelConfiguration | undefined;
  /** The topic's ARN: an alarm's action. */
  declare readonly topicArn: pulumi.Output<string>;
  /** The prefix the alarm names must start with to publish here. */
  declare readonly namePrefix: string;

  constructor(name: string, args: AlarmTopicArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const prefix = normalizeAlarmTopicArgs(name, pulumi.getStack(), args);
    super("pantstack:monitoring:AlarmTopic", name, {}, opts);
    const parent = { parent: this };
    const identity = aws.getCallerIdentityOutput({}, parent);
    const region = aws.getRegionOutput({}, parent).region;
    const scope = pulumi
      .all([identity.accountId, region])
      .apply(([account, r]) => ({ account, region: r, namePrefix: prefix }));

    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `Encrypts the alarm topic ${prefix}-alarms`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: pulumi
          .all([scope, pulumi.output(args.keyAdministratorArns ?? [])])
          .apply(([s, administrators]) => JSON.stringify(alarmKeyPolicy(s, administrators))),
        tags: args.tags,
      },
      parent,
    );
    const topic = new aws.sns.Topic(
      `${name}-topic`,
      { name: `${prefix}-alarms`, kmsMasterKeyId: key.arn, tags: args.tags },
      parent,
    );
    new aws.sns.TopicPolicy(
      `${name}-topic-policy`,
      {
        arn: topic.arn,
        policy: pulumi.all([topic.arn, scope]).apply(([arn, s]) => JSON.stringify(alarmTopicPolicy(arn, s))),
      },
      parent,
    );
    const slackChannel = args.slack
      ? this.createSlackChannel(name, prefix, args, args.slack, topic, identity.accountId)
      : undefined;

    this.topic = topic;
    this.key = key;
    this.slackChannel = slackChannel;
    this.topicArn = topic.arn;
    this.namePrefix = prefix;
    this.registerOutputs({ topicArn: this.topicArn });
  }

  private createSlackChannel(
    name: string,
    prefix: string,
    args: AlarmTopicArgs,
    slack: SlackChannel,
    topic: aws.sns.Topic,
    account: pulumi.Output<string>,
  ): aws.chatbot.SlackChannelConfiguration {
    const role = new aws.iam.Role(
      `${name}-chatbot`,
      {
        path: args.rolePath ?? "/pantstack/",
        description: `AWS Chatbot: posts ${prefix}-alarms to Slack`,
        assumeRolePolicy: account.apply((a) => JSON.stringify(chatbotTrustPolicy(a))),
        permissionsBoundary: args.permissionsBoundaryArn,
        tags: args.tags,
      },
      { parent: this },
    );
    new aws.iam.RolePolicy(
      `${name}-chatbot`,
      { role: role.name, policy: JSON.stringify(chatbotRolePolicy()) },
      { parent: this },
    );
    return new aws.chatbot.SlackChannelConfiguration(
      `${name}-slack`,
      {
        configurationName: `${prefix}-alarms`,
        iamRoleArn: role.arn,
        slackTeamId: slack.workspaceId,
        slackChannelId: slack.channelId,
        snsTopicArns: [topic.arn],
        guardrailPolicyArns: [CHATBOT_GUARDRAIL],
        loggingLevel: "ERROR",
        tags: args.tags,
      },
      { parent: this },
    );
  }
}
