import * as pulumi from "@pulumi/pulumi";
import {
  AlarmTopic as LibAlarmTopic,
  normalizeAlarmTopicArgs,
  type SlackChannel,
} from "../../lib/monitoring/alarm-topic";

/** Arguments of the `pantstack:index:AlarmTopic` component. */
export interface AlarmTopicArgs {
  /**
   * The topic's name, and the prefix of the alarm names it accepts (`<namePrefix>-*`).
   * @default - `pantstack-<stack>`
   */
  namePrefix?: string;
  /**
   * Also deliver the alarms to this Slack channel through AWS Chatbot (the workspace must be authorized in
   * the Chatbot console first, once per account).
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
   * Principals that manage the topic's key through its key policy (the environment's deploy role).
   * @default - none: the account manages the key through IAM
   */
  keyAdministratorArns?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Tags of every taggable child.
   * @default {}
   */
  tags?: Record<string, string>;
}

/**
 * An environment's alarm topic: an SNS topic under its own KMS key, which CloudWatch may publish to for this
 * account's alarms named `<namePrefix>-*`, and optionally an AWS Chatbot configuration that posts to Slack.
 * Give its `topicArn` to `EcsApiService`'s `alarms`. Wraps the TypeScript `AlarmTopic`.
 */
export class AlarmTopic extends pulumi.ComponentResource {
  /** The topic's ARN: an alarm's action. */
  declare readonly topicArn: pulumi.Output<string>;
  /** The prefix the alarm names must start with to publish here. */
  declare readonly namePrefix: pulumi.Output<string>;

  constructor(name: string, args: AlarmTopicArgs, opts?: pulumi.ComponentResourceOptions) {
    // The TypeScript component's own checks, run here so that bad input registers nothing, not even the facade.
    normalizeAlarmTopicArgs(name, pulumi.getStack(), args);
    const libArgs = { ...args };
    super("pantstack:index:AlarmTopic", name, {}, opts);
    const topic = new LibAlarmTopic(name, libArgs, { parent: this });
    this.topicArn = topic.topicArn;
    this.namePrefix = pulumi.output(topic.namePrefix);
    this.registerOutputs({ topicArn: this.topicArn, namePrefix: this.namePrefix });
  }
}
