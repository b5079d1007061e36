import { ECR_PULL_ACTIONS } from "../../lib/ecr/repository-policy";
import { type PolicyDocument, policyDocument } from "../../lib/iam/policy-document";
import {
  type BoundedEnvironment,
  type CiScope,
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
    // A boundary only limits; the deny says so to a reader and to any later edit that adds an allow.
    { Sid: "NeverIam", Effect: "Deny", Action: ["iam:*", "sts:AssumeRole"], Resource: "*" },
  );
}
