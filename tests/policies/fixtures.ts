import type { RecordedResource } from "../../engine/recording-monitor";

/** Tags of a compliant resource in `stack`. */
export function tagsFor(stack: string): Record<string, string> {
  const preview = /^preview-pr-(\d+)$/.exec(stack);
  return {
    "pantstack:environment": preview ? "preview" : stack,
    "pantstack:stack": stack,
    "pantstack:managed-by": "pulumi",
    ...(preview ? { "pantstack:pr": preview[1], "pantstack:expires-at": "2026-12-04T12:00:00Z" } : {}),
  };
}

/** A recorded custom resource, as the engine would hand it to the policy check. */
export function resource(
  type: string,
  inputs: Record<string, unknown>,
  options: {
    stack?: string;
    name?: string;
    propertyDependencies?: Record<string, string[]>;
    id?: string;
  } = {},
): RecordedResource {
  const stack = options.stack ?? "test";
  const name = options.name ?? type.split(":").pop()?.toLowerCase() ?? "r";
  return {
    urn: `urn:pulumi:${stack}::pantstack::${type}::${name}`,
    type,
    name,
    custom: true,
    id: options.id,
    inputs,
    outputs: {},
    options: {
      protect: false,
      retainOnDelete: false,
      deleteBeforeReplace: false,
      ignoreChanges: [],
      dependencies: Object.values(options.propertyDependencies ?? {}).flat(),
      propertyDependencies: options.propertyDependencies ?? {},
    },
  };
}

const GITHUB = "token.actions.githubusercontent.com";

/** One compliant input per resource type; each test breaks one property. */
export const COMPLIANT: Record<string, Record<string, unknown>> = {
  "aws:ecr/repository:Repository": {
    imageTagMutability: "IMMUTABLE",
    imageScanningConfiguration: { scanOnPush: true },
  },
  "aws:iam/role:Role": {
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${GITHUB}` },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              [`${GITHUB}:aud`]: "sts.amazonaws.com",
              [`${GITHUB}:sub`]: "repo:acme/api:ref:refs/heads/main",
            },
          },
        },
      ],
    }),
  },
  "aws:iam/rolePolicy:RolePolicy": {
    policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "ecr:PutImage",
          Resource: "arn:aws:ecr:us-east-1:123456789012:repository/x",
        },
      ],
    }),
  },
  "aws:lb/listener:Listener": {
    protocol: "HTTPS",
    port: 443,
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
  },
  "aws:lb/listener:Listener#http": {
    protocol: "HTTP",
    port: 80,
    defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443" } }],
  },
  "aws:lb/loadBalancer:LoadBalancer": {
    loadBalancerType: "application",
    dropInvalidHeaderFields: true,
    enableDeletionProtection: true,
    securityGroups: ["sg-alb"],
  },
  "aws:ecs/taskDefinition:TaskDefinition": {
    cpu: "256",
    memory: "512",
    containerDefinitions: JSON.stringify([{ name: "app", privileged: false, readonlyRootFilesystem: true }]),
  },
  "aws:ecs/service:Service": { desiredCount: 1, deploymentCircuitBreaker: { enable: true, rollback: true } },
  "aws:appautoscaling/target:Target": { minCapacity: 1, maxCapacity: 1 },
  "aws:cloudwatch/logGroup:LogGroup": { retentionInDays: 3 },
};
