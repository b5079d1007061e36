import { z } from "zod";
import { checkGithubRepository, GITHUB_OIDC_PROVIDER_ARN } from "../../lib/github/trust-policy";
import { checkName } from "../../lib/names";
import { AWS_REGION, check, readConfig } from "../config";

/** The `shared` stack's config, validated. */
export type SharedConfig = ReturnType<typeof readSharedConfig>;

const BRANCH = z.string().regex(/^[A-Za-z0-9._/-]+$/, "expected a branch name without wildcards");

/** Reads and validates `Pulumi.shared.yaml` (plus any overrides). */
export function readSharedConfig() {
  return readConfig({
    "aws:region": AWS_REGION,
    githubRepository: z
      .string()
      .superRefine(check((v: string) => checkGithubRepository("githubRepository", v))),
    ecrRepositoryName: z
      .string()
      .default("pantstack")
      .superRefine(check((v: string) => checkName("ecrRepositoryName", "ecrRepository", v))),
    oidcProviderArn: z
      .string()
      .regex(
        GITHUB_OIDC_PROVIDER_ARN,
        "expected the ARN of the account's token.actions.githubusercontent.com OIDC provider",
      )
      .optional(),
    /** The branch scheduled workflows (the preview sweep) run on: GitHub's default branch. */
    defaultBranch: BRANCH.default("dev"),
  });
}
