import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
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
