import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { checkImageDigest, checkImageTag } from "../ecr/image-tag";
import { requireIntegerInRange, requireOneOf, ValidationError } from "../errors";
import type { PolicyDocument } from "../iam/policy-document";
import { checkLogRetention } from "../logs/retention";
import { AUTONAME_SUFFIX_LENGTH, checkName } from "../names";
import { HOSTNAME_PATTERN } from "../network/certificate-validation";
import { type AutoscalingArgs, type NormalizedAutoscaling, normalizeAutoscaling } from "./autoscaling";
import {
  type DeploymentStrategyArgs,
  type NormalizedStrategy,
  normalizeServiceAlarms,
  normalizeStrategy,
  type ServiceAlarmsArgs,
} from "./deployment-strategy";
import { checkFargateSize } from "./fargate-sizes";
import {
  type ContainerHealthCheck,
  normalizeContainerHealthCheck,
  normalizeTargetHealthCheck,
  type TargetHealthCheck,
} from "./health-checks";
import { checkPaths } from "./path-patterns";
import { normalizeServiceCounts } from "./service-counts";
import { SECRET_ARN_PATTERN } from "./task-permissions";

const IAM_POLICY_ARN = /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/[\w+=,.@/-]{1,512}$/;

/** Where the service's tasks run. */
export interface ServiceNetwork {
  /** The VPC of the load balancer and the tasks. */
  vpcId: pulumi.Input<string>;
  /** Subnets for the tasks (private ones behind NAT, or public ones with `assignPublicIp`). */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Give tasks a public IP: needed in public subnets without NAT to reach ECR and CloudWatch. The tasks'
   * security group still admits only the load balancer.
   * @default false
   */
  assignPublicIp?: pulumi.Input<boolean>;
  /**
   * Use these security groups for the tasks instead of creating one. They must admit the load balancer on the
   * container port (and nothing else from outside).
   * @default - a group that admits only `routing.loadBalancerSecurityGroupId` on the container port
   */
  securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
}

/** How traffic reaches the service: a host-header (and path-pattern) rule on the platform's HTTPS listener. */
export interface ServiceRouting {
  /** The platform load balancer's HTTPS listener. */
  listenerArn: pulumi.Input<string>;
  /** The load balancer's security group: the only source admitted to the container port. */
  loadBalancerSecurityGroupId: pulumi.Input<string>;
  /** The hostname this service answers, e.g. `api.example.com` (checked now if known, else when resolved). */
  hostname: pulumi.Input<string>;
  /** The listener rule's priority (1 to 50000, unique on the listener; lower wins). */
  priority: number;
  /**
   * Path patterns the rule also requires, e.g. `["/api/*"]`: requests to `hostname` whose path matches one
   * of them (ALB's path-pattern: case-sensitive, `*` and `?` wildcards, up to 128 characters; see
   * `ALB_RULE_LIMITS`). At most `MAX_PATHS` (3). The canary and linear test rule requires them too. Give a
   * service with paths a lower `priority` than a rule on the same host that covers them.
   * @default [] - host only: every path of `hostname`
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
  dns?: {
    /** The Route 53 hosted zone that holds `hostname`. */
    zoneId: pulumi.Input<string>;
    /** The load balancer's DNS name. */
    loadBalancerDnsName: pulumi.Input<string>;
    /** The load balancer's canonical hosted zone ID. */
    loadBalancerZoneId: pulumi.Input<string>;
  };
}

/** Adjust a child's arguments before it is created (the component's own settings can be overridden). */
export interface EcsApiServiceTransforms {
  /** Adjusts the task definition's arguments. @default - none */
  taskDefinition?: (args: aws.ecs.TaskDefinitionArgs) => aws.ecs.TaskDefinitionArgs;
  /** Adjusts the ECS service's arguments. @default - none */
  service?: (args: aws.ecs.ServiceArgs) => aws.ecs.ServiceArgs;
  /** Adjusts the target group's arguments. @default - none */
  targetGroup?: (args: aws.lb.TargetGroupArgs) => aws.lb.TargetGroupArgs;
}

/** Arguments of `EcsApiService`. */
export interface EcsApiServiceArgs {
  /** The ECS cluster (ARN) the service runs in. */
  cluster: pulumi.Input<string>;
  /** The ECR repository URL of the image, `ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME`. */
  repositoryUrl: pulumi.Input<string>;
  /**
   * The image tag to run, e.g. `v1.2.3`. Must satisfy Docker's tag rules: checked up front when a string,
   * when it resolves otherwise. Give this or `imageDigest`.
   * @default - none: required unless `imageDigest` is given
   */
  imageTag?: pulumi.Input<string>;
  /**
   * Run the image by digest (`sha256:<64 hex>`): `repositoryUrl@<digest>`, which no later push can move.
   * Takes precedence over `imageTag`.
   * @default - none: the image is `repositoryUrl:imageTag`
   */
  imageDigest?: pulumi.Input<string>;
  /** Where the tasks run. */
  network: ServiceNetwork;
  /** How traffic reaches the tasks. */
  routing: ServiceRouting;
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
  autoscaling?: AutoscalingArgs;
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
  /** The load balancer's health check. @default - `/health`, see `TargetHealthCheck` */
  healthCheck?: TargetHealthCheck;
  /**
   * The container's own health check, run inside the image. The load balancer's `healthCheck` already
   * decides whether a task gets traffic and is replaced.
   * @default - none (an image needs no interpreter or curl for the service to be checked)
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
   * Permissions of the application itself (the task role).
   * @default - none
   */
  taskPolicy?: pulumi.Input<PolicyDocument>;
  /**
   * IAM path of the roles this component creates.
   * @default "/pantstack/"
   */
  rolePath?: string;
  /**
   * Permissions boundary of the roles this component creates. Deploy roles that may create roles only with
   * their environment's boundary (the `shared` stack's `testBoundaryArn`, `prodBoundaryArn`) must pass it.
   * @default - no boundary
   */
  permissionsBoundaryArn?: pulumi.Input<string>;
  /**
   * CPU architecture of the image.
   * @default "X86_64"
   */
  architecture?: "X86_64" | "ARM64";
  /**
   * Call backends (`EcsBackendService`) as a Service Connect client of this Cloud Map namespace (ARN), at
   * `http://<backend>:<port>`.
   * @default - no Service Connect
   */
  serviceConnectNamespaceArn?: pulumi.Input<string>;
  /**
   * Tags for every taggable child (on top of the provider's and the stack's).
   * @default {}
   */
  tags?: Record<string, string>;
  /**
   * Adjust a child's arguments before it is created.
   * @default - none
   */
  transform?: EcsApiServiceTransforms;
  /**
   * How a new revision replaces the running one: `rolling`, or ECS's built-in `canary` or `linear` traffic
   * shifting (which add a second target group, a test listener rule and ECS's infrastructure role, and need
   * `alarms` to roll back on).
   * @default - rolling
   */
  deploymentStrategy?: DeploymentStrategyArgs;
  /**
   * CloudWatch alarms on the service's 5xx rate, unhealthy targets and p99 response time, telling a topic.
   * They are also the deployment's alarms: one firing during a deployment (or its bake time) rolls it back.
   * Needs `routing.loadBalancerArnSuffix`.
   * @default - no alarms
   */
  alarms?: ServiceAlarmsArgs;
}

/** The arguments with defaults applied, all checked. */
export interface NormalizedServiceArgs {
  containerPort: number;
  cpu: number;
  memory: number;
  desiredCount: number;
  autoscaling?: NormalizedAutoscaling;
  minimumHealthyPercent: number;
  maximumPercent: number;
  healthCheckGracePeriodSeconds: number;
  healthCheck: Required<TargetHealthCheck>;
  containerHealthCheck?: Required<ContainerHealthCheck>;
  logRetentionDays: number;
  logGroupName: string;
  family: string;
  priority: number;
  hostname: pulumi.Input<string>;
  /** Path patterns of the listener rules; empty for host only. */
  paths: string[];
  strategy: NormalizedStrategy;
  alarms?: ReturnType<typeof normalizeServiceAlarms>;
}

/** Throws unless `hostname` is a lowercase DNS name without wildcard. */
export function checkHostname(key: string, hostname: string): string {
  if (!HOSTNAME_PATTERN.test(hostname) || hostname.startsWith("*")) {
    throw new ValidationError(key, hostname, "expected a lowercase DNS name without wildcard");
  }
  return hostname;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Applies defaults and checks every argument that is known before deployment. */
export function normalizeServiceArgs(
  name: string,
  stack: string,
  args: EcsApiServiceArgs,
): NormalizedServiceArgs {
  const key = `EcsApiService(${name})`;
  checkName(`${key}.name`, "targetGroup", `${name}-tg`, AUTONAME_SUFFIX_LENGTH);
  if (args.imageDigest === undefined && args.imageTag === undefined) {
    throw new ValidationError(`${key}.imageTag`, undefined, "give imageTag or imageDigest");
  }
  if (typeof args.imageDigest === "string") checkImageDigest(`${key}.imageDigest`, args.imageDigest);
  else if (typeof args.imageTag === "string") checkImageTag(`${key}.imageTag`, args.imageTag);
  const cpu = args.cpu ?? 256;
  const memory = args.memory ?? 512;
  checkFargateSize({ cpu: `${key}.cpu`, memory: `${key}.memory` }, cpu, memory);
  const containerPort = requireIntegerInRange(`${key}.containerPort`, args.containerPort ?? 8000, 1, 65535);
  for (const variable of [...Object.keys(args.environment ?? {}), ...Object.keys(args.secrets ?? {})]) {
    if (!ENV_NAME.test(variable)) {
      throw new ValidationError(
        `${key}.environment`,
        variable,
        "variable names are letters, digits and '_', not starting with a digit",
      );
    }
  }
  for (const [variable, arn] of Object.entries(args.secrets ?? {})) {
    if (typeof arn === "string" && !SECRET_ARN_PATTERN.test(arn)) {
      throw new ValidationError(
        `${key}.secrets.${variable}`,
        arn,
        "expected the ARN of an SSM parameter or a Secrets Manager secret",
      );
    }
  }
  const overlap = Object.keys(args.environment ?? {}).filter((v) => v in (args.secrets ?? {}));
  if (overlap.length > 0) {
    throw new ValidationError(`${key}.secrets`, overlap[0], "a variable cannot be both plain and secret");
  }
  const autoscaling = args.autoscaling
    ? normalizeAutoscaling(`${key}.autoscaling`, args.autoscaling)
    : undefined;
  if (autoscaling?.requestsPerTarget !== undefined && args.routing.loadBalancerArnSuffix === undefined) {
    throw new ValidationError(
      `${key}.routing.loadBalancerArnSuffix`,
      undefined,
      "request-count autoscaling needs the load balancer's ARN suffix",
    );
  }
  const { desiredCount, minimumHealthyPercent, maximumPercent } = normalizeServiceCounts(
    key,
    args,
    autoscaling,
  );
  const healthCheck = normalizeTargetHealthCheck(`${key}.healthCheck`, args.healthCheck);
  const hostname = args.routing.hostname;
  if (typeof hostname === "string") checkHostname(`${key}.routing.hostname`, hostname);
  const family = `${stack}-${name}`;
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(family)) {
    throw new ValidationError(
      `${key}.name`,
      family,
      "the task family (<stack>-<name>) must be 1 to 255 of [A-Za-z0-9_-]",
    );
  }
  const logGroupName = args.logGroupName ?? `/pantstack/${stack}/${name}`;
  if (!/^[\w\-/.#]{1,512}$/.test(logGroupName)) {
    throw new ValidationError(
      `${key}.logGroupName`,
      logGroupName,
      "log group names are 1 to 512 of [A-Za-z0-9_-/.#]",
    );
  }
  requireOneOf(`${key}.architecture`, args.architecture ?? "X86_64", ["X86_64", "ARM64"]);
  const boundary = args.permissionsBoundaryArn;
  if (typeof boundary === "string" && !IAM_POLICY_ARN.test(boundary)) {
    throw new ValidationError(
      `${key}.permissionsBoundaryArn`,
      boundary,
      "expected an IAM managed policy ARN: arn:aws:iam::<account>:policy/<path/name>",
    );
  }
  const priority = requireIntegerInRange(`${key}.routing.priority`, args.routing.priority, 1, 50000);
  const paths = checkPaths(`${key}.routing.paths`, args.routing.paths);
  const alarms = normalizeServiceAlarms(`${key}.alarms`, args.alarms);
  if (alarms && args.routing.loadBalancerArnSuffix === undefined) {
    throw new ValidationError(
      `${key}.routing.loadBalancerArnSuffix`,
      undefined,
      "alarms watch the target groups by the load balancer's ARN suffix: set it",
    );
  }
  const strategy = normalizeStrategy(
    `${key}.deploymentStrategy`,
    args.deploymentStrategy,
    priority,
    !!alarms,
  );
  if (strategy.type !== "rolling") {
    checkName(`${key}.name`, "targetGroup", `${name}-tg-alt`, AUTONAME_SUFFIX_LENGTH);
  }
  return {
    strategy,
    alarms,
    containerPort,
    cpu,
    memory,
    desiredCount,
    autoscaling,
    minimumHealthyPercent,
    maximumPercent,
    healthCheckGracePeriodSeconds: requireIntegerInRange(
      `${key}.healthCheckGracePeriodSeconds`,
      args.healthCheckGracePeriodSeconds ?? 60,
      0,
      7200,
    ),
    healthCheck,
    containerHealthCheck: normalizeContainerHealthCheck(
      `${key}.containerHealthCheck`,
      args.containerHealthCheck,
    ),
    logRetentionDays: checkLogRetention(`${key}.logRetentionDays`, args.logRetentionDays ?? 30),
    logGroupName,
    family,
    priority,
    hostname,
    paths,
  };
}
