import { ECR_PULL_ACTIONS } from "../../lib/ecr/repository-policy";
import { INFRASTRUCTURE_READS } from "../../lib/ecs/deployment-strategy";
import { QUEUE_CONSUME_ACTIONS, QUEUE_SEND_ACTIONS } from "../../lib/ecs/worker-queue";
import { type PolicyDocument, type PolicyStatement, policyDocument } from "../../lib/iam/policy-document";
import { CHATBOT_READS } from "../../lib/monitoring/topic-policies";
import {
  type BoundedEnvironment,
  type CiScope,
  CLUSTER_NAMES,
  clusterArn,
  ENVIRONMENT_TAG,
  LOG_GROUP_PREFIXES,
  logStreamsUnder,
  NAME_PREFIXES,
  ROLE_PATHS,
  releaseRepositories,
  rolesUnder,
  SECRET_PREFIXES,
  TASK_FAMILY_PREFIXES,
} from "./scope";

/** What a worker's task role (consume) and its callers' (send) do on a queue. */
export const QUEUE_TASK_ACTIONS = [...new Set([...QUEUE_CONSUME_ACTIONS, ...QUEUE_SEND_ACTIONS])].sort();

/**
 * The permissions boundary of every role created in `environment`: the most any of its ECS task or
 * execution roles can ever do, whatever policy a deploy role attaches to it. Pull from the repository the
 * environment runs, write its own log groups, read the secrets under its own prefix, use its own queues (a
 * preview also sends to test's), and what a job's scheduler role does (run the environment's tasks, pass
 * its task roles to ECS). Nothing else in IAM.
 */
export function boundaryPolicy(environment: BoundedEnvironment, scope: CiScope): PolicyDocument {
  const repository = environment === "preview" ? scope.previewRepositoryArn : releaseRepositories(scope);
  const secrets = SECRET_PREFIXES[environment];
  return policyDocument(
    // GetAuthorizationToken has no resource-level permissions: AWS requires "*".
    { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    { Sid: "PullImages", Effect: "Allow", Action: ECR_PULL_ACTIONS, Resource: repository },
    {
      Sid: "WriteOwnLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: logStreamsUnder(scope, LOG_GROUP_PREFIXES[environment]),
    },
    {
      Sid: "ReadOwnSecrets",
      Effect: "Allow",
      Action: ["ssm:GetParameters", "secretsmanager:GetSecretValue"],
      Resource: [
        `arn:aws:ssm:${scope.region}:${scope.account}:parameter/${secrets}*`,
        `arn:aws:secretsmanager:${scope.region}:${scope.account}:secret:${secrets}*`,
      ],
    },
    {
      // Workers consume their queue, their callers send to it (lib/ecs/worker-queue.ts): own queues only.
      Sid: "UseOwnQueues",
      Effect: "Allow",
      Action: QUEUE_TASK_ACTIONS,
      Resource: `arn:aws:sqs:${scope.region}:${scope.account}:${NAME_PREFIXES[environment]}*`,
    },
    ...(environment === "preview" ? [sendToTestQueues(scope)] : rolloutBoundary(environment, scope)),
    ...schedulerBoundary(environment, scope),
    neverIam(),
  );
}

/**
 * Previews borrow test's unchanged workers: a preview's callers send to test's queues (and only send: test's
 * messages are never received or deleted by a preview).
 */
function sendToTestQueues(scope: CiScope): PolicyStatement {
  return {
    Sid: "SendToTestQueues",
    Effect: "Allow",
    Action: QUEUE_SEND_ACTIONS,
    Resource: `arn:aws:sqs:${scope.region}:${scope.account}:${NAME_PREFIXES.test}*`,
  };
}

/**
 * A boundary only limits; the deny says so to a reader and to any later edit that adds an allow. It spares
 * passing a role to ECS tasks (what a scheduler role must do to start its job), which the allow narrows to
 * the environment's own roles.
 */
function neverIam(): PolicyStatement {
  return {
    Sid: "NeverIam",
    Effect: "Deny",
    Action: ["iam:*", "sts:AssumeRole"],
    Resource: "*",
    Condition: { StringNotEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
  };
}

/**
 * What a job's scheduler role does (lib/ecs/scheduler-permissions.ts), capped to the environment: run its
 * own task families in its own cluster (previews': test's), tag those tasks as RunTask creates them, pass its
 * own roles to ECS tasks. Each scheduler role's own policy narrows this to its family (previews' to the
 * preview families) and its task's two roles.
 */
function schedulerBoundary(environment: BoundedEnvironment, scope: CiScope): PolicyStatement[] {
  const ecs = `arn:aws:ecs:${scope.region}:${scope.account}`;
  const cluster = environment === "preview" ? "test" : environment;
  return [
    {
      Sid: "RunOwnTasks",
      Effect: "Allow",
      Action: "ecs:RunTask",
      Resource: `${ecs}:task-definition/${TASK_FAMILY_PREFIXES[environment]}*`,
      Condition: { ArnEquals: { "ecs:cluster": clusterArn(scope, cluster) } },
    },
    {
      Sid: "TagOwnTasksOnRun",
      Effect: "Allow",
      Action: "ecs:TagResource",
      Resource: `${ecs}:task/${CLUSTER_NAMES[cluster]}/*`,
      Condition: { StringEquals: { "ecs:CreateAction": "RunTask" } },
    },
    {
      Sid: "PassOwnRolesToTasks",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: rolesUnder(scope, ROLE_PATHS[environment]),
      Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
    },
  ];
}

/**
 * What the rollout roles of `test` and `prod` need under the boundary: ECS's infrastructure role shifts
 * traffic on the environment's own rules and target groups (by tag), and the Chatbot role reads alarms and
 * metrics for its messages. Each role's own policy narrows this further (to its service's two rules and groups).
 */
function rolloutBoundary(environment: "test" | "prod", scope: CiScope): PolicyStatement[] {
  const elb = `arn:aws:elasticloadbalancing:${scope.region}:${scope.account}`;
  return [
    { Sid: "ReadLoadBalancing", Effect: "Allow", Action: INFRASTRUCTURE_READS, Resource: "*" },
    {
      Sid: "ShiftOwnTraffic",
      Effect: "Allow",
      Action: [
        "elasticloadbalancing:ModifyRule",
        "elasticloadbalancing:RegisterTargets",
        "elasticloadbalancing:DeregisterTargets",
      ],
      Resource: [`${elb}:listener-rule/app/*`, `${elb}:targetgroup/*`],
      Condition: { StringEquals: { [`aws:ResourceTag/${ENVIRONMENT_TAG}`]: environment } },
    },
    { Sid: "ReadAlarms", Effect: "Allow", Action: CHATBOT_READS, Resource: "*" },
  ];
}
