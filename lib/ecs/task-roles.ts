import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "../errors";
import type { EcsApiServiceArgs } from "./ecs-api-service-args";
import {
  ecsTasksTrustPolicy,
  executionRolePolicy,
  repositoryArnFromUrl,
  SECRET_ARN_PATTERN,
} from "./task-permissions";

/** What the roles are made from: the fields every Fargate component shares with `EcsApiService`. */
export type TaskRoleArgs = Pick<
  EcsApiServiceArgs,
  | "repositoryUrl"
  | "secrets"
  | "executionRoleArn"
  | "taskRoleArn"
  | "taskPolicy"
  | "rolePath"
  | "permissionsBoundaryArn"
  | "tags"
>;

/**
 * The execution role (image pull, its log group, exactly its secrets) and the task role (the application's
 * own permissions) of an `EcsApiService`, unless the caller passed role ARNs.
 */
export function createTaskRoles(
  name: string,
  args: TaskRoleArgs,
  logGroupArn: pulumi.Output<string>,
  parent: pulumi.Resource,
  component = "EcsApiService",
): {
  executionRoleArn: pulumi.Output<string>;
  taskRoleArn: pulumi.Output<string>;
  /** The task role this created (none when `taskRoleArn` was given). */
  taskRole?: aws.iam.Role;
} {
  const path = args.rolePath ?? "/pantstack/";
  const account = aws.getCallerIdentityOutput({}, { parent }).accountId;
  const trust = account.apply((id) => JSON.stringify(ecsTasksTrustPolicy(id)));
  const role = (suffix: string, description: string) =>
    new aws.iam.Role(
      `${name}-${suffix}`,
      {
        path,
        assumeRolePolicy: trust,
        description,
        permissionsBoundary: args.permissionsBoundaryArn,
        tags: args.tags,
      },
      { parent },
    );

  let executionRoleArn = args.executionRoleArn ? pulumi.output(args.executionRoleArn) : undefined;
  if (!executionRoleArn) {
    const execution = role("execution", `ECS agent for ${name}: image pull, logs, its secrets`);
    const policy = pulumi
      .all([pulumi.output(args.repositoryUrl), logGroupArn, pulumi.output(args.secrets ?? {})])
      .apply(([url, logArn, secrets]) => {
        const secretArns = Object.entries(secrets).map(([variable, arn]) => {
          // Known values were checked up front; this catches an ARN that was only known later.
          if (!SECRET_ARN_PATTERN.test(arn)) {
            throw new ValidationError(
              `${component}(${name}).secrets.${variable}`,
              arn,
              "expected the ARN of an SSM parameter or a Secrets Manager secret",
            );
          }
          return arn;
        });
        const repositoryArn = repositoryArnFromUrl(`${component}(${name}).repositoryUrl`, url);
        return JSON.stringify(executionRolePolicy({ repositoryArn, logGroupArns: [logArn], secretArns }));
      });
    new aws.iam.RolePolicy(`${name}-execution`, { role: execution.name, policy }, { parent });
    executionRoleArn = execution.arn;
  }

  let taskRoleArn = args.taskRoleArn ? pulumi.output(args.taskRoleArn) : undefined;
  let taskRole: aws.iam.Role | undefined;
  if (!taskRoleArn) {
    const task = role("task", `Application role of ${name}`);
    if (args.taskPolicy) {
      const policy = pulumi.output(args.taskPolicy).apply((d) => JSON.stringify(d));
      new aws.iam.RolePolicy(`${name}-task`, { role: task.name, policy }, { parent });
    }
    taskRoleArn = task.arn;
    taskRole = task;
  }
  return { executionRoleArn, taskRoleArn, taskRole };
}
