import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ValidationError } from "../../lib/errors";
import { checkGithubRepository } from "../../lib/github/trust-policy";
import { check, fullKey, INTEGER, PROJECT_NAMESPACE, readConfig } from "../config";
import { DEFAULT_BUILT_IMAGE } from "./variables";

/** The `github` stack's config, validated. */
export type GithubConfig = ReturnType<typeof readGithubConfig>;

const BRANCH = z.string().regex(/^[A-Za-z0-9._/-]+$/, "expected a branch name without wildcards");
const BOOLEAN = z
  .enum(["true", "false"], { message: "expected true or false" })
  .transform((v) => v === "true");
/** A JSON list of GitHub logins or team slugs, e.g. ["alice","bob"]. */
const NAMES = z
  .string()
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: 'expected a JSON list such as ["alice"]' });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .array(z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, "expected GitHub logins or team slugs"))
      .max(6, "GitHub allows at most 6 required reviewers"),
  );

/**
 * Reads and validates `Pulumi.github.yaml`. The Pulumi token must be a `secure:` value: a plain one is
 * refused, so it never sits readable in the stack file.
 */
export function readGithubConfig() {
  const config = readConfig({
    githubRepository: z
      .string()
      .superRefine(check((v: string) => checkGithubRepository("githubRepository", v))),
    defaultBranch: BRANCH.default("dev"),
    productionReviewers: NAMES.default([]),
    productionReviewerTeams: NAMES.default([]),
    productionWaitMinutes: INTEGER.pipe(
      z.number().int().min(0, "expected 0 to 43200 minutes").max(43200, "expected 0 to 43200 minutes"),
    ).default(0),
    manageBranchRules: BOOLEAN.default(true),
    // A GitHub App whose token the release uses (so its tag push starts workflows): the only actor that may
    // create, move or delete v* tags. Unset: no tag ruleset (the GitHub Actions app cannot be a bypass actor).
    releaseAppId: INTEGER.pipe(z.number().int().min(1, "expected a GitHub App id")).optional(),
    // Approvals on main must come from .github/CODEOWNERS: the fallback where environment reviewers are not
    // available (private repositories on GitHub Pro and Team).
    requireCodeOwnerReview: BOOLEAN.default(false),
    readEnvironments: BOOLEAN.default(true),
    // Unset: no variable, so the workflows build with Pants only where the repository has a pants.toml.
    buildCommand: z.string().min(1).optional(),
    builtImage: z.string().min(1).default(DEFAULT_BUILT_IMAGE),
    sharedStack: z.string().default("shared"),
    testStack: z.string().default("test"),
    prodStack: z.string().default("prod"),
    // Read by pulumiAccessToken() below; listed so the unknown-key check accepts it.
    pulumiAccessToken: z.string().optional(),
    pulumiDeployAccessToken: z.string().optional(),
  });
  const [owner, name] = config.githubRepository.split("/");
  const deployToken = new pulumi.Config(PROJECT_NAMESPACE).get("pulumiDeployAccessToken");
  return {
    ...config,
    owner,
    name,
    pulumiAccessToken: pulumiAccessToken(),
    pulumiDeployAccessToken: deployToken ? pulumi.secret(deployToken) : undefined,
  };
}

/**
 * The token, as a secret Output. Set it with `pulumi config set --secret pantstack:pulumiAccessToken`, so the
 * stack file holds only its ciphertext (the offline plan shows `[secret]`).
 */
function pulumiAccessToken(): pulumi.Output<string> {
  const value = new pulumi.Config(PROJECT_NAMESPACE).get("pulumiAccessToken");
  if (!value) {
    throw new ValidationError(
      fullKey("pulumiAccessToken"),
      value,
      "this key is required: pulumi config set --secret pantstack:pulumiAccessToken <token>",
    );
  }
  return pulumi.secret(value);
}
