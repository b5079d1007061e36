import { ECR_PUSH_ACTIONS } from "../../lib/ecr/repository-policy";
import { type PolicyDocument, policyDocument } from "../../lib/iam/policy-document";
import { type CiScope, releaseRepositories } from "./scope";

export { boundaryPolicy } from "./boundaries";
export { DEPLOY_POLICY_PARTS, deployPolicies, deployPolicy } from "./deploy-permissions";
export { previewPolicies, previewPolicy } from "./preview-permissions";
export { type CiScope, type DeployEnvironment, ROLE_PATHS } from "./scope";

/** The image push role (branches `dev` and `main`): push and pull on the release repository, nothing else. */
export function imagePushPolicy(scope: CiScope): PolicyDocument {
  return policyDocument(
    // GetAuthorizationToken has no resource-level permissions: AWS requires "*".
    { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    {
      Sid: "PushReleaseImages",
      Effect: "Allow",
      Action: [...ECR_PUSH_ACTIONS, "ecr:DescribeImages"],
      Resource: releaseRepositories(scope),
    },
  );
}
