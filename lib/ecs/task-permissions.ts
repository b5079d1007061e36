import { ECR_PULL_ACTIONS } from "../ecr/repository-policy";
import { ValidationError } from "../errors";
import { type PolicyDocument, type PolicyStatement, policyDocument } from "../iam/policy-document";

/**
 * The ECS tasks service principal's trust policy. `aws:SourceAccount` keeps ECS from assuming the role on
 * behalf of another account's tasks (the confused-deputy guard AWS recommends for service principals).
 */
export function ecsTasksTrustPolicy(account: string): PolicyDocument {
  if (!/^\d{12}$/.test(account)) {
    throw new ValidationError("ecsTasksTrustPolicy(account)", account, "expected a 12-digit AWS account ID");
  }
  return policyDocument({
    Effect: "Allow",
    Principal: { Service: "ecs-tasks.amazonaws.com" },
    Action: "sts:AssumeRole",
    Condition: { StringEquals: { "aws:SourceAccount": account } },
  });
}

/** `ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME` → the repository's ARN. */
export function repositoryArnFromUrl(key: string, url: string): string {
  const match = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/(.+)$/.exec(url);
  if (!match) {
    throw new ValidationError(
      key,
      url,
      "expected an ECR repository URL: ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME",
    );
  }
  const [, account, region, name] = match;
  return `arn:aws:ecr:${region}:${account}:repository/${name}`;
}

/** Secrets an ECS task may reference: SSM parameters and Secrets Manager secrets, by ARN. */
export const SECRET_ARN_PATTERN =
  /^arn:aws[a-z-]*:(ssm|secretsmanager):[a-z0-9-]+:\d{12}:(parameter\/.+|secret:.+)$/;

/**
 * The secret a Secrets Manager `valueFrom` refers to. ECS accepts `<secret ARN>:<json-key>:<version-stage>:
 * <version-id>` to pick one value, but IAM grants on the secret's own ARN (its first seven fields).
 */
export function secretArnOf(valueFrom: string): string {
  return valueFrom.split(":").slice(0, 7).join(":");
}

const unique = (values: string[]) => [...new Set(values)];

/** What the execution role needs: pull the image, write the logs, read exactly the listed secrets. */
export interface ExecutionPermissions {
  /** The one ECR repository the task's image is pulled from. */
  repositoryArn: string;
  /** Log group ARNs (a trailing `*` allowed for a prefix). */
  logGroupArns: string[];
  /** SSM parameter and Secrets Manager ARNs; nothing else is readable. */
  secretArns: string[];
}

/**
 * The task execution role's policy. Least privilege: image pull on one repository, log writes on the given
 * groups, `ssm:GetParameters`/`secretsmanager:GetSecretValue` on exactly the secrets the task references.
 */
export function executionRolePolicy(permissions: ExecutionPermissions): PolicyDocument {
  const statements: PolicyStatement[] = [
    // GetAuthorizationToken has no resource-level permissions: AWS requires "*".
    { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    { Sid: "PullImage", Effect: "Allow", Action: ECR_PULL_ACTIONS, Resource: permissions.repositoryArn },
    {
      Sid: "WriteLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: permissions.logGroupArns.map((arn) => `${arn}:*`),
    },
  ];
  const ssm = unique(permissions.secretArns.filter((arn) => arn.split(":")[2] === "ssm"));
  const secretsManager = unique(
    permissions.secretArns.filter((arn) => arn.split(":")[2] === "secretsmanager").map(secretArnOf),
  );
  if (ssm.length > 0) {
    statements.push({ Sid: "ReadParameters", Effect: "Allow", Action: "ssm:GetParameters", Resource: ssm });
  }
  if (secretsManager.length > 0) {
    statements.push({
      Sid: "ReadSecrets",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: secretsManager,
    });
  }
  return policyDocument(...statements);
}
