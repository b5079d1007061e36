import * as pulumi from "@pulumi/pulumi";
import { EcsBackendService as LibEcsBackendService } from "../../lib/ecs/ecs-backend-service";
import {
  type EcsBackendServiceArgs as LibEcsBackendServiceArgs,
  normalizeBackendArgs,
} from "../../lib/ecs/ecs-backend-service-args";
import type { ContainerHealthCheck } from "../../lib/ecs/health-checks";
import { ValidationError } from "../../lib/errors";
import { type FargateTaskSpec, toLibTaskArgs } from "./fargate-task-spec";

/** Target-tracking autoscaling of a backend's task count on CPU (it has no load balancer to count requests). */
export interface BackendAutoscaling {
  /** Fewest tasks (1 or more). */
  minCount: number;
  /** Most tasks (at least `minCount`, at most 1000). */
  maxCount: number;
  /**
   * Average CPU utilisation to hold, in percent (10 to 90).
   * @default 60
   */
  cpuTargetPercent?: number;
  /**
   * Seconds to wait after scaling in before scaling in again.
   * @default 300
   */
  scaleInCooldownSeconds?: number;
  /**
   * Seconds to wait after scaling out before scaling out again.
   * @default 60
   */
  scaleOutCooldownSeconds?: number;
}

/** Arguments of the `pantstack:index:EcsBackendService` component. */
export interface EcsBackendServiceArgs extends FargateTaskSpec {
  /** The environment's Cloud Map HTTP namespace (ARN, e.g. `ServiceNamespace`'s `arn`) the service registers in. */
  namespaceArn: pulumi.Input<string>;
  /**
   * The security groups of the services that may call this one: the only sources admitted to the port, one
   * ingress rule each. The list itself must be known when the program runs; an empty list admits no one.
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
   * @default - none
   */
  containerHealthCheck?: ContainerHealthCheck;
  /**
   * Tasks to run. With `autoscaling`, the starting count (and later deploys leave the scaled count alone).
   * @default 1
   */
  desiredCount?: number;
  /**
   * Target-tracking autoscaling on CPU.
   * @default - a fixed `desiredCount`
   */
  autoscaling?: BackendAutoscaling;
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
}

/**
 * A private Pantstack service on Fargate that the environment's other services call through ECS Service
 * Connect at `http://<discoveryName>:<containerPort>`: no load balancer, registered in the environment's Cloud
 * Map namespace, a security group that admits only its callers, the circuit breaker with rollback, a log
 * group, roles, optional CPU autoscaling. Wraps the TypeScript `EcsBackendService` (its only child); its
 * `transform` hatch is TypeScript-only.
 */
export class EcsBackendService extends pulumi.ComponentResource {
  /** The ECS service name. */
  declare readonly serviceName: pulumi.Output<string>;
  /** The ECS service ARN. */
  declare readonly serviceArn: pulumi.Output<string>;
  /** The log group name. */
  declare readonly logGroupName: pulumi.Output<string>;
  /** The tasks' security group. */
  declare readonly securityGroupId: pulumi.Output<string>;
  /** What callers use: `http://<discoveryName>:<containerPort>`. */
  declare readonly url: pulumi.Output<string>;

  constructor(name: string, args: EcsBackendServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    const libArgs = toLibBackendArgs(name, args);
    super("pantstack:index:EcsBackendService", name, {}, opts);
    const service = new LibEcsBackendService(name, libArgs, { parent: this });
    this.serviceName = service.serviceName;
    this.serviceArn = service.serviceArn;
    this.logGroupName = service.logGroupName;
    this.securityGroupId = service.securityGroupId;
    this.url = service.url;
    this.registerOutputs({
      serviceName: this.serviceName,
      serviceArn: this.serviceArn,
      logGroupName: this.logGroupName,
      securityGroupId: this.securityGroupId,
      url: this.url,
    });
  }
}

/** The TypeScript component's arguments for the facade's. */
export function toLibBackendArgs(name: string, args: EcsBackendServiceArgs): LibEcsBackendServiceArgs {
  const key = `EcsBackendService(${name})`;
  // The component adds one ingress rule per caller, so it must know how many there are when it runs.
  if (!Array.isArray(args.clientSecurityGroupIds)) {
    throw new ValidationError(
      `${key}.clientSecurityGroupIds`,
      pulumi.Output.isInstance(args.clientSecurityGroupIds) ? "(an output)" : args.clientSecurityGroupIds,
      "expected a list of security group IDs (each may be an output, the list itself may not)",
    );
  }
  const libArgs: LibEcsBackendServiceArgs = toLibTaskArgs(key, args);
  // The TypeScript component's own checks, run here so that bad input registers nothing, not even the facade.
  normalizeBackendArgs(name, pulumi.getStack(), libArgs);
  return libArgs;
}
