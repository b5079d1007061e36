import assert from "node:assert/strict";
import { sharedProgram } from "../../stacks/shared/program";
import { json, ofType, one, run } from "../harness";

const CONFIG = { "pantstack:githubRepository": "acme/pantstack" };
const SUB = "token.actions.githubusercontent.com:sub";

interface Trust {
  Statement: {
    Condition: { StringEquals: Record<string, string | string[]>; StringLike?: Record<string, unknown> };
  }[];
}

describe("shared stack", () => {
  it("creates the registry, GitHub's OIDC provider and four CI roles, all tagged", async () => {
    const result = await run(sharedProgram, { stack: "shared", config: CONFIG });
    const repo = one(result, "aws:ecr/repository:Repository");
    assert.equal(repo.inputs.name, "pantstack");
    assert.equal(repo.inputs.imageTagMutability, "IMMUTABLE");
    assert.equal(repo.options.protect, true);
    assert.equal(ofType(result, "aws:iam/openIdConnectProvider:OpenIdConnectProvider").length, 1);
    const roles = ofType(result, "aws:iam/role:Role");
    assert.deepEqual(roles.map((r) => r.name).sort(), [
      "deploy-prod",
      "deploy-test",
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
    assert.deepEqual(subjects("deploy-prod"), [
      "repo:acme/pantstack:ref:refs/heads/main",
      "repo:acme/pantstack:environment:production",
    ]);
    assert.deepEqual(subjects("preview"), [
      "repo:acme/pantstack:pull_request",
      "repo:acme/pantstack:ref:refs/heads/dev",
    ]);
  });

  it("grants push on the repository to the push and preview roles through its policy", async () => {
    const result = await run(sharedProgram, { stack: "shared", config: CONFIG });
    const policy = json<{ Statement: { Principal: { AWS: string[] } }[] }>(
      one(result, "aws:ecr/repositoryPolicy:RepositoryPolicy").inputs.policy,
    );
    const expected = ["image-push", "preview"]
      .map((n) => one(result, "aws:iam/role:Role", n).outputs.arn)
      .sort();
    assert.deepEqual(policy.Statement[0].Principal.AWS, expected);
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
      oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
      imagePushRoleArn: roleArn("image-push"),
      deployTestRoleArn: roleArn("deploy-test"),
      deployProdRoleArn: roleArn("deploy-prod"),
      previewRoleArn: roleArn("preview"),
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

  const invalid: [Record<string, string>, RegExp][] = [
    [{}, /pantstack:githubRepository: \(missing\) is not allowed; this key is required/],
    [{ "pantstack:githubRepository": "*" }, /pantstack:githubRepository: "\*"/],
    [{ ...CONFIG, "pantstack:ecrRepositoryName": "Bad Name" }, /pantstack:ecrRepositoryName: "Bad Name"/],
    [
      { ...CONFIG, "pantstack:oidcProviderArn": "arn:aws:iam::1:oidc-provider/x" },
      /pantstack:oidcProviderArn: .*OIDC provider/,
    ],
    [{ ...CONFIG, "aws:region": "mars" }, /aws:region: "mars" .*AWS region/],
  ];
  for (const [config, message] of invalid) {
    it(`refuses ${JSON.stringify(config)}`, async () => {
      await assert.rejects(run(sharedProgram, { stack: "shared", config }), message);
    });
  }
});
