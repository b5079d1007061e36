export { type EcrEncryption, EcrRepository, type EcrRepositoryArgs } from "./ecr/ecr-repository";
export { checkImageTag, DOCKER_TAG_PATTERN } from "./ecr/image-tag";
export { defaultLifecycleRules, type LifecycleRule, lifecyclePolicyJson } from "./ecr/lifecycle";
export { repositoryPolicyDocument } from "./ecr/repository-policy";
export { isValidationError, ValidationError } from "./errors";
export { createGithubOidcProvider } from "./github/github-oidc-provider";
export { GithubOidcRole, type GithubOidcRoleArgs } from "./github/github-oidc-role";
export {
  checkGithubRepository,
  type GithubSubject,
  githubTrustPolicy,
  subjectClaim,
} from "./github/trust-policy";
export { type PolicyDocument, type PolicyStatement, policyDocument } from "./iam/policy-document";
export { checkName, NAME_LIMITS } from "./names";
export { type Environment, standardTags, TAG_KEYS } from "./tags";
