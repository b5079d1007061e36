import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import type { GithubConfig } from "./config";
import { environmentToken } from "./tokens";
import { ENVIRONMENTS, type EnvironmentName, PULUMI_TOKEN_SECRET } from "./variables";

/** The one branch each environment accepts deployments from (`preview-cleanup`: the default branch). */
export function environmentBranch(environment: EnvironmentName, defaultBranch: string): string {
  const branch = ENVIRONMENTS[environment].branch;
  return branch === "default" ? defaultBranch : branch;
}

/**
 * What the github stack warns of: `production` without reviewers deploys every release unattended. On
 * private repositories, required reviewers need GitHub Enterprise (on Pro and Team they work in public
 * repositories only: https://docs.github.com/en/actions/reference/deployments-and-environments).
 */
export function productionWarnings(
  config: Pick<GithubConfig, "productionReviewers" | "productionReviewerTeams" | "requireCodeOwnerReview">,
): string[] {
  if (config.productionReviewers.length + config.productionReviewerTeams.length > 0) return [];
  return [
    "the environment production has no reviewers (pantstack:productionReviewers, productionReviewerTeams): " +
      "every release deploys prod unattended" +
      (config.requireCodeOwnerReview
        ? "; main's pull requests need a code owner's approval"
        : "; on a private repository without GitHub Enterprise, set pantstack:requireCodeOwnerReview: true instead"),
  ];
}

/**
 * The environments the deploy roles trust (`test`, `production`) and the sweep's (`preview-cleanup`), each
 * limited to its one branch by a custom deployment branch policy: a job on any other branch cannot enter
 * the environment, so it never gets the environment's OIDC subject. `production` waits for its reviewers.
 */
export function createEnvironments(
  config: GithubConfig,
  opts: pulumi.CustomResourceOptions,
): { names: string[]; environments: Record<EnvironmentName, github.RepositoryEnvironment> } {
  const repository = config.name;
  const users = config.productionReviewers.map((username) =>
    github.getUserOutput({ username }, opts).apply((u) => Number(u.id)),
  );
  const teams = config.productionReviewerTeams.map((slug) =>
    github.getTeamOutput({ slug }, opts).apply((t) => Number(t.id)),
  );
  const hasReviewers = users.length + teams.length > 0;

  const environments = {} as Record<EnvironmentName, github.RepositoryEnvironment>;
  const names = (Object.keys(ENVIRONMENTS) as EnvironmentName[]).map((name) => {
    const production = name === "production";
    const environment = new github.RepositoryEnvironment(
      name,
      {
        repository,
        environment: name,
        deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
        // Admins must not skip prod's reviewers; no job may approve its own deploy.
        canAdminsBypass: !production,
        preventSelfReview: production && hasReviewers,
        reviewers: production && hasReviewers ? [{ users: pulumi.all(users), teams: pulumi.all(teams) }] : [],
        waitTimer: production ? config.productionWaitMinutes : 0,
      },
      opts,
    );
    environments[name] = environment;
    new github.RepositoryEnvironmentDeploymentPolicy(
      `${name}-branch`,
      {
        repository,
        environment: environment.environment,
        branchPattern: environmentBranch(name, config.defaultBranch),
      },
      opts,
    );
    // GitHub gives a job in an environment the environment's secret over the repository's of the same
    // name: each token reaches only the jobs that passed its environment's branch rule (and prod's
    // reviewers), while pull-request jobs keep the repository's preview token.
    const token = environmentToken(config, name);
    if (token) {
      new github.ActionsEnvironmentSecret(
        `${name}-${PULUMI_TOKEN_SECRET}`,
        { repository, environment: environment.environment, secretName: PULUMI_TOKEN_SECRET, value: token },
        opts,
      );
    }
    return name;
  });
  return { names, environments };
}
