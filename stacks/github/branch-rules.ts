import * as github from "@pulumi/github";
import type * as pulumi from "@pulumi/pulumi";
import type { GithubConfig } from "./config";
import { REQUIRED_CHECKS } from "./variables";

/** The GitHub Actions app: its check runs are the required checks. It cannot be a ruleset bypass actor. */
export const GITHUB_ACTIONS_APP_ID = 15368;

/** What a branch's ruleset requires of a pull request into it. */
export interface BranchRuleSettings {
  /** Approvals required. */
  approvals: number;
  /** Dismiss approvals when new commits are pushed. */
  dismissStaleReviews: boolean;
}

/** `main` takes releases: one approval, re-approved after every push. `dev` takes reviewed work too. */
export const BRANCH_RULES: Record<"main" | "dev", BranchRuleSettings> = {
  main: { approvals: 1, dismissStaleReviews: true },
  dev: { approvals: 0, dismissStaleReviews: false },
};

/**
 * One repository ruleset per branch (`main`, `dev`): pull requests required, the CI checks required by name
 * from the GitHub Actions app and the branch up to date, no force pushes, no deletion.
 *
 * Nobody bypasses them: the release pushes no commit (versions live in tags and GitHub releases), so no
 * workflow needs to push to `main` or `dev`. With `requireCodeOwnerReview`, main's approval must come from
 * a code owner (.github/CODEOWNERS), the fallback where environment reviewers are not available.
 *
 * Rulesets rather than classic branch protection: they layer with rulesets an organisation manages
 * centrally (the most restrictive wins, where classic protection is one rule per pattern), anyone with read
 * access can see them; the provider supports both, and GitHub builds new features on rulesets only.
 */
export function createBranchRules(config: GithubConfig, opts: pulumi.CustomResourceOptions): string[] {
  return (Object.keys(BRANCH_RULES) as ("main" | "dev")[]).map((branch) => {
    const rule = BRANCH_RULES[branch];
    new github.RepositoryRuleset(
      `${branch}-rules`,
      {
        repository: config.name,
        name: `${branch}: pull requests and CI`,
        target: "branch",
        enforcement: "active",
        conditions: { refName: { includes: [`refs/heads/${branch}`], excludes: [] } },
        bypassActors: [],
        rules: {
          deletion: true,
          nonFastForward: true,
          pullRequest: {
            requiredApprovingReviewCount: rule.approvals,
            dismissStaleReviewsOnPush: rule.dismissStaleReviews,
            requireLastPushApproval: rule.dismissStaleReviews,
            requiredReviewThreadResolution: false,
            requireCodeOwnerReview: branch === "main" && config.requireCodeOwnerReview,
          },
          requiredStatusChecks: {
            strictRequiredStatusChecksPolicy: true,
            requiredChecks: REQUIRED_CHECKS.map((context) => ({
              context,
              integrationId: GITHUB_ACTIONS_APP_ID,
            })),
          },
        },
      },
      opts,
    );
    return `${branch}-rules`;
  });
}

/**
 * With a release app: only that app may create, move or delete `v*` tags, so a tag any contributor pushes
 * cannot pose as a release (the rollback also checks that the tag is on main's history).
 */
export function createReleaseTagRules(config: GithubConfig, opts: pulumi.CustomResourceOptions): string[] {
  if (config.releaseApp === undefined) return [];
  new github.RepositoryRuleset(
    "release-tags",
    {
      repository: config.name,
      name: "v* tags: the release only",
      target: "tag",
      enforcement: "active",
      conditions: { refName: { includes: ["refs/tags/v*"], excludes: [] } },
      bypassActors: [{ actorType: "Integration", actorId: config.releaseApp.id, bypassMode: "always" }],
      rules: { creation: true, update: true, deletion: true },
    },
    opts,
  );
  return ["release-tags"];
}
