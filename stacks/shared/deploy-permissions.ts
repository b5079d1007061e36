import { type PolicyDocument, type PolicyStatement, policyDocument } from "../../lib/iam/policy-document";
import {
  denyOtherEnvironments,
  neverChangeCiOrBoundaries,
  passTaskRoles,
  READ_RELEASE_IMAGES,
} from "./common-statements";
import {
  BOUNDED_ROLE_WRITES,
  LOAD_BALANCING_WRITES,
  NETWORK_WRITES,
  PLATFORM_READS,
  ROLE_READS_AND_TAGS,
} from "./deploy-actions";
import { rolloutStatements } from "./deploy-rollouts";
import { serviceStatements } from "./deploy-services";
import {
  type BoundedEnvironment,
  boundaryArn,
  type CiScope,
  CLUSTER_NAMES,
  clusterArn,
  type DeployEnvironment,
  foreignRecordNames,
  hostedZoneArn,
  LOG_GROUP_PREFIXES,
  logGroupsUnder,
  ownedRecordNames,
  ROLE_PATHS,
  rolesUnder,
  TASK_FAMILY_PREFIXES,
  webHostnames,
} from "./scope";

/** The environments whose roles a deploy role manages: `test` also creates the preview task roles. */
export const MANAGED_ROLES: Record<DeployEnvironment, BoundedEnvironment[]> = {
  test: ["test", "preview"],
  prod: ["prod"],
};

/** The documents a deploy role's permissions come in: its inline policy and three managed policies. */
export const DEPLOY_POLICY_PARTS = ["permissions", "roles", "rollouts", "services"] as const;

/** One of {@link DEPLOY_POLICY_PARTS}. */
export type DeployPolicyPart = (typeof DEPLOY_POLICY_PARTS)[number];

/**
 * A deploy role's permissions (`deploy-test`, `deploy-prod`): the calls `pulumi up`, `refresh` and `destroy`
 * of its stack make, scoped to its cluster, its names, its log groups, its DNS records and roles that carry
 * its environment's permissions boundary; an explicit deny on anything tagged as another environment for
 * what stays on "*" (EC2, ELB, ACM, scalable targets). One document: the union of {@link deployPolicies}.
 */
export function deployPolicy(environment: DeployEnvironment, scope: CiScope): PolicyDocument {
  const parts = deployPolicies(environment, scope);
  return policyDocument(...DEPLOY_POLICY_PARTS.flatMap((part) => parts[part].Statement));
}

/**
 * {@link deployPolicy} in the documents IAM's quotas allow: a role's inline policies total at most 10,240
 * characters and a managed policy at most 6,144 (whitespace not counted), so the platform's calls and the
 * denies stay inline (`permissions`) and the role, rollout and service grants are managed policies.
 * Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
export function deployPolicies(
  environment: DeployEnvironment,
  scope: CiScope,
): Record<DeployPolicyPart, PolicyDocument> {
  const inRegion = { StringEquals: { "aws:RequestedRegion": scope.region } };
  const cluster = clusterArn(scope, environment);
  const services = `arn:aws:ecs:${scope.region}:${scope.account}:service/${CLUSTER_NAMES[environment]}/*`;
  const families = `arn:aws:ecs:${scope.region}:${scope.account}:task-definition/${TASK_FAMILY_PREFIXES[environment]}*`;
  const managed = MANAGED_ROLES[environment];
  const hostnames = webHostnames(scope, environment);
  // test's certificate covers its other web services by the wildcard; prod's names each one.
  const certificateNames = environment === "test" ? [...hostnames, `*.${scope.domain}`] : hostnames;
  const scalableTargets = `arn:aws:application-autoscaling:${scope.region}:${scope.account}:scalable-target/*`;
  const others: string[] = environment === "test" ? ["shared", "prod"] : ["shared", "test", "preview"];
  const statements: PolicyStatement[] = [
    { Sid: "ReadThePlatform", Effect: "Allow", Action: PLATFORM_READS, Resource: "*", Condition: inRegion },
    { Sid: "Network", Effect: "Allow", Action: NETWORK_WRITES, Resource: "*", Condition: inRegion },
    {
      Sid: "LoadBalancing",
      Effect: "Allow",
      Action: LOAD_BALANCING_WRITES,
      Resource: "*",
      Condition: inRegion,
    },
    {
      Sid: "OwnCluster",
      Effect: "Allow",
      Action: [
        "ecs:CreateCluster",
        "ecs:DeleteCluster",
        "ecs:DescribeClusters",
        "ecs:PutClusterCapacityProviders",
        "ecs:UpdateCluster",
        "ecs:UpdateClusterSettings",
        "ecs:TagResource",
        "ecs:UntagResource",
        "ecs:ListTagsForResource",
      ],
      Resource: cluster,
    },
    {
      Sid: "ServicesInOwnCluster",
      Effect: "Allow",
      Action: ["ecs:CreateService", "ecs:UpdateService", "ecs:DeleteService", "ecs:DescribeServices"],
      Resource: services,
      Condition: { ArnEquals: { "ecs:cluster": cluster } },
    },
    {
      // Tag calls have no ecs:cluster key; the service ARN names the cluster.
      Sid: "TagServicesInOwnCluster",
      Effect: "Allow",
      Action: ["ecs:TagResource", "ecs:UntagResource", "ecs:ListTagsForResource"],
      Resource: services,
    },
    {
      Sid: "OwnTaskFamilies",
      Effect: "Allow",
      Action: [
        "ecs:RegisterTaskDefinition",
        "ecs:TagResource",
        "ecs:UntagResource",
        "ecs:ListTagsForResource",
      ],
      Resource: families,
    },
    // AWS has no resource-level permission for DeregisterTaskDefinition: it cannot be limited to our
    // families. A deregistered definition keeps running services and tasks running, so the harm is bounded.
    {
      Sid: "DeregisterTaskDefinitions",
      Effect: "Allow",
      Action: "ecs:DeregisterTaskDefinition",
      Resource: "*",
    },
    {
      Sid: "OwnLogGroups",
      Effect: "Allow",
      Action: [
        "logs:CreateLogGroup",
        "logs:DeleteLogGroup",
        "logs:PutRetentionPolicy",
        "logs:DeleteRetentionPolicy",
        "logs:TagResource",
        "logs:UntagResource",
        "logs:ListTagsForResource",
      ],
      Resource: logGroupsUnder(scope, LOG_GROUP_PREFIXES[environment]),
    },
    {
      Sid: "RequestOwnCertificates",
      Effect: "Allow",
      Action: "acm:RequestCertificate",
      Resource: "*",
      Condition: { ...inRegion, "ForAllValues:StringEquals": { "acm:DomainNames": certificateNames } },
    },
    {
      Sid: "Certificates",
      Effect: "Allow",
      Action: [
        "acm:AddTagsToCertificate",
        "acm:DeleteCertificate",
        "acm:DescribeCertificate",
        "acm:ListTagsForCertificate",
        "acm:RemoveTagsFromCertificate",
        "acm:UpdateCertificateOptions",
      ],
      Resource: `arn:aws:acm:${scope.region}:${scope.account}:certificate/*`,
    },
    {
      Sid: "OwnDnsRecords",
      Effect: "Allow",
      Action: "route53:ChangeResourceRecordSets",
      Resource: hostedZoneArn(scope),
      Condition: {
        "ForAllValues:StringLike": {
          "route53:ChangeResourceRecordSetsNormalizedRecordNames": ownedRecordNames(scope, environment),
        },
      },
    },
    {
      Sid: "NeverOtherEnvironmentsDns",
      Effect: "Deny",
      Action: "route53:ChangeResourceRecordSets",
      Resource: "*",
      Condition: {
        "ForAnyValue:StringLike": {
          "route53:ChangeResourceRecordSetsNormalizedRecordNames": foreignRecordNames(scope, environment),
        },
      },
    },
    {
      Sid: "ReadTheZone",
      Effect: "Allow",
      Action: ["route53:GetHostedZone", "route53:ListResourceRecordSets", "route53:ListTagsForResource"],
      Resource: hostedZoneArn(scope),
    },
    {
      Sid: "DnsChanges",
      Effect: "Allow",
      Action: "route53:GetChange",
      Resource: "arn:aws:route53:::change/*",
    },
    {
      Sid: "FindTheZone",
      Effect: "Allow",
      Action: ["route53:ListHostedZones", "route53:ListHostedZonesByName"],
      Resource: "*",
    },
    {
      Sid: "ServiceAutoscaling",
      Effect: "Allow",
      Action: [
        "application-autoscaling:RegisterScalableTarget",
        "application-autoscaling:DeregisterScalableTarget",
        "application-autoscaling:PutScalingPolicy",
        "application-autoscaling:DeleteScalingPolicy",
        "application-autoscaling:PutScheduledAction",
        "application-autoscaling:DeleteScheduledAction",
      ],
      Resource: scalableTargets,
      Condition: { StringEquals: { "application-autoscaling:service-namespace": "ecs" } },
    },
    {
      Sid: "TagScalableTargets",
      Effect: "Allow",
      Action: [
        "application-autoscaling:TagResource",
        "application-autoscaling:UntagResource",
        "application-autoscaling:ListTagsForResource",
      ],
      Resource: scalableTargets,
    },
    {
      // Target tracking policies create their alarms under the caller's permissions, named after the service.
      Sid: "TargetTrackingAlarms",
      Effect: "Allow",
      Action: ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms"],
      Resource: `arn:aws:cloudwatch:${scope.region}:${scope.account}:alarm:TargetTracking-service/${CLUSTER_NAMES[environment]}/*`,
    },
    ...neverChangeCiOrBoundaries(scope),
    ...denyOtherEnvironments(others),
  ];
  const roles: PolicyStatement[] = [
    ...managed.map(
      (env): PolicyStatement => ({
        Sid: `RolesWith${capitalize(env)}Boundary`,
        Effect: "Allow",
        Action: BOUNDED_ROLE_WRITES,
        Resource: rolesUnder(scope, ROLE_PATHS[env]),
        Condition: { StringEquals: { "iam:PermissionsBoundary": boundaryArn(scope, env) } },
      }),
    ),
    {
      Sid: "ReadAndTagOwnRoles",
      Effect: "Allow",
      Action: ROLE_READS_AND_TAGS,
      Resource: managed.map((env) => rolesUnder(scope, ROLE_PATHS[env])),
    },
    passTaskRoles(scope, managed),
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
  ];
  return {
    permissions: policyDocument(...statements),
    roles: policyDocument(...roles),
    rollouts: policyDocument(...rolloutStatements(environment, scope)),
    // The release repositories grow with the catalog: one ARN per service.
    services: policyDocument(READ_RELEASE_IMAGES(scope), ...serviceStatements(environment, scope)),
  };
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
