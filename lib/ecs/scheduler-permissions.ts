import { ValidationError } from "../errors";
import { type PolicyDocument, policyDocument } from "../iam/policy-document";

/** What an EventBridge Scheduler schedule may do to start one job's task. */
export interface SchedulerPermissions {
  /** The job's task definition ARN, with or without its revision. */
  taskDefinitionArn: string;
  /** The cluster the task runs in. */
  clusterArn: string;
  /** The task's execution and task role ARNs: the only roles the schedule may pass. */
  taskRoleArns: string[];
}

const CLUSTER = /^arn:aws[a-z-]*:ecs:([a-z0-9-]+):(\d{12}):cluster\/([A-Za-z0-9_-]{1,255})$/;
const TASK_DEFINITION = /^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]+)(?::\d+)?$/;

/**
 * The scheduler role's policy: `ecs:RunTask` on every revision of the job's task definition family in its
 * own cluster, `iam:PassRole` on the task's roles for ECS tasks only, and `ecs:TagResource` on its
 * cluster's tasks while RunTask creates them (the schedule propagates the task definition's tags, which ECS
 * authorizes as tag-on-create). Nothing else: a schedule that could run any task or pass any role would let
 * whoever edits it escalate.
 * Sources: https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role,
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/CWE_IAM_role.html
 */
export function schedulerRolePolicy(permissions: SchedulerPermissions): PolicyDocument {
  const match = TASK_DEFINITION.exec(permissions.taskDefinitionArn);
  if (!match) {
    throw new ValidationError(
      "schedulerRolePolicy.taskDefinitionArn",
      permissions.taskDefinitionArn,
      "expected an ECS task definition ARN",
    );
  }
  const cluster = CLUSTER.exec(permissions.clusterArn);
  if (!cluster) {
    throw new ValidationError(
      "schedulerRolePolicy.clusterArn",
      permissions.clusterArn,
      "expected an ECS cluster ARN",
    );
  }
  const [, region, account, clusterName] = cluster;
  if (permissions.taskRoleArns.length === 0) {
    throw new ValidationError("schedulerRolePolicy.taskRoleArns", [], "expected the task's role ARNs");
  }
  return policyDocument(
    {
      Effect: "Allow",
      Action: "ecs:RunTask",
      Resource: `${match[1]}:*`,
      Condition: { ArnEquals: { "ecs:cluster": permissions.clusterArn } },
    },
    {
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: [...new Set(permissions.taskRoleArns)],
      Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
    },
    {
      Effect: "Allow",
      Action: "ecs:TagResource",
      Resource: `arn:aws:ecs:${region}:${account}:task/${clusterName}/*`,
      Condition: { StringEquals: { "ecs:CreateAction": "RunTask" } },
    },
  );
}

/** Lets EventBridge Scheduler assume the role, for schedules of this account only (confused-deputy guard). */
export function schedulerTrustPolicy(account: string): PolicyDocument {
  if (!/^\d{12}$/.test(account)) {
    throw new ValidationError("schedulerTrustPolicy(account)", account, "expected a 12-digit AWS account ID");
  }
  return policyDocument({
    Effect: "Allow",
    Principal: { Service: "scheduler.amazonaws.com" },
    Action: "sts:AssumeRole",
    Condition: { StringEquals: { "aws:SourceAccount": account } },
  });
}
