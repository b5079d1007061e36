import type { EcrRepositoryArgs } from "../../lib/ecr/ecr-repository";
import type { EcsApiServiceArgs } from "../../lib/ecs/ecs-api-service-args";
import type { GithubOidcRoleArgs } from "../../lib/github/github-oidc-role";
import { policyDocument } from "../../lib/iam/policy-document";
import type { HttpsLoadBalancerArgs } from "../../lib/network/https-load-balancer";
import type { NetworkArgs } from "../../lib/network/network";
import type { PreviewEnvironmentArgs } from "../../lib/preview/preview-environment";
import { PLATFORM } from "../preview/platform-fixture";

/**
 * The same inputs twice: as a Python (or any) program sends them through the generated SDK (`wire`), and as
 * a TypeScript program passes them to the TypeScript class (`ts`). Where the shapes differ (unions, policy
 * documents, dates) the facade must turn the first into the second.
 */
export interface SameInputs<T> {
  wire: Record<string, unknown>;
  ts: T;
}

const bucketRead = policyDocument({
  Effect: "Allow",
  Action: ["s3:GetObject"],
  Resource: ["arn:aws:s3:::assets/*"],
});

export const ecr: SameInputs<EcrRepositoryArgs> = {
  wire: {
    repositoryName: "team/api",
    encryption: { type: "KMS", kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1234" },
    keepReleaseImages: 5,
    pushRoleArns: ["arn:aws:iam::123456789012:role/push"],
    pullRoleArns: ["arn:aws:iam::123456789012:role/pull"],
    tags: { team: "api" },
  },
  ts: {
    repositoryName: "team/api",
    encryption: { type: "KMS", kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1234" },
    keepReleaseImages: 5,
    pushRoleArns: ["arn:aws:iam::123456789012:role/push"],
    pullRoleArns: ["arn:aws:iam::123456789012:role/pull"],
    tags: { team: "api" },
  },
};

const serviceCommon = {
  cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/test",
  permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/pantstack/boundaries/pantstack-test-boundary",
  repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack",
  imageTag: "v1.2.3",
  network: { vpcId: "vpc-0abc", subnetIds: ["subnet-a", "subnet-b"], assignPublicIp: true },
  routing: {
    listenerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/edge/1/2",
    loadBalancerSecurityGroupId: "sg-0alb",
    hostname: "api.example.com",
    priority: 10,
    loadBalancerArnSuffix: "app/edge/1",
    dns: {
      zoneId: "Z123",
      loadBalancerDnsName: "edge-1.us-east-1.elb.amazonaws.com",
      loadBalancerZoneId: "Z35SXDOTRQ7X7K",
    },
  },
  cpu: 512,
  memory: 1024,
  environment: { LOG_LEVEL: "info" },
  secrets: { DATABASE_URL: "arn:aws:ssm:us-east-1:123456789012:parameter/api/db" },
};

export const service: SameInputs<EcsApiServiceArgs> = {
  wire: {
    ...serviceCommon,
    autoscaling: { minCount: 2, maxCount: 4, scaleOnCpu: false, requestsPerTarget: 500 },
    taskPolicy: JSON.stringify(bucketRead),
    architecture: "ARM64",
  },
  ts: {
    ...serviceCommon,
    autoscaling: { minCount: 2, maxCount: 4, cpuTargetPercent: false, requestsPerTarget: 500 },
    taskPolicy: bucketRead,
    architecture: "ARM64",
  },
};

export const role: SameInputs<GithubOidcRoleArgs> = {
  wire: {
    repository: "acme/api",
    subjects: [
      { kind: "branch", name: "main" },
      { kind: "tag", pattern: "v*" },
      { kind: "environment", name: "production" },
      { kind: "pullRequest" },
    ],
    inlinePolicies: { read: JSON.stringify(bucketRead) },
    path: "/pantstack/ci/",
  },
  ts: {
    repository: "acme/api",
    subjects: [
      { kind: "branch", name: "main" },
      { kind: "tag", pattern: "v*" },
      { kind: "environment", name: "production" },
      { kind: "pullRequest" },
    ],
    inlinePolicies: { read: bucketRead },
    path: "/pantstack/ci/",
  },
};

const platform = PLATFORM;

const previewCommon = {
  prNumber: 42,
  platform,
  repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack",
  imageTag: "pr-42-abc1234",
  awakeHours: "Mon-Fri 08:00-18:00",
  timeZone: "Europe/Berlin",
};

export const preview: SameInputs<PreviewEnvironmentArgs> = {
  wire: { ...previewCommon, deployedAt: "2026-11-27T12:00:00Z" },
  ts: { ...previewCommon, deployedAt: new Date("2026-11-27T12:00:00Z") },
};

export const network: SameInputs<NetworkArgs> = {
  wire: { cidrBlock: "10.20.0.0/16", availabilityZones: 3, natGateways: "single" },
  ts: { cidrBlock: "10.20.0.0/16", availabilityZones: 3, natGateways: "single" },
};

const loadBalancer: HttpsLoadBalancerArgs = {
  vpcId: "vpc-1",
  vpcCidrBlock: "10.0.0.0/16",
  subnetIds: ["subnet-a", "subnet-b"],
  domainNames: ["test.example.dev", "*.example.dev"],
  hostedZoneId: "Z123",
  deletionProtection: true,
};

export const httpsLoadBalancer: SameInputs<HttpsLoadBalancerArgs> = {
  wire: { ...loadBalancer },
  ts: loadBalancer,
};
