import * as github from "@pulumi/github";
import type * as pulumi from "@pulumi/pulumi";
import type { GithubConfig } from "./config";
import { REQUIRED_CHECKS } from "./variables";

/** The GitHub Actions app: its check runs are the required checks, and it pushes semantic-release's commits. */
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
 * semantic-release commits CHANGELOG.md back to the branch it releases, with the workflow's GITHUB_TOKEN,
 * so by default (`releaseBypass: github-actions`) the GitHub Actions app may bypass the rules. The price:
 * any workflow with `contents: write`, including one on a branch that is not reviewed yet, could push to
 * `main`. `releaseBypass: none` closes that, with a release config that pushes no commit (tags and GitHub
 * releases only).
 *
 * Rulesets rather than classic branch protection: they layer with rulesets an organisation manages
 * centrally (the most restrictive wins, where classic protection is one rule per pattern), anyone with read
 * access can see them, and they let the GitHub Actions app bypass them so semantic-release can push its
 * release commit (see above); the provider supports both, and GitHub builds new features on rulesets only.
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
        bypassActors:
          config.releaseBypass === "github-actions"
            ? [{ actorType: "Integration", actorId: GITHUB_ACTIONS_APP_ID, bypassMode: "always" }]
            : [],
        rules: {
          deletion: true,
          nonFastForward: true,
          pullRequest: {
            requiredApprovingReviewCount: rule.approvals,
            dismissStaleReviewsOnPush: rule.dismissStaleReviews,
            requireLastPushApproval: rule.dismissStaleReviews,
            requiredReviewThreadResolution: false,
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
