import { z } from "zod";
import { checkGithubRepository, GITHUB_OIDC_PROVIDER_ARN } from "../../lib/github/trust-policy";
import { checkName } from "../../lib/names";
import { HOSTNAME_PATTERN } from "../../lib/network/certificate-validation";
import { AWS_REGION, check, readConfig } from "../config";
import { CATALOG_KEYS } from "../stack-catalog";

/** The `shared` stack's config, validated. */
export type SharedConfig = ReturnType<typeof readSharedConfig>;

/** Reads and validates `Pulumi.shared.yaml` (plus any overrides). */
export function readSharedConfig() {
  return readConfig({
    "aws:region": AWS_REGION,
    ...CATALOG_KEYS,
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
    /** The domain of every host name: CI roles may change DNS records only in its zone, only their names. */
    domain: z
      .string()
      .regex(HOSTNAME_PATTERN, "expected a lowercase DNS name such as pantstack.dev")
      .refine((d) => !d.startsWith("*"), "expected a DNS name without wildcard"),
    hostedZoneId: z
      .string()
      .regex(/^Z[A-Z0-9]{1,32}$/, "expected a Route 53 hosted zone ID such as Z0123456789ABC")
      .optional(),
    /** The GitHub environment of the scheduled preview sweep (restricted to the default branch in GitHub). */
    previewCleanupEnvironment: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,255}$/, "expected a GitHub environment name without wildcards")
      .default("preview-cleanup"),
  });
}
