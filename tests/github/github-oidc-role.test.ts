import assert from "node:assert/strict";
import { githubOidcProviderArn } from "../../lib/github/github-oidc-provider";
import { GithubOidcRole, type GithubOidcRoleArgs } from "../../lib/github/github-oidc-role";
import { policyDocument } from "../../lib/iam/policy-document";
import { json, ofType, one, refusedBeforeRegistration, run } from "../harness";

const base: GithubOidcRoleArgs = { repository: "acme/api", subjects: [{ kind: "branch", name: "main" }] };
const EXISTING = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";

describe("githubOidcProviderArn", () => {
  it("is the ARN AWS gives GitHub's provider in an account, known before the provider exists", () => {
    assert.equal(githubOidcProviderArn("123456789012"), EXISTING);
    assert.equal(
      githubOidcProviderArn("123456789012", "aws-us-gov"),
      "arn:aws-us-gov:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
    );
    assert.throws(() => githubOidcProviderArn("1234"), /githubOidcProviderArn\(account\): "1234" .*12-digit/);
  });
});

describe("GithubOidcRole", () => {
  it("creates GitHub's OIDC provider when no ARN is given and trusts it", async () => {
    const result = await run(() => new GithubOidcRole("deploy", base));
    const provider = one(result, "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
    assert.equal(provider.inputs.url, "https://token.actions.githubusercontent.com");
    assert.deepEqual(provider.inputs.clientIdLists, ["sts.amazonaws.com"]);
    const trust = json<{ Statement: { Principal: { Federated: string } }[] }>(
      one(result, "aws:iam/role:Role").inputs.assumeRolePolicy,
    );
    assert.equal(trust.Statement[0].Principal.Federated, provider.outputs.arn);
  });

  it("reuses an existing provider instead of creating a second one", async () => {
    const result = await run(() => new GithubOidcRole("deploy", { ...base, providerArn: EXISTING }));
    assert.equal(ofType(result, "aws:iam/openIdConnectProvider:OpenIdConnectProvider").length, 0);
    const trust = json<{ Statement: { Principal: { Federated: string } }[] }>(
      one(result, "aws:iam/role:Role").inputs.assumeRolePolicy,
    );
    assert.equal(trust.Statement[0].Principal.Federated, EXISTING);
  });

  it("attaches inline policies and managed ARNs, with the session length and path asked for", async () => {
    const doc = policyDocument({
      Effect: "Allow",
      Action: "ecr:DescribeImages",
      Resource: "arn:aws:ecr:::repository/x",
    });
    const result = await run(
      () =>
        new GithubOidcRole("deploy", {
          ...base,
          providerArn: EXISTING,
          inlinePolicies: { images: doc },
          managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
          maxSessionDuration: 7200,
          path: "/ci/",
        }),
    );
    const role = one(result, "aws:iam/role:Role");
    assert.equal(role.inputs.maxSessionDuration, 7200);
    assert.equal(role.inputs.path, "/ci/");
    const inline = one(result, "aws:iam/rolePolicy:RolePolicy");
    assert.equal(inline.inputs.name, "images");
    assert.equal(inline.inputs.role, role.outputs.name);
    assert.deepEqual(json(inline.inputs.policy), doc);
    assert.equal(
      one(result, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").inputs.policyArn,
      "arn:aws:iam::aws:policy/ReadOnlyAccess",
    );
  });

  it("exposes the role ARN and name", async () => {
    let arn = "";
    const result = await run(() => {
      const role = new GithubOidcRole("deploy", { ...base, providerArn: EXISTING });
      role.arn.apply((a) => {
        arn = a;
      });
    });
    assert.equal(arn, one(result, "aws:iam/role:Role").outputs.arn);
    assert.match(arn, /^arn:aws:iam::123456789012:role\/deploy-[0-9a-f]{7}$/);
  });

  const invalid: [Partial<GithubOidcRoleArgs>, RegExp][] = [
    [{ repository: "*" }, /GithubOidcRole\(deploy\)\.repository: "\*"/],
    [{ repository: "acme/*" }, /repository: "acme\/\*"/],
    [{ maxSessionDuration: 3599 }, /maxSessionDuration: 3599 .*3600 to 43200/],
    [{ maxSessionDuration: 43201 }, /maxSessionDuration: 43201/],
    [{ path: "ci" }, /path: "ci" .*starts and ends with '\/'/],
    [{ subjects: [{ kind: "environment", name: "*" }] }, /subjects\[0\]: "\*"/],
    [{ inlinePolicies: { "bad name": policyDocument() } }, /inlinePolicies: "bad name"/],
    [
      { providerArn: "arn:aws:iam::123456789012:oidc-provider/example.com" },
      /providerArn: .*token\.actions\.githubusercontent\.com/,
    ],
  ];
  for (const [args, message] of invalid) {
    it(`refuses ${JSON.stringify(args)} before registering anything`, async () => {
      await refusedBeforeRegistration(() => new GithubOidcRole("deploy", { ...base, ...args }), message);
    });
  }
});
