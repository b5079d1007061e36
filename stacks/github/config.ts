import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ValidationError } from "../../lib/errors";
import { checkGithubRepository } from "../../lib/github/trust-policy";
import { check, fullKey, INTEGER, PROJECT_NAMESPACE, readConfig } from "../config";
import { releaseApp } from "./release-app";
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
    // A GitHub App whose token the release uses: the only actor that may create, move or delete v* tags.
    // Unset: no tag ruleset, since GITHUB_TOKEN cannot be one's bypass actor (release-app.ts). The App's ID
    // names it in the ruleset, its client ID mints its token; its private key is read by releaseApp().
    releaseAppId: INTEGER.pipe(z.number().int().min(1, "expected a GitHub App id")).optional(),
    releaseAppClientId: z
      .string()
      .regex(/^Iv[0-9A-Za-z.]{4,40}$/, "expected a GitHub App client ID such as Iv23liAbCdEf")
      .optional(),
    releaseAppPrivateKey: z.string().optional(),
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
    // Set: every job gets its Pulumi token from Pulumi Cloud's OIDC exchange, and no token need be stored.
    pulumiOidcOrganization: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, "expected a Pulumi Cloud organization name")
      .optional(),
    // The tokens, read by secretToken() below; listed so the unknown-key check accepts them.
    pulumiAccessToken: z.string().optional(),
    pulumiTestAccessToken: z.string().optional(),
    pulumiProdAccessToken: z.string().optional(),
    pulumiDriftAccessToken: z.string().optional(),
    pulumiDeployAccessToken: z.string().optional(),
  });
  if (config.pulumiDeployAccessToken !== undefined) {
    // Its value is a token: the message names the key only.
    throw new ValidationError(
      fullKey("pulumiDeployAccessToken"),
      "[secret]",
      "replaced by pantstack:pulumiTestAccessToken and pantstack:pulumiProdAccessToken, one token each, " +
        "so that preview-cleanup and test never hold prod's",
    );
  }
  const [owner, name] = config.githubRepository.split("/");
  return {
    ...config,
    owner,
    name,
    pulumiAccessToken: secretToken("pulumiAccessToken", config.pulumiOidcOrganization === undefined),
    pulumiTestAccessToken: secretToken("pulumiTestAccessToken", false),
    pulumiProdAccessToken: secretToken("pulumiProdAccessToken", false),
    pulumiDriftAccessToken: secretToken("pulumiDriftAccessToken", false),
    releaseApp: releaseApp(config),
  };
}

/**
 * A token, as a secret Output. Set it with `pulumi config set --secret pantstack:<key> <token>`, so the stack
 * file holds only its ciphertext (the offline plan shows `[secret]`). The preview token is required unless
 * the jobs get theirs by OIDC.
 */
function secretToken(key: string, required: boolean): pulumi.Output<string> | undefined {
  const value = new pulumi.Config(PROJECT_NAMESPACE).get(key);
  if (value) return pulumi.secret(value);
  if (!required) return undefined;
  throw new ValidationError(
    fullKey(key),
    value,
    `this key is required unless pantstack:pulumiOidcOrganization is set: pulumi config set --secret ${fullKey(key)} <token>`,
  );
}
