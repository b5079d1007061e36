import { ECR_PULL_ACTIONS } from "../../lib/ecr/repository-policy";
import { INFRASTRUCTURE_READS } from "../../lib/ecs/deployment-strategy";
import { type PolicyDocument, type PolicyStatement, policyDocument } from "../../lib/iam/policy-document";
import { CHATBOT_READS } from "../../lib/monitoring/topic-policies";
import {
  type BoundedEnvironment,
  type CiScope,
  ENVIRONMENT_TAG,
  LOG_GROUP_PREFIXES,
  logStreamsUnder,
  releaseRepositories,
  SECRET_PREFIXES,
} from "./scope";

/**
 * The permissions boundary of every role created in `environment`: the most any of its ECS task or
 * execution roles can ever do, whatever policy a deploy role attaches to it. Pull from the repository the
 * environment runs, write its own log groups, read the secrets under its own prefix; nothing in IAM.
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
    ...(environment === "preview" ? [] : rolloutBoundary(environment, scope)),
    // A boundary only limits; the deny says so to a reader and to any later edit that adds an allow.
    { Sid: "NeverIam", Effect: "Deny", Action: ["iam:*", "sts:AssumeRole"], Resource: "*" },
  );
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
