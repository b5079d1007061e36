import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "../errors";
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST } from "./trust-policy";

/**
 * GitHub's OIDC identity provider. AWS allows one provider per URL in an account: create it in exactly
 * one stack and pass its ARN (`GithubOidcRole`'s `providerArn`) everywhere else. AWS validates GitHub's
 * certificate against its own trust store, so no thumbprint is pinned.
 */
export function createGithubOidcProvider(
  name: string,
  opts?: pulumi.CustomResourceOptions,
): aws.iam.OpenIdConnectProvider {
  return new aws.iam.OpenIdConnectProvider(
    name,
    { url: `https://${GITHUB_OIDC_HOST}`, clientIdLists: [GITHUB_OIDC_AUDIENCE] },
    opts,
  );
}

/**
 * The ARN of GitHub's OIDC provider in `account`: AWS names a provider by its issuer host, so the ARN is
 * known before the provider exists (or without reading it), and trust policies built on it are known values
 * in a first `pulumi preview`, where a policy pack can check them.
 */
export function githubOidcProviderArn(account: string, partition = "aws"): string {
  if (!/^\d{12}$/.test(account)) {
    throw new ValidationError(
      "githubOidcProviderArn(account)",
      account,
      "expected a 12-digit AWS account ID",
    );
  }
  return `arn:${partition}:iam::${account}:oidc-provider/${GITHUB_OIDC_HOST}`;
}
