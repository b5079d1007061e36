import * as pulumi from "@pulumi/pulumi";
import type { AutoscalingArgs } from "../../lib/ecs/autoscaling";
import { EcsApiService as LibEcsApiService } from "../../lib/ecs/ecs-api-service";
import type {
  EcsApiServiceArgs as LibEcsApiServiceArgs,
  ServiceNetwork,
  ServiceRouting,
} from "../../lib/ecs/ecs-api-service-args";
import type { ContainerHealthCheck, TargetHealthCheck } from "../../lib/ecs/health-checks";
import { ValidationError } from "../../lib/errors";
import type { WebAlarmThresholds } from "../../lib/monitoring/alarm-specs";
import { policyFromJson } from "./policy-json";

/** CPU architecture of a task's image. */
export enum CpuArchitecture {
  /** Intel/AMD 64-bit. */
  X86_64 = "X86_64",
  /** Graviton (about 20% cheaper per vCPU). */
  ARM64 = "ARM64",
}

/** How a new revision replaces the running one. */
export enum DeploymentStrategyType {
  /** Replace tasks in place; the circuit breaker rolls back tasks that fail to start. */
  Rolling = "rolling",
  /** ECS's canary: a share of production traffic first, then the rest, rolled back by the alarms. */
  Canary = "canary",
  /** ECS's linear: production traffic in equal steps, rolled back by the alarms. */
  Linear = "linear",
}

/** The deployment strategy and its timing (see the TypeScript component for the ranges). */
export interface DeploymentStrategySpec {
  /**
   * The strategy.
   * @default rolling
   */
  type?: DeploymentStrategyType;
  /**
   * Canary: percent of production traffic the new revision gets first (0.1 to 100).
   * @default 10
   */
  canaryPercent?: number;
  /**
   * Canary: minutes at `canaryPercent` before the rest of the traffic moves (0 to 1440).
   * @default 10
   */
  canaryBakeMinutes?: number;
  /**
   * Linear: percent of production traffic moved at each step (3 to 100).
   * @default 20
   */
  stepPercent?: number;
  /**
   * Linear: minutes between steps (0 to 1440).
   * @default 5
   */
  stepBakeMinutes?: number;
  /**
   * Canary and linear: minutes the old revision keeps running after all traffic moved (0 to 1440).
   * @default 10
   */
  bakeMinutes?: number;
  /**
   * Canary and linear: priority of the test listener rule, before the production rule.
   * @default - `routing.priority - 50`
   */
  testPriority?: number;
  /**
   * Canary and linear: the role ECS assumes to shift traffic.
   * @default - a role scoped to this service's rules and target groups
   */
  infrastructureRoleArn?: pulumi.Input<string>;
}

/** The service's CloudWatch alarms, which also roll back a canary or linear deployment. */
export interface ServiceAlarmsSpec {
  /** The SNS topic told when an alarm fires or clears. */
  topicArn: pulumi.Input<string>;
  /**
   * The first part of the alarm names.
   * @default - `pantstack-<stack>`
   */
  namePrefix?: string;
  /**
   * When the alarms fire.
   * @default - the TypeScript component's defaults
   */
  thresholds?: WebAlarmThresholds;
}

/** An alias record for the service's hostname, pointing at the load balancer. */
export interface ServiceDns {
  /** The Route 53 hosted zone that holds `hostname`. */
  zoneId: pulumi.Input<string>;
  /** The load balancer's DNS name. */
  loadBalancerDnsName: pulumi.Input<string>;
  /** The load balancer's canonical hosted zone ID. */
  loadBalancerZoneId: pulumi.Input<string>;
}

/** How traffic reaches the service: a host-header (and path-pattern) rule on the platform's HTTPS listener. */
export interface ServiceRoutingSpec {
  /** The platform load balancer's HTTPS listener. */
  listenerArn: pulumi.Input<string>;
  /** The load balancer's security group: the only source admitted to the container port. */
  loadBalancerSecurityGroupId: pulumi.Input<string>;
  /** The hostname this service answers, e.g. `api.example.com`. */
  hostname: pulumi.Input<string>;
  /** The listener rule's priority (1 to 50000, unique on the listener; lower wins). */
  priority: number;
  /**
   * Path patterns the rule also requires, e.g. `["/api/*"]` (ALB path patterns: case-sensitive, `*` and `?`,
   * up to 128 characters; at most 3). The canary and linear test rule requires them too.
   * @default [] - host only
   */
  paths?: string[];
  /**
   * The load balancer's ARN suffix: needed only for request-count autoscaling.
   * @default - none
   */
  loadBalancerArnSuffix?: pulumi.Input<string>;
  /**
   * Create an alias record for `hostname` pointing at the load balancer.
   * @default - no DNS record
   */
  dns?: ServiceDns;
}

/** Target-tracking autoscaling of the service's task count. */
export interface ServiceAutoscaling {
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
   * Scale on CPU at all; off scales on requests only (then `requestsPerTarget` is required).
   * @default true
   */
  scaleOnCpu?: boolean;
  /**
   * ALB requests per task per minute to hold.
   * @default - no request-based scaling
   */
  requestsPerTarget?: number;
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

/** Arguments of the `pantstack:index:EcsApiService` component. */
export interface EcsApiServiceArgs {
  /** The ECS cluster (ARN) the service runs in. */
  cluster: pulumi.Input<string>;
  /** The ECR repository URL of the image, `ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME`. */
  repositoryUrl: pulumi.Input<string>;
  /**
   * The image tag to run, e.g. `v1.2.3`. Must satisfy Docker's tag rules. Give this or `imageDigest`.
   * @default - none: required unless `imageDigest` is given
   */
  imageTag?: string;
  /**
   * Run the image by digest (`sha256:<64 hex>`), which no later push can move. Takes precedence over `imageTag`.
   * @default - none
   */
  imageDigest?: pulumi.Input<string>;
  /** Where the tasks run. */
  network: ServiceNetwork;
  /** How traffic reaches the tasks. */
  routing: ServiceRoutingSpec;
  /**
   * The port the container listens on.
   * @default 8000
   */
  containerPort?: number;
  /**
   * Task CPU units; with `memory`, one of Fargate's supported pairs.
   * @default 256
   */
  cpu?: number;
  /**
   * Task memory in MiB.
   * @default 512
   */
  memory?: number;
  /**
   * Plain environment variables.
   * @default {}
   */
  environment?: Record<string, pulumi.Input<string>>;
  /**
   * Secret environment variables: name → ARN of an SSM parameter or Secrets Manager secret. The execution role
   * may read exactly these ARNs.
   * @default {}
   */
  secrets?: Record<string, pulumi.Input<string>>;
  /**
   * Tasks to run. With `autoscaling`, the starting count (and later deploys leave the scaled count alone).
   * @default 1
   */
  desiredCount?: number;
  /**
   * Target-tracking autoscaling on CPU and/or ALB requests per task.
   * @default - a fixed `desiredCount`
   */
  autoscaling?: ServiceAutoscaling;
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
   * Seconds after a task starts before failed load balancer health checks count.
   * @default 60
   */
  healthCheckGracePeriodSeconds?: number;
  /**
   * The load balancer's health check.
   * @default - `/health` every 15 s
   */
  healthCheck?: TargetHealthCheck;
  /**
   * The container's own health check, a command run inside the image.
   * @default - none (the load balancer's health check decides)
   */
  containerHealthCheck?: ContainerHealthCheck;
  /**
   * Log retention in days; one of CloudWatch's values.
   * @default 30
   */
  logRetentionDays?: number;
  /**
   * The log group name.
   * @default - `/pantstack/<stack>/<name>`
   */
  logGroupName?: string;
  /**
   * Protect the log group and keep it when the stack is destroyed (prod keeps its logs).
   * @default false
   */
  retainLogs?: boolean;
  /**
   * Use this execution role instead of creating one (for stacks that may not create IAM roles).
   * @default - a role that may pull the image, write the logs and read the listed secrets
   */
  executionRoleArn?: pulumi.Input<string>;
  /**
   * Use this task role instead of creating one.
   * @default - a role with `taskPolicy` (no permissions if unset)
   */
  taskRoleArn?: pulumi.Input<string>;
  /**
   * Permissions of the application itself (the task role), as an IAM policy document in JSON.
   * @default - none
   */
  taskPolicy?: pulumi.Input<string>;
  /**
   * IAM path of the roles this component creates.
   * @default "/pantstack/"
   */
  rolePath?: string;
  /**
   * Permissions boundary of the roles this component creates (the `shared` stack's `testBoundaryArn` or
   * `prodBoundaryArn`: deploy roles may create roles only with their environment's boundary).
   * @default - no boundary
   */
  permissionsBoundaryArn?: pulumi.Input<string>;
  /**
   * CPU architecture of the image.
   * @default X86_64
   */
  architecture?: CpuArchitecture;
  /**
   * The environment's Cloud Map namespace (ARN): the service joins Service Connect as a client, so it reaches
   * backends at `http://<name>:<port>`.
   * @default - no Service Connect
   */
  serviceConnectNamespaceArn?: pulumi.Input<string>;
  /**
   * How a new revision replaces the running one; canary and linear need `alarms`.
   * @default - rolling
   */
  deploymentStrategy?: DeploymentStrategySpec;
  /**
   * Alarms on the 5xx rate, unhealthy targets and p99 response time, also the deployment's rollback alarms.
   * @default - no alarms
   */
  alarms?: ServiceAlarmsSpec;
  /**
   * Tags for every taggable child (on top of the provider's and the stack's).
   * @default {}
   */
  tags?: Record<string, string>;
}

/**
 * A Pantstack API on Fargate behind the platform's HTTPS load balancer: task definition, service with
 * circuit breaker and rollback, target group, host rule, task security group, log group, roles, optional
 * autoscaling and DNS. Wraps the TypeScript `EcsApiService` (its only child); its `transform` hatch is
 * TypeScript-only.
 */
export class EcsApiService extends pulumi.ComponentResource {
  /** The ECS service name. */
  declare readonly serviceName: pulumi.Output<string>;
  /** The ECS service ARN. */
  declare readonly serviceArn: pulumi.Output<string>;
  /** The target group ARN. */
  declare readonly targetGroupArn: pulumi.Output<string>;
  /** The target group's ARN suffix (CloudWatch alarm dimensions). */
  declare readonly targetGroupArnSuffix: pulumi.Output<string>;
  /** The log group name. */
  declare readonly logGroupName: pulumi.Output<string>;
  /** The tasks' security groups. */
  declare readonly securityGroupIds: pulumi.Output<string[]>;
  /** `https://<hostname>`. */
  declare readonly url: pulumi.Output<string>;

  constructor(name: string, args: EcsApiServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    const libArgs = toLibServiceArgs(name, args);
    super("pantstack:index:EcsApiService", name, {}, opts);
    const service = new LibEcsApiService(name, libArgs, { parent: this });
    this.serviceName = service.serviceName;
    this.serviceArn = service.serviceArn;
    this.targetGroupArn = service.targetGroupArn;
    this.targetGroupArnSuffix = service.targetGroupArnSuffix;
    this.logGroupName = service.logGroupName;
    this.securityGroupIds = service.securityGroupIds;
    this.url = service.url;
    this.registerOutputs({
      serviceName: this.serviceName,
      serviceArn: this.serviceArn,
      targetGroupArn: this.targetGroupArn,
      targetGroupArnSuffix: this.targetGroupArnSuffix,
      logGroupName: this.logGroupName,
      securityGroupIds: this.securityGroupIds,
      url: this.url,
    });
  }
}

/** The TypeScript component's arguments for the facade's. */
export function toLibServiceArgs(name: string, args: EcsApiServiceArgs): LibEcsApiServiceArgs {
  const { routing, autoscaling, taskPolicy, architecture, deploymentStrategy, ...rest } = args;
  const libRouting: ServiceRouting = { ...routing };
  return {
    ...rest,
    routing: libRouting,
    ...(autoscaling
      ? { autoscaling: toLibAutoscaling(`EcsApiService(${name}).autoscaling`, autoscaling) }
      : {}),
    ...(taskPolicy !== undefined
      ? { taskPolicy: policyFromJson(`EcsApiService(${name}).taskPolicy`, taskPolicy) }
      : {}),
    // The TypeScript component checks the values (and names the keys) itself.
    ...(deploymentStrategy !== undefined
      ? {
          deploymentStrategy: {
            ...deploymentStrategy,
            type: deploymentStrategy.type as NonNullable<LibEcsApiServiceArgs["deploymentStrategy"]>["type"],
          },
        }
      : {}),
    ...(architecture !== undefined
      ? { architecture: architecture as LibEcsApiServiceArgs["architecture"] }
      : {}),
  };
}

function toLibAutoscaling(key: string, spec: ServiceAutoscaling): AutoscalingArgs {
  const { scaleOnCpu, cpuTargetPercent, ...rest } = spec;
  if (scaleOnCpu === false && cpuTargetPercent !== undefined) {
    throw new ValidationError(
      `${key}.cpuTargetPercent`,
      cpuTargetPercent,
      "leave it unset when scaleOnCpu is false",
    );
  }
  return {
    ...rest,
    ...(scaleOnCpu === false ? { cpuTargetPercent: false } : {}),
    ...(scaleOnCpu !== false && cpuTargetPercent !== undefined ? { cpuTargetPercent } : {}),
  };
}
