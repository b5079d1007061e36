import assert from "node:assert/strict";
import { checkGithubRepository, githubTrustPolicy } from "../../lib/github/trust-policy";

const PROVIDER = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
const AUD = "token.actions.githubusercontent.com:aud";
const SUB = "token.actions.githubusercontent.com:sub";

describe("GitHub trust policy", () => {
  it("pins aud and matches exact subjects with StringEquals", () => {
    const doc = githubTrustPolicy("role", PROVIDER, "acme/api", [
      { kind: "branch", name: "main" },
      { kind: "environment", name: "production" },
      { kind: "pullRequest" },
    ]);
    assert.equal(doc.Statement.length, 1);
    const [statement] = doc.Statement;
    assert.equal(statement.Action, "sts:AssumeRoleWithWebIdentity");
    assert.deepEqual(statement.Principal, { Federated: PROVIDER });
    assert.deepEqual(statement.Condition, {
      StringEquals: {
        [AUD]: "sts.amazonaws.com",
        [SUB]: [
          "repo:acme/api:ref:refs/heads/main",
          "repo:acme/api:environment:production",
          "repo:acme/api:pull_request",
        ],
      },
    });
  });

  it("puts wildcard subjects in their own StringLike statement, still pinning aud", () => {
    const doc = githubTrustPolicy("role", PROVIDER, "acme/api", [
      { kind: "branch", name: "main" },
      { kind: "tag", pattern: "v*" },
    ]);
    assert.equal(doc.Statement.length, 2);
    const like = doc.Statement[1];
    assert.deepEqual(like.Condition, {
      StringEquals: { [AUD]: "sts.amazonaws.com" },
      StringLike: { [SUB]: "repo:acme/api:ref:refs/tags/v*" },
    });
    assert.equal(doc.Statement[0].Condition?.StringEquals[SUB], "repo:acme/api:ref:refs/heads/main");
  });

  for (const bad of ["*", "acme/*", "*/api", "acme", "acme/api/x", "", "acme/", "ac me/api", "-acme/api"]) {
    it(`refuses the repository ${JSON.stringify(bad)}`, () => {
      assert.throws(() => checkGithubRepository("githubRepository", bad), /githubRepository: .*owner\/repo/);
    });
  }

  it("refuses bare wildcard subjects and an empty subject list", () => {
    assert.throws(
      () => githubTrustPolicy("role", PROVIDER, "acme/api", [{ kind: "branch", name: "*" }]),
      /role\.subjects\[0\]: "\*" .*never a bare wildcard/,
    );
    assert.throws(
      () => githubTrustPolicy("role", PROVIDER, "acme/api", [{ kind: "tag", pattern: "**" }]),
      /never a bare wildcard/,
    );
    assert.throws(() => githubTrustPolicy("role", PROVIDER, "acme/api", []), /at least one subject/);
  });
});
