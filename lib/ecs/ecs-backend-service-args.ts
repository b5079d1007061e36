import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { requireIntegerInRange, ValidationError } from "../errors";
import { type AutoscalingArgs, type NormalizedAutoscaling, normalizeAutoscaling } from "./autoscaling";
import { type FargateTaskArgs, type NormalizedTaskArgs, normalizeTaskArgs } from "./fargate-task-args";
import { type ContainerHealthCheck, normalizeContainerHealthCheck } from "./health-checks";
import { normalizeServiceCounts } from "./service-counts";

/** Adjust a child's arguments before it is created. */
export interface EcsBackendServiceTransforms {
  /** Adjusts the task definition's arguments. @default - none */
  taskDefinition?: (args: aws.ecs.TaskDefinitionArgs) => aws.ecs.TaskDefinitionArgs;
  /** Adjusts the ECS service's arguments. @default - none */
  service?: (args: aws.ecs.ServiceArgs) => aws.ecs.ServiceArgs;
}

/** Arguments of `EcsBackendService`: a catalog entry of kind `backend`, plus where it runs. */
export interface EcsBackendServiceArgs extends FargateTaskArgs {
  /** The environment's Cloud Map HTTP namespace (ARN, e.g. `ServiceNamespace.arn`) the service registers in. */
  namespaceArn: pulumi.Input<string>;
  /**
   * The security groups of the services that may call this one (the environment's service security groups):
   * the only sources admitted to the port, one ingress rule each. An empty list admits no one. Must be empty
   * with `network.securityGroupIds` (the component then owns no group to add rules to).
   */
  clientSecurityGroupIds: pulumi.Input<string>[];
  /**
   * The port the container listens on; clients call `http://<discoveryName>:<containerPort>`.
   * @default 8000
   */
  containerPort?: number;
  /**
   * The name clients call, a DNS label.
   * @default - the component's name
   */
  discoveryName?: string;
  /**
   * The container's own health check, a command run inside the image.
   * @default - none: an image need not carry a shell or an interpreter to probe itself with
   */
  containerHealthCheck?: ContainerHealthCheck;
  /**
   * Tasks to run. With `autoscaling`, the starting count (and later deploys leave the scaled count alone).
   * @default 1
   */
  desiredCount?: number;
  /**
   * Target-tracking autoscaling on CPU (a private service has no load balancer to count requests on).
   * @default - a fixed `desiredCount`
   */
  autoscaling?: Omit<AutoscalingArgs, "requestsPerTarget">;
  /**
   * Run on Fargate Spot (about 70% cheaper; tasks can be reclaimed with two minutes' notice).
   * @default false
   */
  spot?: boolean;
  /**
   * Percent of desired tasks that must stay healthy during a deploy (0 to 100).
   * @default 100
   */
  minimumHealthyPercent?: number;
  /**
   * Percent of desired tasks that may run during a deploy (100 to 200).
   * @default 200
   */
  maximumPercent?: number;
  /**
   * Adjust a child's arguments before it is created.
   * @default - none
   */
  transform?: EcsBackendServiceTransforms;
}

/** The backend's arguments with defaults applied, all checked. */
export interface NormalizedBackendArgs extends NormalizedTaskArgs {
  containerPort: number;
  discoveryName: string;
  containerHealthCheck?: Required<ContainerHealthCheck>;
  desiredCount: number;
  autoscaling?: NormalizedAutoscaling;
  minimumHealthyPercent: number;
  maximumPercent: number;
}

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Applies defaults and checks every argument that is known before deployment. */
export function normalizeBackendArgs(
  name: string,
  stack: string,
  args: EcsBackendServiceArgs,
): NormalizedBackendArgs {
  const key = `EcsBackendService(${name})`;
  const task = normalizeTaskArgs(key, name, stack, args);
  const containerPort = requireIntegerInRange(`${key}.containerPort`, args.containerPort ?? 8000, 1, 65535);
  const discoveryName = args.discoveryName ?? name;
  if (!DNS_LABEL.test(discoveryName)) {
    throw new ValidationError(
      `${key}.discoveryName`,
      discoveryName,
      "expected a DNS label: 1 to 63 lowercase letters, digits or '-', not starting or ending with '-'",
    );
  }
  if (args.autoscaling && "requestsPerTarget" in args.autoscaling) {
    throw new ValidationError(
      `${key}.autoscaling.requestsPerTarget`,
      (args.autoscaling as AutoscalingArgs).requestsPerTarget,
      "a backend has no load balancer: scale on cpuTargetPercent",
    );
  }
  // Its ingress rules go on a group of its own; a given group belongs to whoever admits the callers.
  if (args.network.securityGroupIds !== undefined && args.clientSecurityGroupIds.length > 0) {
    throw new ValidationError(
      `${key}.clientSecurityGroupIds`,
      `${args.clientSecurityGroupIds.length} groups`,
      "with network.securityGroupIds the component adds no ingress rule: admit the callers in those groups, and pass []",
    );
  }
  const autoscaling = args.autoscaling
    ? normalizeAutoscaling(`${key}.autoscaling`, args.autoscaling)
    : undefined;
  const { desiredCount, minimumHealthyPercent, maximumPercent } = normalizeServiceCounts(
    key,
    args,
    autoscaling,
  );
  return {
    ...task,
    containerPort,
    discoveryName,
    containerHealthCheck: normalizeContainerHealthCheck(
      `${key}.containerHealthCheck`,
      args.containerHealthCheck,
    ),
    desiredCount,
    autoscaling,
    minimumHealthyPercent,
    maximumPercent,
  };
}
