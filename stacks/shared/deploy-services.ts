import type { PolicyStatement } from "../../lib/iam/policy-document";
import { type CiScope, type DeployEnvironment, ENVIRONMENT_TAG, NAME_PREFIXES, ROLE_PATHS } from "./scope";

/** The queue calls of `aws.sqs.Queue` (create with tags, attributes, redrive, tags, delete). */
export const QUEUE_WRITES = [
  "sqs:CreateQueue",
  "sqs:DeleteQueue",
  "sqs:GetQueueAttributes",
  "sqs:GetQueueUrl",
  "sqs:ListQueueTags",
  "sqs:SetQueueAttributes",
  "sqs:TagQueue",
  "sqs:UntagQueue",
];

/** The schedule calls of `aws.scheduler.Schedule` (a schedule carries no tags). */
export const SCHEDULE_WRITES = [
  "scheduler:CreateSchedule",
  "scheduler:DeleteSchedule",
  "scheduler:GetSchedule",
  "scheduler:UpdateSchedule",
];

/** The group calls of `aws.scheduler.ScheduleGroup` (groups carry tags). */
export const SCHEDULE_GROUP_WRITES = [
  "scheduler:CreateScheduleGroup",
  "scheduler:DeleteScheduleGroup",
  "scheduler:GetScheduleGroup",
  "scheduler:ListTagsForResource",
  "scheduler:TagResource",
  "scheduler:UntagResource",
];

/** The namespace calls of `aws.servicediscovery.HttpNamespace` once it exists (by its tags: its ID is generated). */
export const NAMESPACE_WRITES = [
  "servicediscovery:DeleteNamespace",
  "servicediscovery:GetNamespace",
  "servicediscovery:GetOperation",
  "servicediscovery:UpdateHttpNamespace",
];

/**
 * What a deploy role needs for the catalog's backends, workers and jobs, on its own environment only:
 * the queues and schedules named `pantstack-<env>-*` (the components' physical names), schedule groups of
 * that prefix, passing the environment's scheduler roles to EventBridge Scheduler only, and the
 * environment's Cloud Map namespace, known by its tag (AWS generates its ID). The Cloud Map services of
 * Service Connect are ECS's: its service-linked role creates and deletes them (AmazonECSServiceRolePolicy,
 * `CloudMapResourceCreation`, tagged `AmazonECSManaged`), so no CI role gets a grant on them.
 */
export function serviceStatements(environment: DeployEnvironment, scope: CiScope): PolicyStatement[] {
  const { region, account } = scope;
  const prefix = NAME_PREFIXES[environment];
  const own = { [`aws:ResourceTag/${ENVIRONMENT_TAG}`]: environment };
  const creatingOwn = { [`aws:RequestTag/${ENVIRONMENT_TAG}`]: environment };
  const inRegion = { "aws:RequestedRegion": region };
  const scheduler = `arn:aws:scheduler:${region}:${account}`;
  return [
    {
      // SQS authorizes the tags of CreateQueue as sqs:TagQueue too; both are scoped by the queue's name.
      Sid: "OwnQueues",
      Effect: "Allow",
      Action: QUEUE_WRITES,
      Resource: `arn:aws:sqs:${region}:${account}:${prefix}*`,
    },
    {
      // Schedules carry no tags: their names (and the groups they live in) are all that scopes them.
      Sid: "OwnSchedules",
      Effect: "Allow",
      Action: SCHEDULE_WRITES,
      Resource: [`${scheduler}:schedule/default/${prefix}*`, `${scheduler}:schedule/${prefix}*/*`],
    },
    {
      Sid: "OwnScheduleGroups",
      Effect: "Allow",
      Action: SCHEDULE_GROUP_WRITES,
      Resource: `${scheduler}:schedule-group/${prefix}*`,
    },
    {
      // CreateSchedule checks that the caller may pass the schedule's role to Scheduler; the role may only
      // run its job's task (lib/ecs/scheduler-permissions.ts) under the environment's boundary.
      Sid: "PassSchedulerRoles",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: `arn:aws:iam::${account}:role${ROLE_PATHS[environment]}*-scheduler-*`,
      Condition: { StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } },
    },
    {
      // CreateHttpNamespace has no resource-level permission; the request must tag it as this environment.
      Sid: "CreateOwnNamespace",
      Effect: "Allow",
      Action: "servicediscovery:CreateHttpNamespace",
      Resource: "*",
      Condition: { StringEquals: { ...creatingOwn, ...inRegion } },
    },
    {
      // Tags sent with a create are authorized as TagResource, which has no resource-level permission either.
      // Where AWS knows the namespace's tags, another environment's is out of reach (and the tag deny too).
      Sid: "TagOwnNamespace",
      Effect: "Allow",
      Action: "servicediscovery:TagResource",
      Resource: "*",
      Condition: {
        StringEquals: { ...creatingOwn, ...inRegion },
        Null: { [`aws:ResourceTag/${ENVIRONMENT_TAG}`]: "true" },
      },
    },
    {
      // The environment tag never comes off: it is what every namespace grant is scoped by.
      Sid: "UntagOwnNamespace",
      Effect: "Allow",
      Action: "servicediscovery:UntagResource",
      Resource: "*",
      Condition: {
        StringEquals: inRegion,
        "ForAllValues:StringNotEquals": { "aws:TagKeys": [ENVIRONMENT_TAG] },
      },
    },
    {
      Sid: "OwnNamespace",
      Effect: "Allow",
      Action: NAMESPACE_WRITES,
      Resource: `arn:aws:servicediscovery:${region}:${account}:namespace/*`,
      Condition: { StringEquals: own },
    },
    {
      // ListTagsForResource has no resource-level permission; it reads tags only.
      Sid: "ReadNamespaceTags",
      Effect: "Allow",
      Action: "servicediscovery:ListTagsForResource",
      Resource: "*",
      Condition: { StringEquals: inRegion },
    },
    ...serviceConnectGuard(scope),
  ];
}

/**
 * ECS services may join only a namespace of this account and region (`ecs:namespace`, the namespace's ARN,
 * set when the service has a Service Connect configuration). Which environment's namespace IAM cannot
 * tell: the ID in the ARN is generated (docs/iam.md, "Service Connect").
 */
export function serviceConnectGuard(scope: CiScope): PolicyStatement[] {
  return [
    {
      Sid: "ServiceConnectInOwnAccountOnly",
      Effect: "Deny",
      Action: ["ecs:CreateService", "ecs:UpdateService"],
      Resource: "*",
      Condition: {
        Null: { "ecs:namespace": "false" },
        ArnNotLike: {
          "ecs:namespace": `arn:aws:servicediscovery:${scope.region}:${scope.account}:namespace/*`,
        },
      },
    },
  ];
}
