import { ECR_PUSH_ACTIONS } from "../../lib/ecr/repository-policy";
import { type PolicyDocument, type PolicyStatement, policyDocument } from "../../lib/iam/policy-document";
import { PREVIEW_HOST_PREFIX, PREVIEW_LOG_GROUP_PREFIX } from "../../lib/preview/naming";
import { TAG_KEYS } from "../../lib/tags";

/** Where the ARNs of the CI permissions point. */
export interface CiScope {
  account: string;
  region: string;
  /** ARN of the one image repository. */
  repositoryArn: string;
}

/** The environments a GitHub deploy role may change. */
export type DeployEnvironment = "test" | "prod";

/** IAM path of the roles each environment's stacks create; `iam:PassRole` grants are scoped to it. */
export const ROLE_PATHS = {
  test: "/pantstack/test/",
  prod: "/pantstack/prod/",
  preview: "/pantstack/preview/",
} as const;

const TAG_ENV = `aws:ResourceTag/${TAG_KEYS.environment}`;
const REQUEST_TAG_ENV = `aws:RequestTag/${TAG_KEYS.environment}`;

/** The image push role (branches `dev` and `main`): push and pull on one repository, nothing else. */
export function imagePushPolicy(scope: CiScope): PolicyDocument {
  return policyDocument(
    // GetAuthorizationToken has no resource-level permissions: AWS requires "*".
    { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    {
      Sid: "PushToTheRepository",
      Effect: "Allow",
      Action: [...ECR_PUSH_ACTIONS, "ecr:DescribeImages"],
      Resource: scope.repositoryArn,
    },
  );
}

const roleArn = (scope: CiScope, path: string) => `arn:aws:iam::${scope.account}:role${path}*`;

/**
 * A deploy role's permissions: the services an environment is built from, in one region; IAM only for roles
 * under the environment's path; and an explicit deny on anything tagged as another environment, so the
 * `test` role can never change `prod` (and the reverse) even where AWS has no resource-level permissions.
 */
export function deployPolicy(environment: DeployEnvironment, scope: CiScope): PolicyDocument {
  // The test stack also owns the roles previews run with (previews cannot create roles).
  const paths = environment === "test" ? [ROLE_PATHS.test, ROLE_PATHS.preview] : [ROLE_PATHS.prod];
  const others = environment === "test" ? ["shared", "prod"] : ["shared", "test", "preview"];
  return policyDocument(
    {
      Sid: "EnvironmentServices",
      Effect: "Allow",
      Action: [
        "ec2:*",
        "ecs:*",
        "elasticloadbalancing:*",
        "logs:*",
        "acm:*",
        "application-autoscaling:*",
        "cloudwatch:*",
      ],
      Resource: "*",
      Condition: { StringEquals: { "aws:RequestedRegion": scope.region } },
    },
    {
      Sid: "Dns",
      Effect: "Allow",
      Action: [
        "route53:ChangeResourceRecordSets",
        "route53:GetChange",
        "route53:GetHostedZone",
        "route53:ListHostedZones",
        "route53:ListHostedZonesByName",
        "route53:ListResourceRecordSets",
        "route53:ListTagsForResource",
      ],
      Resource: "*",
    },
    {
      Sid: "EnvironmentRoles",
      Effect: "Allow",
      Action: [
        "iam:CreateRole",
        "iam:DeleteRole",
        "iam:GetRole",
        "iam:UpdateRole",
        "iam:UpdateAssumeRolePolicy",
        "iam:TagRole",
        "iam:UntagRole",
        "iam:PutRolePolicy",
        "iam:GetRolePolicy",
        "iam:DeleteRolePolicy",
        "iam:ListRolePolicies",
        "iam:ListAttachedRolePolicies",
        "iam:ListInstanceProfilesForRole",
      ],
      Resource: paths.map((p) => roleArn(scope, p)),
    },
    passRoleStatement(scope, paths),
    {
      Sid: "ServiceLinkedRoles",
      Effect: "Allow",
      Action: "iam:CreateServiceLinkedRole",
      Resource: `arn:aws:iam::${scope.account}:role/aws-service-role/*`,
      Condition: {
        StringEquals: {
          "iam:AWSServiceName": [
            "ecs.amazonaws.com",
            "elasticloadbalancing.amazonaws.com",
            "ecs.application-autoscaling.amazonaws.com",
          ],
        },
      },
    },
    {
      Sid: "ReadReleaseImages",
      Effect: "Allow",
      Action: ["ecr:DescribeImages", "ecr:DescribeRepositories"],
      Resource: scope.repositoryArn,
    },
    denyOtherEnvironments(others),
  );
}

/**
 * The preview role, assumed by pull-request workflows (so by code under review): it may create and destroy
 * only resources tagged `pantstack:environment=preview`, log groups under the preview prefix and DNS
 * records named `preview-pr-*`. It can pass the preview task roles but never create or change IAM.
 */
export function previewPolicy(scope: CiScope): PolicyDocument {
  const previewTag = { StringEquals: { [REQUEST_TAG_ENV]: "preview" } };
  const taggedPreview = { StringEquals: { [TAG_ENV]: "preview" } };
  const statements: PolicyStatement[] = [
    { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    {
      Sid: "PushPullRequestImages",
      Effect: "Allow",
      Action: [...ECR_PUSH_ACTIONS, "ecr:DescribeImages"],
      Resource: scope.repositoryArn,
    },
    {
      Sid: "ReadThePlatform",
      Effect: "Allow",
      Action: [
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSubnets",
        "ec2:DescribeVpcs",
        "ecs:DescribeClusters",
        "ecs:DescribeServices",
        "ecs:DescribeTaskDefinition",
        "ecs:ListTagsForResource",
        "elasticloadbalancing:Describe*",
        "logs:DescribeLogGroups",
        "route53:GetChange",
        "route53:GetHostedZone",
        "route53:ListResourceRecordSets",
      ],
      Resource: "*",
    },
    {
      Sid: "CreatePreviewResources",
      Effect: "Allow",
      Action: [
        "ecs:CreateService",
        "ecs:RegisterTaskDefinition",
        "ecs:TagResource",
        "elasticloadbalancing:CreateTargetGroup",
        "elasticloadbalancing:CreateRule",
        "elasticloadbalancing:AddTags",
      ],
      Resource: "*",
      Condition: previewTag,
    },
    {
      Sid: "ChangePreviewResources",
      Effect: "Allow",
      Action: [
        "ecs:UpdateService",
        "ecs:DeleteService",
        "elasticloadbalancing:DeleteTargetGroup",
        "elasticloadbalancing:ModifyTargetGroup",
        "elasticloadbalancing:ModifyTargetGroupAttributes",
        "elasticloadbalancing:DeleteRule",
        "elasticloadbalancing:ModifyRule",
        "elasticloadbalancing:SetRulePriorities",
      ],
      Resource: "*",
      Condition: taggedPreview,
    },
    // Task definitions have no resource-level permission for deregistration.
    {
      Sid: "DeregisterTaskDefinitions",
      Effect: "Allow",
      Action: "ecs:DeregisterTaskDefinition",
      Resource: "*",
    },
    {
      Sid: "PreviewLogGroups",
      Effect: "Allow",
      Action: [
        "logs:CreateLogGroup",
        "logs:DeleteLogGroup",
        "logs:PutRetentionPolicy",
        "logs:TagResource",
        "logs:ListTagsForResource",
      ],
      Resource: `arn:aws:logs:${scope.region}:${scope.account}:log-group:${PREVIEW_LOG_GROUP_PREFIX}*`,
    },
    {
      Sid: "PreviewDnsRecords",
      Effect: "Allow",
      Action: "route53:ChangeResourceRecordSets",
      Resource: "arn:aws:route53:::hostedzone/*",
      Condition: {
        "ForAllValues:StringLike": {
          "route53:ChangeResourceRecordSetsNormalizedRecordNames": `${PREVIEW_HOST_PREFIX}*`,
        },
      },
    },
    passRoleStatement(scope, [ROLE_PATHS.preview]),
    {
      Sid: "NeverIam",
      Effect: "Deny",
      Action: [
        "iam:Create*",
        "iam:Delete*",
        "iam:Put*",
        "iam:Attach*",
        "iam:Detach*",
        "iam:Update*",
        "iam:Tag*",
      ],
      Resource: "*",
    },
    denyOtherEnvironments(["shared", "test", "prod"]),
  ];
  return policyDocument(...statements);
}

function passRoleStatement(scope: CiScope, paths: string[]): PolicyStatement {
  return {
    Sid: "PassTaskRoles",
    Effect: "Allow",
    Action: "iam:PassRole",
    Resource: paths.map((p) => roleArn(scope, p)),
    Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
  };
}

function denyOtherEnvironments(environments: string[]): PolicyStatement {
  return {
    Sid: "NeverOtherEnvironments",
    Effect: "Deny",
    Action: "*",
    Resource: "*",
    Condition: { StringEquals: { [TAG_ENV]: environments } },
  };
}
