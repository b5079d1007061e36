import { type PolicyDocument, type PolicyStatement, policyDocument } from "../iam/policy-document";

/** Actions a principal needs to pull an image. */
export const ECR_PULL_ACTIONS = [
  "ecr:BatchCheckLayerAvailability",
  "ecr:BatchGetImage",
  "ecr:GetDownloadUrlForLayer",
];

/** Actions a principal needs to push an image (layer upload and manifest put), on top of pull. */
export const ECR_PUSH_ACTIONS = [
  ...ECR_PULL_ACTIONS,
  "ecr:CompleteLayerUpload",
  "ecr:InitiateLayerUpload",
  "ecr:PutImage",
  "ecr:UploadLayerPart",
];

/**
 * A repository policy granting push to `pushArns` and pull to `pullArns`. Returns undefined when
 * nobody is granted anything, so no empty policy is attached.
 */
export function repositoryPolicyDocument(pushArns: string[], pullArns: string[]): PolicyDocument | undefined {
  const statements: PolicyStatement[] = [];
  if (pushArns.length > 0) {
    statements.push({
      Sid: "PushFromNamedRoles",
      Effect: "Allow",
      Principal: { AWS: [...pushArns].sort() },
      Action: ECR_PUSH_ACTIONS,
    });
  }
  if (pullArns.length > 0) {
    statements.push({
      Sid: "PullFromNamedRoles",
      Effect: "Allow",
      Principal: { AWS: [...pullArns].sort() },
      Action: ECR_PULL_ACTIONS,
    });
  }
  return statements.length > 0 ? policyDocument(...statements) : undefined;
}
