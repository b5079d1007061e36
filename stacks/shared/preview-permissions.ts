import { ECR_PUSH_ACTIONS } from "../../lib/ecr/repository-policy";
import { type PolicyDocument, type PolicyStatement, policyDocument } from "../../lib/iam/policy-document";
import { denyOtherEnvironments, passTaskRoles } from "./common-statements";
import { BOUNDED_ROLE_WRITES } from "./deploy-actions";
import { QUEUE_WRITES, SCHEDULE_WRITES, serviceConnectGuard } from "./deploy-services";
import {
  type CiScope,
  CLUSTER_NAMES,
  clusterArn,
  ENVIRONMENT_TAG,
  hostedZoneArn,
  LOG_GROUP_PREFIXES,
  logGroupsUnder,
  NAME_PREFIXES,
  ownedRecordNames,
  ROLE_PATHS,
  rolesUnder,
  TASK_FAMILY_PREFIXES,
} from "./scope";

/** The capacity provider previews run on (PreviewEnvironment's default). */
export const PREVIEW_CAPACITY_PROVIDER = "FARGATE_SPOT";

/** Calls the preview role makes on resources of `shared` or `test` on purpose; the tag deny spares them. */
export const PREVIEW_CALLS_ON_SHARED = [
  ...ECR_PUSH_ACTIONS,
  "ecr:DescribeImages",
  "iam:PassRole",
  "elasticloadbalancing:CreateRule",
];

/**
 * The preview role, assumed by pull-request workflows (code under review) and by the scheduled sweep: the
 * calls `pulumi up`, `refresh` and `destroy` of a `preview-pr-<N>` stack make for its own resources (all
 * tagged `pantstack:environment=preview` on creation), plus pushing PR images to the preview repository,
 * passing the preview task roles, adding rules to test's listeners, `preview-pr-*` records in the zone,
 * services only in test's cluster on Fargate Spot (joining a Service Connect namespace of this account only),
 * queues and schedules named `pantstack-preview-pr-*` (passing test's preview scheduler role to Scheduler).
 * No IAM change, nothing of test, prod or shared beyond that.
 */
export function previewPolicy(scope: CiScope): PolicyDocument {
  const parts = previewPolicies(scope);
  return policyDocument(...parts.permissions.Statement, ...parts.services.Statement);
}

/**
 * {@link previewPolicy} in the documents IAM's quotas allow (10,240 characters of inline policies per role):
 * the previews' web services, DNS, IAM limits and denies inline (`permissions`), the grants for previews'
 * queues, schedules and Service Connect as the managed policy `services`.
 * Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
export function previewPolicies(scope: CiScope): { permissions: PolicyDocument; services: PolicyDocument } {
  const { region, account } = scope;
  const isPreview = { [`aws:ResourceTag/${ENVIRONMENT_TAG}`]: "preview" };
  const tagsPreview = { [`aws:RequestTag/${ENVIRONMENT_TAG}`]: "preview" };
  const cluster = clusterArn(scope, "test");
  const services = `arn:aws:ecs:${region}:${account}:service/${CLUSTER_NAMES.test}/*`;
  const families = `arn:aws:ecs:${region}:${account}:task-definition/${TASK_FAMILY_PREFIXES.preview}*`;
  const targetGroups = `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/*`;
  const rules = `arn:aws:elasticloadbalancing:${region}:${account}:listener-rule/app/*`;
  // AWS documents the key as capacity provider ARNs; the Fargate providers are also named plainly.
  const spot = [
    PREVIEW_CAPACITY_PROVIDER,
    `arn:aws:ecs:${region}:${account}:capacity-provider/${PREVIEW_CAPACITY_PROVIDER}`,
  ];
  const scalableTargets = `arn:aws:application-autoscaling:${region}:${account}:scalable-target/*`;
  const queues = `arn:aws:sqs:${region}:${account}:${NAME_PREFIXES.preview}*`;
  const statements: PolicyStatement[] = [
    { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    {
      Sid: "PushPullRequestImages",
      Effect: "Allow",
      Action: [...ECR_PUSH_ACTIONS, "ecr:DescribeImages"],
      Resource: scope.previewRepositoryArn,
    },
    {
      Sid: "ReadThePlatform",
      Effect: "Allow",
      Action: [
        "ecs:DescribeTaskDefinition",
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeRules",
        "elasticloadbalancing:DescribeTags",
        "elasticloadbalancing:DescribeTargetGroupAttributes",
        "elasticloadbalancing:DescribeTargetGroups",
        "logs:DescribeLogGroups",
        "application-autoscaling:DescribeScalableTargets",
        "application-autoscaling:DescribeScheduledActions",
      ],
      Resource: "*",
      Condition: { StringEquals: { "aws:RequestedRegion": region } },
    },
    {
      Sid: "CreateServicesInTestOnSpot",
      Effect: "Allow",
      Action: "ecs:CreateService",
      Resource: services,
      Condition: {
        ArnEquals: { "ecs:cluster": cluster },
        StringEquals: tagsPreview,
        // The key is a list (of the strategy's providers); every one must be Spot, and one must be given.
        "ForAnyValue:StringLike": { "ecs:capacity-provider": spot },
        "ForAllValues:StringLike": { "ecs:capacity-provider": spot },
      },
    },
    {
      Sid: "ChangePreviewServices",
      Effect: "Allow",
      Action: ["ecs:UpdateService", "ecs:DeleteService", "ecs:DescribeServices"],
      Resource: services,
      Condition: {
        ArnEquals: { "ecs:cluster": cluster },
        StringEquals: isPreview,
        "ForAllValues:StringLike": { "ecs:capacity-provider": spot },
      },
    },
    {
      Sid: "TagPreviewServices",
      Effect: "Allow",
      Action: ["ecs:TagResource", "ecs:UntagResource", "ecs:ListTagsForResource"],
      Resource: services,
      Condition: { StringEquals: isPreview },
    },
    {
      Sid: "RegisterPreviewTaskDefinitions",
      Effect: "Allow",
      Action: "ecs:RegisterTaskDefinition",
      Resource: families,
      Condition: { StringEquals: tagsPreview },
    },
    // AWS has no resource-level permission for DeregisterTaskDefinition (every family, test's and prod's too).
    // A deregistered definition keeps its services and tasks running, so a preview cannot stop them with it.
    {
      Sid: "DeregisterTaskDefinitions",
      Effect: "Allow",
      Action: "ecs:DeregisterTaskDefinition",
      Resource: "*",
    },
    {
      Sid: "TagOnCreate",
      Effect: "Allow",
      Action: "ecs:TagResource",
      Resource: [services, families],
      Condition: {
        StringEquals: { ...tagsPreview, "ecs:CreateAction": ["CreateService", "RegisterTaskDefinition"] },
      },
    },
    {
      // The provider sends only the changed tags (`pantstack:expires-at` on every deploy), so retagging is
      // allowed by what the resource already is, not by what the request carries.
      Sid: "RetagPreviewResources",
      Effect: "Allow",
      Action: ["ecs:TagResource", "ecs:UntagResource", "ecs:ListTagsForResource"],
      Resource: [services, families],
      Condition: { StringEquals: isPreview },
    },
    {
      Sid: "CreateTargetGroups",
      Effect: "Allow",
      Action: "elasticloadbalancing:CreateTargetGroup",
      Resource: targetGroups,
      Condition: { StringEquals: tagsPreview },
    },
    {
      Sid: "AddRulesToTestListeners",
      Effect: "Allow",
      Action: "elasticloadbalancing:CreateRule",
      Resource: `arn:aws:elasticloadbalancing:${region}:${account}:listener/app/*`,
      Condition: { StringEquals: { [`aws:ResourceTag/${ENVIRONMENT_TAG}`]: "test", ...tagsPreview } },
    },
    {
      Sid: "TagLoadBalancingOnCreate",
      Effect: "Allow",
      Action: "elasticloadbalancing:AddTags",
      Resource: [targetGroups, rules],
      Condition: {
        StringEquals: {
          ...tagsPreview,
          "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateRule"],
        },
      },
    },
    {
      Sid: "ChangePreviewLoadBalancing",
      Effect: "Allow",
      Action: [
        "elasticloadbalancing:AddTags",
        "elasticloadbalancing:RemoveTags",
        "elasticloadbalancing:DeleteTargetGroup",
        "elasticloadbalancing:ModifyTargetGroup",
        "elasticloadbalancing:ModifyTargetGroupAttributes",
        "elasticloadbalancing:DeleteRule",
        "elasticloadbalancing:ModifyRule",
      ],
      Resource: [targetGroups, rules],
      Condition: { StringEquals: isPreview },
    },
    {
      Sid: "PreviewLogGroups",
      Effect: "Allow",
      Action: [
        "logs:CreateLogGroup",
        "logs:DeleteLogGroup",
        "logs:PutRetentionPolicy",
        "logs:TagResource",
        "logs:UntagResource",
        "logs:ListTagsForResource",
      ],
      Resource: logGroupsUnder(scope, LOG_GROUP_PREFIXES.preview),
    },
    {
      Sid: "PreviewDnsRecords",
      Effect: "Allow",
      Action: "route53:ChangeResourceRecordSets",
      Resource: hostedZoneArn(scope),
      Condition: {
        "ForAllValues:StringLike": {
          "route53:ChangeResourceRecordSetsNormalizedRecordNames": ownedRecordNames(scope, "preview"),
        },
        "ForAllValues:StringEquals": { "route53:ChangeResourceRecordSetsRecordTypes": ["A", "AAAA"] },
      },
    },
    {
      // `preview-pr-*.<domain>` would also match `preview-pr-1.api.<domain>`: one label only.
      Sid: "NeverDeeperDnsNames",
      Effect: "Deny",
      Action: "route53:ChangeResourceRecordSets",
      Resource: "*",
      Condition: {
        "ForAnyValue:StringLike": {
          "route53:ChangeResourceRecordSetsNormalizedRecordNames": `*.*.${scope.domain}`,
        },
      },
    },
    {
      Sid: "ReadTheZone",
      Effect: "Allow",
      Action: ["route53:GetHostedZone", "route53:ListResourceRecordSets"],
      Resource: hostedZoneArn(scope),
    },
    {
      Sid: "DnsChanges",
      Effect: "Allow",
      Action: "route53:GetChange",
      Resource: "arn:aws:route53:::change/*",
    },
    {
      Sid: "RegisterPreviewScalableTargets",
      Effect: "Allow",
      Action: ["application-autoscaling:RegisterScalableTarget", "application-autoscaling:TagResource"],
      Resource: scalableTargets,
      Condition: { StringEquals: tagsPreview },
    },
    {
      Sid: "SleepSchedules",
      Effect: "Allow",
      Action: [
        "application-autoscaling:RegisterScalableTarget",
        "application-autoscaling:DeregisterScalableTarget",
        "application-autoscaling:PutScheduledAction",
        "application-autoscaling:DeleteScheduledAction",
        "application-autoscaling:TagResource",
        "application-autoscaling:UntagResource",
        "application-autoscaling:ListTagsForResource",
      ],
      Resource: scalableTargets,
      Condition: { StringEquals: isPreview },
    },
    {
      // Registering the first ECS scalable target creates this fixed, AWS-defined role: nothing to escalate.
      Sid: "AutoscalingServiceLinkedRole",
      Effect: "Allow",
      Action: "iam:CreateServiceLinkedRole",
      Resource: `arn:aws:iam::${account}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/*`,
      Condition: { StringEquals: { "iam:AWSServiceName": "ecs.application-autoscaling.amazonaws.com" } },
    },
    passTaskRoles(scope, ["preview"]),
    {
      Sid: "NeverIam",
      Effect: "Deny",
      Action: [...BOUNDED_ROLE_WRITES, "iam:DeleteRolePermissionsBoundary", "iam:TagRole", "iam:UntagRole"],
      Resource: "*",
    },
    {
      Sid: "NeverIamBeyondPreviewRoles",
      Effect: "Deny",
      Action: "iam:*",
      NotResource: [
        rolesUnder(scope, ROLE_PATHS.preview),
        `arn:aws:iam::${account}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/*`,
      ],
    },
    ...denyOtherEnvironments(["shared", "test", "prod"], PREVIEW_CALLS_ON_SHARED),
  ];
  const kinds: PolicyStatement[] = [
    {
      // A preview's own workers get their own queues (`pantstack-preview-pr-<N>-<service>`), tagged as previews.
      Sid: "CreatePreviewQueues",
      Effect: "Allow",
      Action: ["sqs:CreateQueue", "sqs:TagQueue"],
      Resource: queues,
      Condition: { StringEquals: tagsPreview },
    },
    {
      Sid: "ChangePreviewQueues",
      Effect: "Allow",
      Action: QUEUE_WRITES.filter((a) => a !== "sqs:CreateQueue"),
      Resource: queues,
      Condition: { StringEquals: isPreview },
    },
    {
      // A preview's job: its schedule (no tags in AWS: named `pantstack-preview-pr-<N>-<job>`) runs with the
      // scheduler role test creates for previews, under the preview boundary.
      Sid: "PreviewSchedules",
      Effect: "Allow",
      Action: SCHEDULE_WRITES,
      Resource: `arn:aws:scheduler:${region}:${account}:schedule/default/${NAME_PREFIXES.preview}*`,
    },
    {
      Sid: "PassPreviewSchedulerRoles",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: `arn:aws:iam::${account}:role${ROLE_PATHS.preview}*-scheduler-*`,
      Condition: { StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } },
    },
    ...serviceConnectGuard(scope),
  ];
  return { permissions: policyDocument(...statements), services: policyDocument(...kinds) };
}
