/**
 * The names the workflows and the `github` stack share: repository variables, secrets, environments and
 * required checks. One list, read by the stack (which sets them) and by the workflow tests (which check
 * that the workflows read exactly these), so a renamed variable fails a test instead of a deploy.
 */

/** Which stack output a repository variable is copied from. */
export interface VariableSource {
  /** The stack whose output it is. */
  stack: "shared" | "test" | "prod";
  /** The output's name in that stack. */
  output: string;
  /** What the workflows use it for (the variable's description in docs/pipeline.md). */
  meaning: string;
}

/** Repository variables set from stack outputs. None is a secret: no AWS key is ever stored in GitHub. */
export const STACK_VARIABLES = {
  AWS_REGION: { stack: "shared", output: "region", meaning: "region of the registry, roles and stacks" },
  AWS_ACCOUNT_ID: {
    stack: "shared",
    output: "accountId",
    meaning: "the only account the workflows accept credentials for",
  },
  ECR_REGISTRY: { stack: "shared", output: "registry", meaning: "the `docker login` host" },
  ECR_REPOSITORY: { stack: "shared", output: "repositoryName", meaning: "release images (dev and main)" },
  ECR_PREVIEW_REPOSITORY: {
    stack: "shared",
    output: "previewRepositoryName",
    meaning: "pull-request images (`pr-<N>-<sha>`)",
  },
  AWS_IMAGE_PUSH_ROLE_ARN: {
    stack: "shared",
    output: "imagePushRoleArn",
    meaning: "pushes release images (branches dev and main)",
  },
  AWS_DEPLOY_TEST_ROLE_ARN: {
    stack: "shared",
    output: "deployTestRoleArn",
    meaning: "deploys `test` (environment `test`)",
  },
  AWS_DEPLOY_PROD_ROLE_ARN: {
    stack: "shared",
    output: "deployProdRoleArn",
    meaning: "deploys and rolls back `prod` (environment `production`)",
  },
  AWS_PREVIEW_ROLE_ARN: {
    stack: "shared",
    output: "previewRoleArn",
    meaning: "deploys `preview-pr-<N>` (pull requests) and sweeps them (environment `preview-cleanup`)",
  },
  AWS_DRIFT_TEST_ROLE_ARN: {
    stack: "shared",
    output: "driftTestRoleArn",
    meaning: "reads `test` for the drift check, read-only (environment `drift-test`)",
  },
  AWS_DRIFT_PROD_ROLE_ARN: {
    stack: "shared",
    output: "driftProdRoleArn",
    meaning: "reads `prod` for the drift check, read-only (environment `drift-prod`)",
  },
  PANTSTACK_DOMAIN: {
    stack: "test",
    output: "domain",
    meaning: "the DNS domain (`preview-pr-<N>.<domain>`)",
  },
  TEST_URL: { stack: "test", output: "url", meaning: "smoke test after a `dev` deploy" },
  PROD_URL: { stack: "prod", output: "url", meaning: "health check after a `main` deploy or a rollback" },
} as const satisfies Record<string, VariableSource>;

/** The name of a repository variable set from a stack output. */
export type StackVariable = keyof typeof STACK_VARIABLES;

/** The build command the workflows run when the `BUILD_COMMAND` variable is not set (the spec's). */
export const DEFAULT_BUILD_COMMAND = "pants package ::";

/** The local image the build command produces, when the `BUILT_IMAGE` variable is not set. */
export const DEFAULT_BUILT_IMAGE = "pantstack:latest";

/** Repository variables set from the stack's own config (with the workflows' defaults above). */
export const BUILD_VARIABLES = {
  BUILD_COMMAND: "the command that builds the application image (not pushed)",
  BUILT_IMAGE: "the local image reference the build command produces; the workflows tag and push it",
} as const;

/** Repository variables of Pulumi Cloud's OIDC exchange, set from the stack's config when it is given. */
export const PULUMI_VARIABLES = {
  PULUMI_OIDC_ORGANIZATION:
    "the Pulumi Cloud organization that mints each job's token by OIDC (unset: the `PULUMI_ACCESS_TOKEN` secrets)",
} as const;

/** The Pulumi Cloud team whose token each kind of job gets by OIDC (`team:<name>`). */
export const PULUMI_OIDC_TEAMS = {
  /** pull-request jobs and the sweep: the `preview-pr-*` stacks, read `shared` and `test` */
  previews: "pantstack-previews",
  /** the deploy of `test` */
  test: "pantstack-test",
  /** the deploy and rollback of `prod` */
  prod: "pantstack-prod",
  /** the drift check: read `test` and `prod` */
  drift: "pantstack-drift",
} as const;

/** The release GitHub App's client ID (a repository variable; not a secret). */
export const RELEASE_APP_CLIENT_ID_VARIABLE = "RELEASE_APP_CLIENT_ID";

/** Every repository variable a workflow may read. */
export const REPOSITORY_VARIABLES: readonly string[] = [
  ...Object.keys(STACK_VARIABLES),
  ...Object.keys(BUILD_VARIABLES),
  ...Object.keys(PULUMI_VARIABLES),
  RELEASE_APP_CLIENT_ID_VARIABLE,
];

/** The Pulumi Cloud token's secret: the repository's (previews) and each environment's own. */
export const PULUMI_TOKEN_SECRET = "PULUMI_ACCESS_TOKEN";

/** Optional: an incoming-webhook URL; when set, deploys, rollbacks and failures are posted to Slack. */
export const SLACK_WEBHOOK_SECRET = "SLACK_WEBHOOK_URL";

/**
 * The release GitHub App's private key: a secret of the environments `release-main` and `release-dev` only,
 * so that no pull request's job, whose workflow file its author controls, can mint the App's token.
 */
export const RELEASE_APP_KEY_SECRET = "RELEASE_APP_PRIVATE_KEY";

/** Every secret a workflow may read (besides the automatic `GITHUB_TOKEN`). */
export const REPOSITORY_SECRETS: readonly string[] = [
  PULUMI_TOKEN_SECRET,
  SLACK_WEBHOOK_SECRET,
  RELEASE_APP_KEY_SECRET,
];

/** The GitHub environments, their only branch, and the role variable whose OIDC subject they are. */
export const ENVIRONMENTS = {
  test: { branch: "dev", roleVariable: "AWS_DEPLOY_TEST_ROLE_ARN" },
  production: { branch: "main", roleVariable: "AWS_DEPLOY_PROD_ROLE_ARN" },
  /** The scheduled preview sweep: the default branch only (its name comes from config). */
  "preview-cleanup": { branch: "default", roleVariable: "AWS_PREVIEW_ROLE_ARN" },
  /** The scheduled drift check of each stack, read-only: the default branch only. */
  "drift-test": { branch: "default", roleVariable: "AWS_DRIFT_TEST_ROLE_ARN" },
  "drift-prod": { branch: "default", roleVariable: "AWS_DRIFT_PROD_ROLE_ARN" },
  /** The release job of each branch: no cloud role; it holds the release App's key, when there is one. */
  "release-main": { branch: "main" },
  "release-dev": { branch: "dev" },
} as const;

/** A GitHub environment the workflows use. */
export type EnvironmentName = keyof typeof ENVIRONMENTS;

/**
 * The checks a pull request into `dev` or `main` must pass: the job IDs of `ci.yml` and `semantic-pr.yml`
 * (no job sets a `name:`, so its check is its ID). A test compares this list with the workflow files.
 */
export const REQUIRED_CHECKS = ["checks", "plan", "image", "app", "pr-title"] as const;

/** The workflow files whose jobs are the required checks. */
export const CHECK_WORKFLOWS = ["ci.yml", "semantic-pr.yml"] as const;
