import type * as pulumi from "@pulumi/pulumi";
import type { GithubConfig } from "./config";
import type { EnvironmentName } from "./variables";

/** The config keys of the Pulumi tokens, one per scope: previews, test, prod and the read-only drift check. */
export type TokenKey =
  | "pulumiAccessToken"
  | "pulumiTestAccessToken"
  | "pulumiProdAccessToken"
  | "pulumiDriftAccessToken";

/**
 * Which token each environment's secret `PULUMI_ACCESS_TOKEN` holds, first choice first. The sweep
 * (`preview-cleanup`) gets the preview token, the only one it needs; the drift check the drift token, or
 * else its stack's own.
 */
export const ENVIRONMENT_TOKENS: Record<EnvironmentName, readonly TokenKey[]> = {
  "preview-cleanup": ["pulumiAccessToken"],
  test: ["pulumiTestAccessToken"],
  production: ["pulumiProdAccessToken"],
  "drift-test": ["pulumiDriftAccessToken", "pulumiTestAccessToken"],
  "drift-prod": ["pulumiDriftAccessToken", "pulumiProdAccessToken"],
  // The release jobs run no pulumi.
  "release-main": [],
  "release-dev": [],
};

/** The token an environment's secret holds, or undefined when none of its keys is set. */
export function environmentToken(
  config: Pick<GithubConfig, TokenKey>,
  environment: EnvironmentName,
): pulumi.Output<string> | undefined {
  return ENVIRONMENT_TOKENS[environment].map((key) => config[key]).find((token) => token !== undefined);
}

/**
 * Without OIDC, an environment with no token of its own silently gets the repository's preview token (GitHub
 * hands a job the repository secret when its environment has none of that name), and its deploys fail on
 * the stack's permissions: one warning line per such environment.
 */
export function tokenWarnings(config: Pick<GithubConfig, TokenKey | "pulumiOidcOrganization">): string[] {
  if (config.pulumiOidcOrganization !== undefined) return [];
  return (["test", "production"] as const)
    .filter((environment) => environmentToken(config, environment) === undefined)
    .map(
      (environment) =>
        `the environment ${environment} has no Pulumi token (pantstack:${ENVIRONMENT_TOKENS[environment][0]}) ` +
        "and pantstack:pulumiOidcOrganization is unset: its jobs get the repository's preview token and fail",
    );
}
