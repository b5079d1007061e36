import { type PolicyDocument, policyDocument } from "../../lib/iam/policy-document";
import { MANAGED_ROLES } from "./deploy-permissions";
import { type CiScope, type DeployEnvironment, hostedZoneArn, ROLE_PATHS, rolesUnder } from "./scope";

/**
 * The GitHub environment whose OIDC subject (`repo:<owner>/<repo>:environment:<name>`) each drift role
 * trusts. GitHub sends only that subject to a job that declares an environment; the `github` stack limits
 * both environments to the default branch, so only the drift workflow as merged there gets the role.
 */
export const DRIFT_GITHUB_ENVIRONMENTS = { test: "drift-test", prod: "drift-prod" } as const;

/**
 * What `pulumi preview --refresh` reads in a region: the AWS provider's Read of every resource type the
 * environments create (and the alarm, queue, schedule, event rule and discovery types their components may add), and
 * the data sources the programs call. Describe/Get/List only; every one is a Read or List action in AWS's
 * IAM data (tests/stacks/permissions-drift.test.ts checks that against the data).
 */
export const DRIFT_REGIONAL_READS = [
  "ec2:Describe*",
  "elasticloadbalancing:Describe*",
  "ecs:Describe*",
  "ecs:List*",
  "ecr:DescribeRepositories",
  "ecr:DescribeImages",
  "ecr:GetLifecyclePolicy",
  "ecr:GetRepositoryPolicy",
  "ecr:ListTagsForResource",
  "logs:DescribeLogGroups",
  "logs:DescribeMetricFilters",
  "logs:ListTagsForResource",
  "logs:ListTagsLogGroup",
  "acm:DescribeCertificate",
  "acm:ListCertificates",
  "acm:ListTagsForCertificate",
  "application-autoscaling:Describe*",
  "application-autoscaling:ListTagsForResource",
  "cloudwatch:DescribeAlarms",
  "cloudwatch:ListTagsForResource",
  "sns:GetTopicAttributes",
  "sns:GetSubscriptionAttributes",
  "sns:ListSubscriptionsByTopic",
  "sns:ListTagsForResource",
  "sqs:GetQueueAttributes",
  "sqs:GetQueueUrl",
  "sqs:ListQueueTags",
  "scheduler:GetSchedule",
  "scheduler:GetScheduleGroup",
  "scheduler:ListTagsForResource",
  "servicediscovery:GetNamespace",
  "servicediscovery:GetOperation",
  "servicediscovery:GetService",
  "servicediscovery:ListTagsForResource",
  "ssm:DescribeParameters",
  "ssm:ListTagsForResource",
  "secretsmanager:DescribeSecret",
  "secretsmanager:GetResourcePolicy",
  "kms:DescribeKey",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListResourceTags",
  "chatbot:DescribeSlackChannelConfigurations",
  "chatbot:ListTagsForResource",
  "events:DescribeRule",
  "events:ListTargetsByRule",
  "events:ListTagsForResource",
];

/** What a refresh reads of the roles an environment creates (IAM is global). */
export const DRIFT_ROLE_READS = [
  "iam:GetRole",
  "iam:GetRolePolicy",
  "iam:ListRolePolicies",
  "iam:ListAttachedRolePolicies",
  "iam:ListRoleTags",
];

/** What a refresh reads of the domain's Route 53 zone (global): the zone and its records. */
export const DRIFT_ZONE_READS = [
  "route53:GetHostedZone",
  "route53:ListResourceRecordSets",
  "route53:ListTagsForResource",
];

/** Finding the zone by name (`aws.route53.getZone`) and a change's status. */
export const DRIFT_DNS_LOOKUPS = [
  "route53:ListHostedZones",
  "route53:ListHostedZonesByName",
  "route53:GetChange",
];

/**
 * Reads that return secret data, never needed by a refresh of these stacks: they create no SSM parameter,
 * no secret and no key (a task definition names its secrets by ARN; ECS reads their values, not Pulumi), and
 * reading a queue's messages would consume them. Denied outright, so no later allow can grant them.
 */
export const DRIFT_NEVER = [
  "secretsmanager:GetSecretValue",
  "ssm:GetParameter",
  "ssm:GetParameters",
  "ssm:GetParametersByPath",
  "ssm:GetParameterHistory",
  "kms:Decrypt",
  "sqs:ReceiveMessage",
  "logs:GetLogEvents",
  "logs:FilterLogEvents",
  "ecr:GetDownloadUrlForLayer",
  "ecr:BatchGetImage",
];

/**
 * The drift role of `environment` (`drift-test`, `drift-prod`): what `pulumi preview --refresh
 * --expect-no-changes` of its stack reads, and nothing else. Regional reads in the stack's region; IAM reads
 * of the roles the environment creates; Route 53 reads of the domain's zone. Two denies make it read-only
 * whatever else is attached to it later (a deny wins over any allow): every action but these reads, and
 * the reads that return secret values.
 */
export function driftPolicy(environment: DeployEnvironment, scope: CiScope): PolicyDocument {
  const reads = [...DRIFT_REGIONAL_READS, ...DRIFT_ROLE_READS, ...DRIFT_ZONE_READS, ...DRIFT_DNS_LOOKUPS];
  return policyDocument(
    {
      Sid: "ReadWhatRefreshReads",
      Effect: "Allow",
      Action: DRIFT_REGIONAL_READS,
      Resource: "*",
      Condition: { StringEquals: { "aws:RequestedRegion": scope.region } },
    },
    {
      Sid: "ReadTheEnvironmentsRoles",
      Effect: "Allow",
      Action: DRIFT_ROLE_READS,
      Resource: MANAGED_ROLES[environment].map((env) => rolesUnder(scope, ROLE_PATHS[env])),
    },
    { Sid: "ReadTheZone", Effect: "Allow", Action: DRIFT_ZONE_READS, Resource: hostedZoneArn(scope) },
    // ListHostedZones(ByName) and GetChange have no resource-level permissions: AWS requires "*".
    { Sid: "FindTheZone", Effect: "Allow", Action: DRIFT_DNS_LOOKUPS, Resource: "*" },
    { Sid: "NeverWrite", Effect: "Deny", NotAction: reads, Resource: "*" },
    { Sid: "NeverSecretValues", Effect: "Deny", Action: DRIFT_NEVER, Resource: "*" },
  );
}
