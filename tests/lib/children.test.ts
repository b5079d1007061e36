import assert from "node:assert/strict";
import { EcrRepository } from "../../lib/ecr/ecr-repository";
import { GithubOidcRole } from "../../lib/github/github-oidc-role";
import { githubTrustPolicy } from "../../lib/github/trust-policy";
import { one, run } from "../harness";

describe("components' children", () => {
  it("GithubOidcRole: provider, role, inline policies and attachments are children of the component", async () => {
    const result = await run(
      () =>
        new GithubOidcRole("ci", {
          repository: "acme/api",
          subjects: [{ kind: "pullRequest" }],
          inlinePolicies: { push: { Version: "2012-10-17", Statement: [] } },
          managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
        }),
    );
    const component = one(result, "pantstack:github:GithubOidcRole");
    for (const type of [
      "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
      "aws:iam/role:Role",
      "aws:iam/rolePolicy:RolePolicy",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    ]) {
      assert.equal(one(result, type).parent, component.urn, type);
    }
    assert.equal(
      one(result, "aws:iam/openIdConnectProvider:OpenIdConnectProvider").inputs.url,
      "https://token.actions.githubusercontent.com",
    );
  });

  it("GithubOidcRole without managed policies attaches none", async () => {
    const result = await run(
      () => new GithubOidcRole("ci", { repository: "acme/api", subjects: [{ kind: "pullRequest" }] }),
    );
    assert.equal(
      result.resources.filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment").length,
      0,
    );
  });

  it("EcrRepository: repository, lifecycle and repository policies are children, and mutable tags are MUTABLE", async () => {
    const result = await run(
      () =>
        new EcrRepository("api", {
          ephemeral: true,
          allowMutableTags: true,
          pullRoleArns: ["arn:aws:iam::1:role/x"],
        }),
    );
    const component = one(result, "pantstack:ecr:EcrRepository");
    for (const type of [
      "aws:ecr/repository:Repository",
      "aws:ecr/lifecyclePolicy:LifecyclePolicy",
      "aws:ecr/repositoryPolicy:RepositoryPolicy",
    ]) {
      assert.equal(one(result, type).parent, component.urn, type);
    }
    assert.equal(one(result, "aws:ecr/repository:Repository").inputs.imageTagMutability, "MUTABLE");
  });

  it("an empty subject name is refused like a blank one", () => {
    assert.throws(
      () =>
        githubTrustPolicy(
          "k",
          "arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com",
          "acme/api",
          [{ kind: "environment", name: "" }],
        ),
      { message: /^k\.subjects\[0\]: "" is not allowed; an environment must be a name/ },
    );
  });
});
