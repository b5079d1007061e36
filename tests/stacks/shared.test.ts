import assert from "node:assert/strict";
import { githubOidcProviderArn } from "../../lib/github/github-oidc-provider";
import { sharedProgram } from "../../stacks/shared/program";
import { json, ofType, one, run } from "../harness";

const CONFIG = { "pantstack:githubRepository": "acme/pantstack", "pantstack:domain": "example.com" };
const SUB = "token.actions.githubusercontent.com:sub";

interface Trust {
  Statement: {
    Condition: { StringEquals: Record<string, string | string[]>; StringLike?: Record<string, unknown> };
  }[];
}

describe("shared stack", () => {
  it("creates two registries, GitHub's OIDC provider, three boundaries and six CI roles, all tagged", async () => {
    const result = await run(sharedProgram, { stack: "shared", config: CONFIG });
    const repo = one(result, "aws:ecr/repository:Repository", "images");
    assert.equal(repo.inputs.name, "pantstack");
    assert.equal(repo.inputs.imageTagMutability, "IMMUTABLE");
    assert.equal(repo.options.protect, true);
    const previews = one(result, "aws:ecr/repository:Repository", "preview-images");
    assert.equal(previews.inputs.name, "pantstack-preview");
    assert.equal(previews.inputs.imageTagMutability, "IMMUTABLE");
    const rules = json<{ rules: { selection: Record<string, unknown> }[] }>(
      one(result, "aws:ecr/lifecyclePolicy:LifecyclePolicy", "preview-images-lifecycle").inputs.policy,
    ).rules.map((r) => r.selection);
    assert.deepEqual(rules, [
      {
        tagStatus: "tagged",
        tagPatternList: ["pr-*", "*-pr-*"],
        countType: "sinceImagePushed",
        countUnit: "days",
        countNumber: 14,
      },
      { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 },
    ]);
    assert.deepEqual(
      ofType(result, "aws:iam/policy:Policy").map((p) => [p.inputs.name, p.inputs.path]),
      [
        ["pantstack-test-boundary", "/pantstack/boundaries/"],
        ["pantstack-prod-boundary", "/pantstack/boundaries/"],
        ["pantstack-preview-boundary", "/pantstack/boundaries/"],
        ["pantstack-deploy-test-roles", "/pantstack/ci/"],
        ["pantstack-deploy-test-rollouts", "/pantstack/ci/"],
        ["pantstack-deploy-test-services", "/pantstack/ci/"],
        ["pantstack-deploy-prod-roles", "/pantstack/ci/"],
        ["pantstack-deploy-prod-rollouts", "/pantstack/ci/"],
        ["pantstack-deploy-prod-services", "/pantstack/ci/"],
        ["pantstack-preview-services", "/pantstack/ci/"],
      ],
    );
    assert.equal(ofType(result, "aws:iam/openIdConnectProvider:OpenIdConnectProvider").length, 1);
    const roles = ofType(result, "aws:iam/role:Role");
    assert.deepEqual(roles.map((r) => r.name).sort(), [
      "deploy-prod",
      "deploy-test",
      "drift-prod",
      "drift-test",
      "image-push",
      "preview",
    ]);
    for (const resource of result.resources.filter((r) => r.custom && "tags" in r.inputs)) {
      assert.deepEqual(
        resource.inputs.tags,
        { "pantstack:environment": "shared", "pantstack:stack": "shared", "pantstack:managed-by": "pulumi" },
        resource.urn,
      );
    }
  });

  it("trusts each role only for its scope, with StringEquals on aud and sub", async () => {
    const result = await run(sharedProgram, { stack: "shared", config: CONFIG });
    const subjects = (name: string) => {
      const trust = json<Trust>(one(result, "aws:iam/role:Role", name).inputs.assumeRolePolicy);
      assert.equal(trust.Statement.length, 1, "no wildcard statement");
      assert.equal(
        trust.Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:aud"],
        "sts.amazonaws.com",
      );
      return trust.Statement[0].Condition.StringEquals[SUB];
    };
    assert.deepEqual(subjects("image-push"), [
      "repo:acme/pantstack:ref:refs/heads/dev",
      "repo:acme/pantstack:ref:refs/heads/main",
    ]);
    assert.equal(subjects("deploy-test"), "repo:acme/pantstack:environment:test");
    assert.equal(subjects("deploy-prod"), "repo:acme/pantstack:environment:production");
    assert.equal(subjects("drift-test"), "repo:acme/pantstack:environment:drift-test");
    assert.equal(subjects("drift-prod"), "repo:acme/pantstack:environment:drift-prod");
    assert.deepEqual(subjects("preview"), [
      "repo:acme/pantstack:pull_request",
      "repo:acme/pantstack:environment:preview-cleanup",
    ]);
  });

  it("names the OIDC provider in every trust by the ARN computed from the account and issuer", async () => {
    const result = await run(sharedProgram, { stack: "shared", config: CONFIG });
    const provider = githubOidcProviderArn("123456789012");
    assert.equal(one(result, "aws:iam/openIdConnectProvider:OpenIdConnectProvider").outputs.arn, provider);
    for (const role of ofType(result, "aws:iam/role:Role")) {
      const trust = json<{ Statement: { Principal: { Federated: string } }[] }>(role.inputs.assumeRolePolicy);
      assert.equal(trust.Statement[0].Principal.Federated, provider, role.name);
    }
  });

  it("lets only image-push push releases and only the preview role push pull-request images", async () => {
    const result = await run(sharedProgram, { stack: "shared", config: CONFIG });
    const pushers = (name: string) =>
      json<{ Statement: { Principal: { AWS: string[] } }[] }>(
        one(result, "aws:ecr/repositoryPolicy:RepositoryPolicy", name).inputs.policy,
      ).Statement.flatMap((s) => s.Principal.AWS);
    const roleArn = (n: string) => one(result, "aws:iam/role:Role", n).outputs.arn;
    assert.deepEqual(pushers("images-policy"), [roleArn("image-push")]);
    assert.deepEqual(pushers("preview-images-policy"), [roleArn("preview")]);
  });

  it("exports what the workflows need", async () => {
    const result = await run(sharedProgram, { stack: "shared", config: CONFIG });
    const roleArn = (n: string) => one(result, "aws:iam/role:Role", n).outputs.arn;
    assert.deepEqual(result.outputs, {
      accountId: "123456789012",
      region: "us-east-1",
      registry: "123456789012.dkr.ecr.us-east-1.amazonaws.com",
      repositoryName: "pantstack",
      repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack",
      repositoryArn: "arn:aws:ecr:us-east-1:123456789012:repository/pantstack",
      repositories: {
        api: {
          name: "pantstack",
          url: "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack",
          arn: "arn:aws:ecr:us-east-1:123456789012:repository/pantstack",
        },
      },
      repositoryUrls: { api: "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack" },
      oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
      imagePushRoleArn: roleArn("image-push"),
      deployTestRoleArn: roleArn("deploy-test"),
      deployProdRoleArn: roleArn("deploy-prod"),
      previewRoleArn: roleArn("preview"),
      driftTestRoleArn: roleArn("drift-test"),
      driftProdRoleArn: roleArn("drift-prod"),
      previewRepositoryName: "pantstack-preview",
      previewRepositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack-preview",
      previewRepositoryArn: "arn:aws:ecr:us-east-1:123456789012:repository/pantstack-preview",
      testBoundaryArn: "arn:aws:iam::123456789012:policy/pantstack/boundaries/pantstack-test-boundary",
      prodBoundaryArn: "arn:aws:iam::123456789012:policy/pantstack/boundaries/pantstack-prod-boundary",
      previewBoundaryArn: "arn:aws:iam::123456789012:policy/pantstack/boundaries/pantstack-preview-boundary",
    });
  });

  it("reuses a configured OIDC provider", async () => {
    const arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    const result = await run(sharedProgram, {
      stack: "shared",
      config: { ...CONFIG, "pantstack:oidcProviderArn": arn },
    });
    assert.equal(ofType(result, "aws:iam/openIdConnectProvider:OpenIdConnectProvider").length, 0);
    assert.equal(result.outputs.oidcProviderArn, arn);
  });

  it("scopes DNS changes to the configured zone, or the zone of the domain when none is given", async () => {
    const zones = async (config: Record<string, string>) => {
      const result = await run(sharedProgram, { stack: "shared", config: { ...CONFIG, ...config } });
      const policy = json<{ Statement: { Action?: string | string[]; Resource?: string | string[] }[] }>(
        one(result, "aws:iam/rolePolicy:RolePolicy", "deploy-test-permissions").inputs.policy,
      );
      return [
        ...new Set(
          policy.Statement.filter(
            (st) => st.Action === "route53:ChangeResourceRecordSets" && st.Resource !== "*",
          ).flatMap((st) => st.Resource),
        ),
      ];
    };
    assert.deepEqual(await zones({ "pantstack:hostedZoneId": "Z0123456789ABC" }), [
      "arn:aws:route53:::hostedzone/Z0123456789ABC",
    ]);
    const [looked] = await zones({});
    assert.match(String(looked), /^arn:aws:route53:::hostedzone\/Z[0-9A-F]{20}$/);
  });

  it("refuses a configured OIDC provider of another account", async () => {
    const arn = "arn:aws:iam::210987654321:oidc-provider/token.actions.githubusercontent.com";
    await assert.rejects(
      run(sharedProgram, { stack: "shared", config: { ...CONFIG, "pantstack:oidcProviderArn": arn } }),
      /pantstack:oidcProviderArn: "arn:aws:iam::210987654321:.*expected arn:aws:iam::123456789012:/,
    );
  });

  const invalid: [Record<string, string>, RegExp][] = [
    [{}, /pantstack:githubRepository: \(missing\) is not allowed; this key is required/],
    [{ "pantstack:githubRepository": "*" }, /pantstack:githubRepository: "\*"/],
    [{ ...CONFIG, "pantstack:ecrRepositoryName": "Bad Name" }, /pantstack:ecrRepositoryName: "Bad Name"/],
    [
      { ...CONFIG, "pantstack:oidcProviderArn": "arn:aws:iam::1:oidc-provider/x" },
      /pantstack:oidcProviderArn: .*OIDC provider/,
    ],
    [{ ...CONFIG, "aws:region": "mars" }, /aws:region: "mars" .*AWS region/],
    [{ "pantstack:githubRepository": "acme/pantstack" }, /pantstack:domain: \(missing\)/],
    [{ ...CONFIG, "pantstack:domain": "*.example.com" }, /pantstack:domain: "\*\.example\.com"/],
    [{ ...CONFIG, "pantstack:hostedZoneId": "zone" }, /pantstack:hostedZoneId: "zone" .*hosted zone ID/],
    [{ ...CONFIG, "pantstack:previewCleanupEnvironment": "*" }, /pantstack:previewCleanupEnvironment: "\*"/],
  ];
  for (const [config, message] of invalid) {
    it(`refuses ${JSON.stringify(config)}`, async () => {
      await assert.rejects(run(sharedProgram, { stack: "shared", config }), message);
    });
  }
});
