import type * as pulumi from "@pulumi/pulumi";
import { checkImageDigest, checkImageTag } from "../ecr/image-tag";
import { requireOneOf, ValidationError } from "../errors";
import type { PolicyDocument } from "../iam/policy-document";
import { checkLogRetention } from "../logs/retention";
import { checkFargateSize } from "./fargate-sizes";
import { SECRET_ARN_PATTERN } from "./task-permissions";

/** Where a private service's, worker's or job's tasks run: private subnets, never a public IP. */
export interface PrivateTaskNetwork {
  /** The VPC of the tasks. */
  vpcId: pulumi.Input<string>;
  /**
   * Subnets for the tasks: private ones with a route to ECR and CloudWatch (a NAT gateway or VPC endpoints).
   * These tasks never get a public IP.
   */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Run the tasks in these security groups instead of a group of the component's own, for stacks that may not
   * create network resources (a preview on test's platform). The component adds no rule to them.
   * @default - a group of the component's own: all egress, no ingress but a backend's callers
   */
  securityGroupIds?: pulumi.Input<string>[];
}

/** The arguments every Fargate component of the library shares (image, size, variables, logs, roles). */
export interface FargateTaskArgs {
  /** The ECS cluster (ARN) the tasks run in. */
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
  network: PrivateTaskNetwork;
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
   * @default - a role with `taskPolicy` (and what the component itself needs)
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
   * Permissions boundary of the roles this component creates (the `shared` stack's `testBoundaryArn` or
   * `prodBoundaryArn`).
   * @default - no boundary
   */
  permissionsBoundaryArn?: pulumi.Input<string>;
  /**
   * CPU architecture of the image.
   * @default "X86_64"
   */
  architecture?: "X86_64" | "ARM64";
  /**
   * Tags for every taggable child (on top of the provider's and the stack's).
   * @default {}
   */
  tags?: Record<string, string>;
}

/** The shared arguments with defaults applied, all checked. */
export interface NormalizedTaskArgs {
  cpu: number;
  memory: number;
  family: string;
  logGroupName: string;
  logRetentionDays: number;
  architecture: "X86_64" | "ARM64";
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const IAM_POLICY_ARN = /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/[\w+=,.@/-]{1,512}$/;

/** Checks the shared arguments that are known before deployment; `key` is e.g. `EcsWorkerService(events)`. */
export function normalizeTaskArgs(key: string, name: string, stack: string, args: FargateTaskArgs) {
  if (args.imageDigest === undefined && args.imageTag === undefined) {
    throw new ValidationError(`${key}.imageTag`, undefined, "give imageTag or imageDigest");
  }
  if (typeof args.imageDigest === "string") checkImageDigest(`${key}.imageDigest`, args.imageDigest);
  else if (typeof args.imageTag === "string") checkImageTag(`${key}.imageTag`, args.imageTag);
  const cpu = args.cpu ?? 256;
  const memory = args.memory ?? 512;
  checkFargateSize({ cpu: `${key}.cpu`, memory: `${key}.memory` }, cpu, memory);
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
  const architecture = requireOneOf(`${key}.architecture`, args.architecture ?? "X86_64", [
    "X86_64",
    "ARM64",
  ] as const);
  const boundary = args.permissionsBoundaryArn;
  if (typeof boundary === "string" && !IAM_POLICY_ARN.test(boundary)) {
    throw new ValidationError(
      `${key}.permissionsBoundaryArn`,
      boundary,
      "expected an IAM managed policy ARN: arn:aws:iam::<account>:policy/<path/name>",
    );
  }
  const normalized: NormalizedTaskArgs = {
    cpu,
    memory,
    family,
    logGroupName,
    logRetentionDays: checkLogRetention(`${key}.logRetentionDays`, args.logRetentionDays ?? 30),
    architecture,
  };
  return normalized;
}

/** A physical name `pantstack-<stack>-<name><suffix>` within `max` characters of `[A-Za-z0-9_-]`. */
export function physicalName(key: string, stack: string, name: string, suffix: string, max: number): string {
  const physical = `pantstack-${stack}-${name}${suffix}`;
  if (physical.length > max || !/^[A-Za-z0-9_-]+$/.test(physical)) {
    throw new ValidationError(
      `${key}.name`,
      physical,
      `the derived name pantstack-<stack>-<name>${suffix} must be 1 to ${max} of [A-Za-z0-9_-]`,
    );
  }
  return physical;
}
