import type * as pulumi from "@pulumi/pulumi";
import type { FargateTaskArgs, PrivateTaskNetwork } from "../../lib/ecs/fargate-task-args";
import type { CpuArchitecture } from "./ecs-api-service";
import { policyFromJson } from "./policy-json";

/**
 * The arguments the private Fargate components (`EcsBackendService`, `EcsWorkerService`, `ScheduledTask`)
 * share: image, size, variables, logs and roles. Their tasks run in private subnets with no public IP.
 */
export interface FargateTaskSpec {
  /** The ECS cluster (ARN) the tasks run in. */
  cluster: pulumi.Input<string>;
  /** The ECR repository URL of the image, `ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME`. */
  repositoryUrl: pulumi.Input<string>;
  /**
   * The image tag to run, e.g. `v1.2.3`. Must satisfy Docker's tag rules. Give this or `imageDigest`.
   * @default - none: required unless `imageDigest` is given
   */
  imageTag?: pulumi.Input<string>;
  /**
   * Run the image by digest (`sha256:<64 hex>`), which no later push can move. Takes precedence over `imageTag`.
   * @default - none
   */
  imageDigest?: pulumi.Input<string>;
  /** Where the tasks run: private subnets with a route to ECR and CloudWatch. */
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
   * @default - a role with `taskPolicy` and what the component itself needs
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
   * Tags for every taggable child (on top of the provider's and the stack's).
   * @default {}
   */
  tags?: Record<string, string>;
}

/**
 * The TypeScript components' shared arguments for the facade's: the policy parsed from JSON, the enum as the
 * TypeScript union (whose values the TypeScript component checks, naming the key). `key` is e.g.
 * `EcsWorkerService(events)`.
 */
export function toLibTaskArgs<T extends FargateTaskSpec>(
  key: string,
  spec: T,
): Omit<T, "taskPolicy" | "architecture"> & Pick<FargateTaskArgs, "taskPolicy" | "architecture"> {
  const { taskPolicy, architecture, ...rest } = spec;
  return {
    ...rest,
    ...(taskPolicy !== undefined ? { taskPolicy: policyFromJson(`${key}.taskPolicy`, taskPolicy) } : {}),
    ...(architecture !== undefined ? { architecture: architecture as FargateTaskArgs["architecture"] } : {}),
  };
}
