import type { StackValidationPolicy } from "@pulumi/policy";
import { withoutLevel } from "../support/policy-helpers";
import { inEnvironment } from "../support/scope";

/** Types a preview must never create: they belong to the platform, or are too expensive for a preview. */
export const SHARED_INFRASTRUCTURE_TYPES = [
  "aws:lb/loadBalancer:LoadBalancer",
  "aws:alb/loadBalancer:LoadBalancer",
  "aws:ec2/natGateway:NatGateway",
  "aws:ec2/eip:Eip",
  "aws:ec2/vpc:Vpc",
  "aws:ec2/subnet:Subnet",
  "aws:ecs/cluster:Cluster",
  "aws:ecr/repository:Repository",
  "aws:acm/certificate:Certificate",
  "aws:iam/role:Role",
  "aws:iam/user:User",
];

/** A preview creates only per-PR resources: destroying it can never take shared infrastructure with it. */
export const previewNoSharedInfrastructure: StackValidationPolicy = {
  name: "preview-no-shared-infrastructure",
  description:
    "A preview stack creates no load balancer, NAT gateway, EIP, VPC, subnet, ECS cluster, ECR repository, ACM certificate or IAM role/user.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      forbiddenTypes: {
        type: "array",
        items: { type: "string" },
        description: "Resource types a preview may not create",
      },
    },
  },
  validateStack: (args, report) => {
    const config = {
      forbiddenTypes: SHARED_INFRASTRUCTURE_TYPES,
      ...withoutLevel(args.getConfig<{ forbiddenTypes?: string[] }>()),
    };
    const inPreview = args.resources.filter((r) =>
      inEnvironment({ urn: r.urn, props: r.props, stackTags: args.stackTags }, "preview"),
    );
    if (inPreview.length === 0) args.notApplicable("applies to preview stacks only");
    for (const resource of inPreview) {
      if (config.forbiddenTypes.includes(resource.type)) {
        report(
          `a preview may not create ${resource.type} ("${resource.name}"): it belongs to the shared platform`,
          resource.urn,
        );
      }
    }
  },
};
