import type { PreviewPlatform } from "../../lib/preview/preview-environment";

/** What the `test` stack's outputs look like to a preview (the names PreviewPlatform takes). */
export const PLATFORM: PreviewPlatform = {
  domain: "example.dev",
  hostedZoneId: "Z123",
  vpcId: "vpc-1",
  taskSubnetIds: ["subnet-a", "subnet-b"],
  assignPublicIp: true,
  previewSecurityGroupId: "sg-previews",
  clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/test",
  httpsListenerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/edge/1/2",
  loadBalancerSecurityGroupId: "sg-alb",
  loadBalancerDnsName: "edge-1.us-east-1.elb.amazonaws.com",
  loadBalancerZoneId: "Z35SXDOTRQ7X7K",
  previewExecutionRoleArn: "arn:aws:iam::123456789012:role/pantstack/preview/exec",
  previewTaskRoleArn: "arn:aws:iam::123456789012:role/pantstack/preview/task",
};

/** Answers a preview stack's references to `test` and `shared` without planning them. */
export function platformStackOutputs(name: string): Record<string, unknown> | undefined {
  if (name.endsWith("/test")) return { ...PLATFORM, region: "us-east-1" };
  if (name.endsWith("/shared")) {
    return { previewRepositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack-preview" };
  }
  return undefined;
}
