// The pack is published on its own (`pulumi policy publish policies` uploads only this folder), so it
// cannot import the library. These mirror lib/ values; tests/policies/constants.test.ts keeps them equal.

/** Tag keys every Pantstack resource carries. */
export const TAG_KEYS = {
  environment: "pantstack:environment",
  stack: "pantstack:stack",
  managedBy: "pantstack:managed-by",
  pr: "pantstack:pr",
  expiresAt: "pantstack:expires-at",
} as const;

/** ALB security policies that offer TLS 1.3 and nothing below TLS 1.2. */
export const MODERN_TLS_POLICIES = [
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
];

/** GitHub's OIDC issuer host (the condition key prefix in trust policies). */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/** The task definition family prefix of every preview (`preview-pr-<N>-<service>`). */
export const PREVIEW_FAMILY_PREFIX = "preview-pr-";
