import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EcrRepository } from "../../lib/ecr/ecr-repository";
import { type LifecycleRule, PREVIEW_RETENTION } from "../../lib/ecr/lifecycle";
import { ValidationError } from "../../lib/errors";
import { createGithubOidcProvider, githubOidcProviderArn } from "../../lib/github/github-oidc-provider";
import { GithubOidcRole } from "../../lib/github/github-oidc-role";
import type { GithubSubject } from "../../lib/github/trust-policy";
import type { PolicyDocument } from "../../lib/iam/policy-document";
import { standardTags } from "../../lib/tags";
import type { Catalog } from "../catalog";
import { fullKey } from "../config";
import { primaryService, readStackCatalog } from "../stack-catalog";
import { tagEveryResource } from "../tagging";
import { readSharedConfig } from "./config";
import { DRIFT_GITHUB_ENVIRONMENTS, driftPolicy } from "./drift-permissions";
import {
  boundaryPolicy,
  DEPLOY_POLICY_PARTS,
  deployPolicies,
  imagePushPolicy,
  previewPolicies,
} from "./permissions";
import { BOUNDARY_PATH, type BoundedEnvironment, boundaryName, CI_ROLE_PATH, type CiScope } from "./scope";

/** The outputs other stacks and the workflows read from `shared`. */
export interface SharedOutputs {
  accountId: pulumi.Output<string>;
  region: string;
  /** `ACCOUNT.dkr.ecr.REGION.amazonaws.com`, for `docker login`. */
  registry: pulumi.Output<string>;
  /** The primary service's release repository (`v*` images, pushed from `dev` and `main`). */
  repositoryName: pulumi.Output<string>;
  repositoryUrl: pulumi.Output<string>;
  repositoryArn: pulumi.Output<string>;
  /** Every service's release repository, by service name: `{api: {name, url, arn}}`. */
  repositories: Record<
    string,
    { name: pulumi.Output<string>; url: pulumi.Output<string>; arn: pulumi.Output<string> }
  >;
  /** Every service's release repository URL, by service name (what the environments deploy from). */
  repositoryUrls: Record<string, pulumi.Output<string>>;
  /**
   * The pull-request repository, one for every service: images tagged `<service>-pr-<N>-<sha>` (and
   * `pr-<N>-<sha>` from before the catalog), pushed by the preview role.
   */
  previewRepositoryName: pulumi.Output<string>;
  previewRepositoryUrl: pulumi.Output<string>;
  previewRepositoryArn: pulumi.Output<string>;
  oidcProviderArn: pulumi.Output<string>;
  imagePushRoleArn: pulumi.Output<string>;
  deployTestRoleArn: pulumi.Output<string>;
  deployProdRoleArn: pulumi.Output<string>;
  previewRoleArn: pulumi.Output<string>;
  /** The read-only roles of the scheduled drift check (GitHub environments `drift-test`, `drift-prod`). */
  driftTestRoleArn: pulumi.Output<string>;
  driftProdRoleArn: pulumi.Output<string>;
  /** Permissions boundaries every role of an environment must carry. */
  testBoundaryArn: pulumi.Output<string>;
  prodBoundaryArn: pulumi.Output<string>;
  previewBoundaryArn: pulumi.Output<string>;
}

/**
 * Account bootstrap: the image repositories, GitHub's trust and the permissions boundaries, which must
 * outlive every environment. One role per trust scope, each with only what its job needs.
 */
export function sharedProgram(): SharedOutputs {
  const config = readSharedConfig();
  const catalog = readStackCatalog(config);
  const stack = pulumi.getStack();
  const region = config["aws:region"];
  tagEveryResource(standardTags({ environment: "shared", stack }));

  const repository = config.githubRepository;
  const accountId = aws.getCallerIdentityOutput().accountId;
  const oidcProviderArn = githubOidcProvider(accountId, config.oidcProviderArn);
  const zoneId = config.hostedZoneId
    ? pulumi.output(config.hostedZoneId)
    : aws.route53.getZoneOutput({ name: config.domain, privateZone: false }).zoneId;

  // Repository and boundary ARNs are known before they exist, so roles and repositories do not depend on each other.
  const previewRepositoryName = `${config.ecrRepositoryName}-preview`;
  const repositoryArn = (name: string) =>
    pulumi.interpolate`arn:aws:ecr:${region}:${accountId}:repository/${name}`;
  const names = releaseRepositoryNames(catalog, config.ecrRepositoryName);
  const webHostLabels = catalog.services.flatMap((s) =>
    s.kind === "web" && s.hostLabel ? [s.hostLabel] : [],
  );
  const scope = pulumi
    .all([
      accountId,
      repositoryArn(config.ecrRepositoryName),
      repositoryArn(previewRepositoryName),
      zoneId,
      pulumi.all(Object.values(names).map((n) => repositoryArn(n.repositoryName))),
    ])
    .apply(
      ([account, release, preview, hostedZoneId, releases]): CiScope => ({
        account,
        region,
        releaseRepositoryArn: release,
        ...(releases.length > 1 ? { releaseRepositoryArns: releases } : {}),
        previewRepositoryArn: preview,
        domain: config.domain,
        hostedZoneId,
        ...(webHostLabels.length > 0 ? { webHostLabels } : {}),
      }),
    );

  const boundary = (environment: BoundedEnvironment) =>
    new aws.iam.Policy(`${environment}-boundary`, {
      name: boundaryName(environment),
      path: BOUNDARY_PATH,
      description: `Permissions boundary of every role the ${environment} environment creates`,
      policy: scope.apply((s) => JSON.stringify(boundaryPolicy(environment, s))),
    });
  const boundaries = {
    test: boundary("test"),
    prod: boundary("prod"),
    preview: boundary("preview"),
  };

  const role = (
    name: string,
    subjects: GithubSubject[],
    policy: pulumi.Output<PolicyDocument>,
    managedPolicyArns: pulumi.Output<string>[] = [],
  ) =>
    new GithubOidcRole(name, {
      repository,
      subjects,
      providerArn: oidcProviderArn,
      path: CI_ROLE_PATH,
      inlinePolicies: { permissions: policy },
      ...(managedPolicyArns.length > 0 ? { managedPolicyArns } : {}),
    });
  // A deploy role's grants exceed what one inline policy may hold: the platform's stay inline, the rest are
  // managed policies under the CI path (which no CI role may change).
  const deployRole = (environment: "test" | "prod", subjects: GithubSubject[]) => {
    const name = `deploy-${environment}`;
    const parts = scope.apply((s) => deployPolicies(environment, s));
    const managed = DEPLOY_POLICY_PARTS.filter((part) => part !== "permissions").map(
      (part) =>
        new aws.iam.Policy(`${name}-${part}`, {
          name: `pantstack-${name}-${part}`,
          path: CI_ROLE_PATH,
          description: `The ${part} grants of the ${environment} deploy role`,
          policy: parts.apply((p) => JSON.stringify(p[part])),
        }),
    );
    return role(
      name,
      subjects,
      parts.apply((p) => p.permissions),
      managed.map((m) => m.arn),
    );
  };

  const imagePush = role(
    "image-push",
    [
      { kind: "branch", name: "dev" },
      { kind: "branch", name: "main" },
    ],
    scope.apply(imagePushPolicy),
  );
  // A job that declares a GitHub environment is presented with that subject only; which branches may use
  // the environment is the environment's rule in GitHub.
  const deployTest = deployRole("test", [{ kind: "environment", name: "test" }]);
  const deployProd = deployRole("prod", [{ kind: "environment", name: "production" }]);
  const previewParts = scope.apply(previewPolicies);
  const previewServices = new aws.iam.Policy("preview-services", {
    name: "pantstack-preview-services",
    path: CI_ROLE_PATH,
    description: "The services grants of the preview role (queues, schedules, Service Connect)",
    policy: previewParts.apply((p) => JSON.stringify(p.services)),
  });
  const preview = role(
    "preview",
    [{ kind: "pullRequest" }, { kind: "environment", name: config.previewCleanupEnvironment }],
    previewParts.apply((p) => p.permissions),
    [previewServices.arn],
  );

  // Read-only: the drift workflow's `pulumi preview --refresh` of test and prod, from the default branch only
  // (the rule of the environments `drift-test` and `drift-prod` in GitHub).
  const drift = (environment: "test" | "prod") =>
    role(
      `drift-${environment}`,
      [{ kind: "environment", name: DRIFT_GITHUB_ENVIRONMENTS[environment] }],
      scope.apply((s) => driftPolicy(environment, s)),
    );
  const driftTest = drift("test");
  const driftProd = drift("prod");

  // One release repository per service, each with its own lifecycle rules; the primary keeps today's.
  const repositories = Object.fromEntries(
    Object.entries(names).map(([service, n]) => [
      service,
      new EcrRepository(n.logicalName, { repositoryName: n.repositoryName, pushRoleArns: [imagePush.arn] }),
    ]),
  );
  const releases = repositories[primaryService(catalog).name];
  const pullRequestImages = new EcrRepository("preview-images", {
    repositoryName: previewRepositoryName,
    lifecycleRules: servicePreviewLifecycleRules(),
    pushRoleArns: [preview.arn],
  });

  return {
    accountId,
    region,
    registry: pulumi.interpolate`${releases.repository.registryId}.dkr.ecr.${region}.amazonaws.com`,
    repositoryName: releases.repositoryName,
    repositoryUrl: releases.repositoryUrl,
    repositoryArn: releases.arn,
    repositories: Object.fromEntries(
      Object.entries(repositories).map(([service, r]) => [
        service,
        { name: r.repositoryName, url: r.repositoryUrl, arn: r.arn },
      ]),
    ),
    repositoryUrls: Object.fromEntries(
      Object.entries(repositories).map(([service, r]) => [service, r.repositoryUrl]),
    ),
    previewRepositoryName: pullRequestImages.repositoryName,
    previewRepositoryUrl: pullRequestImages.repositoryUrl,
    previewRepositoryArn: pullRequestImages.arn,
    oidcProviderArn,
    imagePushRoleArn: imagePush.arn,
    deployTestRoleArn: deployTest.arn,
    deployProdRoleArn: deployProd.arn,
    previewRoleArn: preview.arn,
    driftTestRoleArn: driftTest.arn,
    driftProdRoleArn: driftProd.arn,
    testBoundaryArn: boundaries.test.arn,
    prodBoundaryArn: boundaries.prod.arn,
    previewBoundaryArn: boundaries.preview.arn,
  };
}

/**
 * GitHub's OIDC provider ARN, computed from the account and the issuer (so trust policies are known in a
 * first `pulumi preview`). Without a configured ARN the provider is created here; the ARN then also carries
 * the provider as a dependency (its URN is known in a preview), so roles are created after it.
 */
function githubOidcProvider(accountId: pulumi.Output<string>, configured?: string): pulumi.Output<string> {
  if (configured) {
    return accountId.apply((account) => {
      const expected = githubOidcProviderArn(account);
      if (configured !== expected) {
        throw new ValidationError(
          fullKey("oidcProviderArn"),
          configured,
          `expected ${expected} (this account's)`,
        );
      }
      return expected;
    });
  }
  const provider = createGithubOidcProvider("github-oidc");
  return pulumi.all([accountId, provider.urn]).apply(([account]) => githubOidcProviderArn(account));
}

/**
 * Each service's release repository: the primary service keeps the repository (and logical name `images`)
 * of the stacks before the catalog, `pantstack:ecrRepositoryName`; every other service gets
 * `<ecrRepositoryName>/<service>` (logical name `images-<service>`).
 */
export function releaseRepositoryNames(
  catalog: Catalog,
  ecrRepositoryName: string,
): Record<string, { logicalName: string; repositoryName: string }> {
  const primary = primaryService(catalog).name;
  return Object.fromEntries(
    catalog.services.map((s) => [
      s.name,
      s.name === primary
        ? { logicalName: "images", repositoryName: ecrRepositoryName }
        : { logicalName: `images-${s.name}`, repositoryName: `${ecrRepositoryName}/${s.name}` },
    ]),
  );
}

/**
 * The preview repository's rules: PR images (`<service>-pr-<N>-<sha>`, and `pr-<N>-<sha>` from before the
 * catalog) expire two weeks after their push, untagged layers after a day.
 */
export function servicePreviewLifecycleRules(retention = PREVIEW_RETENTION): LifecycleRule[] {
  return [
    {
      priority: 1,
      description: `Expire pull-request images after ${retention.pullRequestImageDays} days`,
      tagStatus: "tagged",
      tagPatterns: ["pr-*", "*-pr-*"],
      expireAfterDays: retention.pullRequestImageDays,
    },
    {
      priority: 2,
      description: `Expire untagged images after ${retention.untaggedImageDays} days`,
      tagStatus: "untagged",
      expireAfterDays: retention.untaggedImageDays,
    },
  ];
}
