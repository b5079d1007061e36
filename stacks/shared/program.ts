import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EcrRepository } from "../../lib/ecr/ecr-repository";
import { createGithubOidcProvider } from "../../lib/github/github-oidc-provider";
import { GithubOidcRole } from "../../lib/github/github-oidc-role";
import type { GithubSubject } from "../../lib/github/trust-policy";
import type { PolicyDocument } from "../../lib/iam/policy-document";
import { standardTags } from "../../lib/tags";
import { tagEveryResource } from "../tagging";
import { readSharedConfig } from "./config";
import { type CiScope, deployPolicy, imagePushPolicy, previewPolicy } from "./permissions";

/** The outputs other stacks and the workflows read from `shared`. */
export interface SharedOutputs {
  accountId: pulumi.Output<string>;
  region: string;
  /** `ACCOUNT.dkr.ecr.REGION.amazonaws.com`, for `docker login`. */
  registry: pulumi.Output<string>;
  repositoryName: pulumi.Output<string>;
  repositoryUrl: pulumi.Output<string>;
  repositoryArn: pulumi.Output<string>;
  oidcProviderArn: pulumi.Output<string>;
  imagePushRoleArn: pulumi.Output<string>;
  deployTestRoleArn: pulumi.Output<string>;
  deployProdRoleArn: pulumi.Output<string>;
  previewRoleArn: pulumi.Output<string>;
}

const CI_ROLE_PATH = "/pantstack/ci/";

/**
 * Account bootstrap: the image registry and GitHub's trust, which must outlive every environment. One role
 * per trust scope, each with only what its job needs.
 */
export function sharedProgram(): SharedOutputs {
  const config = readSharedConfig();
  const stack = pulumi.getStack();
  tagEveryResource(standardTags({ environment: "shared", stack }));

  const repository = config.githubRepository;
  const accountId = aws.getCallerIdentityOutput().accountId;
  const oidcProviderArn = config.oidcProviderArn
    ? pulumi.output(config.oidcProviderArn)
    : createGithubOidcProvider("github-oidc").arn;

  // The repository ARN is known before the repository exists, so roles and repository do not depend on each other.
  const repositoryArn = pulumi.interpolate`arn:aws:ecr:${config["aws:region"]}:${accountId}:repository/${config.ecrRepositoryName}`;
  const scope = pulumi
    .all([accountId, repositoryArn])
    .apply(([account, arn]): CiScope => ({ account, region: config["aws:region"], repositoryArn: arn }));

  const role = (name: string, subjects: GithubSubject[], policy: pulumi.Output<PolicyDocument>) =>
    new GithubOidcRole(name, {
      repository,
      subjects,
      providerArn: oidcProviderArn,
      path: CI_ROLE_PATH,
      inlinePolicies: { permissions: policy },
    });

  const imagePush = role(
    "image-push",
    [
      { kind: "branch", name: "dev" },
      { kind: "branch", name: "main" },
    ],
    scope.apply(imagePushPolicy),
  );
  const deployTest = role(
    "deploy-test",
    [
      { kind: "branch", name: "dev" },
      { kind: "environment", name: "test" },
    ],
    scope.apply((s) => deployPolicy("test", s)),
  );
  const deployProd = role(
    "deploy-prod",
    [
      { kind: "branch", name: "main" },
      { kind: "environment", name: "production" },
    ],
    scope.apply((s) => deployPolicy("prod", s)),
  );
  const preview = role(
    "preview",
    [{ kind: "pullRequest" }, { kind: "branch", name: config.defaultBranch }],
    scope.apply(previewPolicy),
  );

  const registry = new EcrRepository("images", {
    repositoryName: config.ecrRepositoryName,
    pushRoleArns: [imagePush.arn, preview.arn],
  });

  return {
    accountId,
    region: config["aws:region"],
    registry: pulumi.interpolate`${registry.repository.registryId}.dkr.ecr.${config["aws:region"]}.amazonaws.com`,
    repositoryName: registry.repositoryName,
    repositoryUrl: registry.repositoryUrl,
    repositoryArn: registry.arn,
    oidcProviderArn,
    imagePushRoleArn: imagePush.arn,
    deployTestRoleArn: deployTest.arn,
    deployProdRoleArn: deployProd.arn,
    previewRoleArn: preview.arn,
  };
}
