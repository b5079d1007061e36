import assert from "node:assert/strict";
import { repositoryPolicyDocument } from "../../lib/ecr/repository-policy";
import { executionRolePolicy, repositoryArnFromUrl } from "../../lib/ecs/task-permissions";
import { GithubOidcRole } from "../../lib/github/github-oidc-role";
import { checkGithubRepository, githubTrustPolicy } from "../../lib/github/trust-policy";
import { one, run } from "../harness";

// Whole documents, compared exactly: an action, a Sid, an Effect or a statement that changes is a different
// permission, so no part of them may change unnoticed (the mutation run found several that could).

const PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];
const PUSH = [
  ...PULL,
  "ecr:CompleteLayerUpload",
  "ecr:InitiateLayerUpload",
  "ecr:PutImage",
  "ecr:UploadLayerPart",
];

describe("the IAM documents the library writes", () => {
  it("repository policy: push and pull statements only for the roles given, principals sorted", () => {
    assert.equal(repositoryPolicyDocument([], []), undefined);
    assert.deepEqual(repositoryPolicyDocument(["arn:b", "arn:a"], []), {
      Version: "2012-10-17",
      Statement: [
        { Sid: "PushFromNamedRoles", Effect: "Allow", Principal: { AWS: ["arn:a", "arn:b"] }, Action: PUSH },
      ],
    });
    assert.deepEqual(repositoryPolicyDocument([], ["arn:p"]), {
      Version: "2012-10-17",
      Statement: [
        { Sid: "PullFromNamedRoles", Effect: "Allow", Principal: { AWS: ["arn:p"] }, Action: PULL },
      ],
    });
    const pushArns = ["arn:b", "arn:a"];
    repositoryPolicyDocument(pushArns, pushArns);
    assert.deepEqual(pushArns, ["arn:b", "arn:a"], "the caller's lists are not sorted in place");
  });

  it("execution role: login, pull, logs and exactly the referenced secrets", () => {
    const ssm = "arn:aws:ssm:us-east-1:123456789012:parameter/api/db";
    const secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-Ab12Cd";
    const document = executionRolePolicy({
      repositoryArn: "arn:aws:ecr:us-east-1:123456789012:repository/api",
      logGroupArns: ["arn:aws:logs:us-east-1:123456789012:log-group:/pantstack/test/api"],
      secretArns: [ssm, ssm, secret, `${secret}:password::`],
    });
    assert.deepEqual(document, {
      Version: "2012-10-17",
      Statement: [
        { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        {
          Sid: "PullImage",
          Effect: "Allow",
          Action: PULL,
          Resource: "arn:aws:ecr:us-east-1:123456789012:repository/api",
        },
        {
          Sid: "WriteLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: ["arn:aws:logs:us-east-1:123456789012:log-group:/pantstack/test/api:*"],
        },
        { Sid: "ReadParameters", Effect: "Allow", Action: "ssm:GetParameters", Resource: [ssm] },
        { Sid: "ReadSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [secret] },
      ],
    });
    const none = executionRolePolicy({ repositoryArn: "arn:r", logGroupArns: [], secretArns: [] });
    assert.deepEqual(
      none.Statement.map((s) => s.Sid),
      ["RegistryLogin", "PullImage", "WriteLogs"],
    );
  });

  it("reads a repository ARN only from a whole ECR repository URL", () => {
    assert.equal(
      repositoryArnFromUrl("k", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api"),
      "arn:aws:ecr:eu-west-1:123456789012:repository/team/api",
    );
    for (const url of [
      "https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/api",
      "ghcr.io/acme/api",
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com/",
    ]) {
      assert.throws(() => repositoryArnFromUrl("k", url), {
        message: `k: ${JSON.stringify(url)} is not allowed; expected an ECR repository URL: ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME`,
      });
    }
  });

  describe("GitHub trust", () => {
    const PROVIDER = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    const HOST = "token.actions.githubusercontent.com";

    it("one statement for exact subjects, one for patterns, aud pinned in both", () => {
      const document = githubTrustPolicy("k", PROVIDER, "acme/api", [
        { kind: "branch", name: "main" },
        { kind: "pullRequest" },
        { kind: "tag", pattern: "v*" },
      ]);
      assert.deepEqual(document, {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "GithubExactSubjects",
            Effect: "Allow",
            Principal: { Federated: PROVIDER },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
              StringEquals: {
                [`${HOST}:aud`]: "sts.amazonaws.com",
                [`${HOST}:sub`]: ["repo:acme/api:ref:refs/heads/main", "repo:acme/api:pull_request"],
              },
            },
          },
          {
            Sid: "GithubSubjectPatterns",
            Effect: "Allow",
            Principal: { Federated: PROVIDER },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
              StringEquals: { [`${HOST}:aud`]: "sts.amazonaws.com" },
              StringLike: { [`${HOST}:sub`]: "repo:acme/api:ref:refs/tags/v*" },
            },
          },
        ],
      });
    });

    it("writes no exact statement when every subject is a pattern", () => {
      const document = githubTrustPolicy("k", PROVIDER, "acme/api", [{ kind: "tag", pattern: "v*" }]);
      assert.deepEqual(
        document.Statement.map((s) => s.Sid),
        ["GithubSubjectPatterns"],
      );
    });

    it("refuses blank, whitespace and bare-wildcard subjects, and accepts patterns with fixed text", () => {
      for (const name of [" ", "**", "?", "main branch"]) {
        assert.throws(() => githubTrustPolicy("k", PROVIDER, "acme/api", [{ kind: "branch", name }]), {
          message: `k.subjects[0]: ${JSON.stringify(name)} is not allowed; a branch must be a name or a pattern with fixed text, never a bare wildcard`,
        });
      }
      assert.doesNotThrow(() =>
        githubTrustPolicy("k", PROVIDER, "acme/api", [{ kind: "tag", pattern: "*-rc" }]),
      );
      assert.throws(() => githubTrustPolicy("k", PROVIDER, "acme/*", [{ kind: "pullRequest" }]), {
        message: /^k\.repository: "acme\/\*" is not allowed/,
      });
    });

    it("refuses . and .. as a repository name", () => {
      for (const repository of ["acme/.", "acme/..", "acme", "acme/api/x", "/api"]) {
        assert.throws(
          () => checkGithubRepository("k", repository),
          { message: /^k: .* is not allowed; expected one GitHub repository/ },
          repository,
        );
      }
      assert.equal(checkGithubRepository("k", "acme/.github"), "acme/.github");
    });
  });

  describe("GithubOidcRole's role", () => {
    it("describes its subjects in words", async () => {
      const result = await run(
        () =>
          new GithubOidcRole("ci", {
            repository: "acme/api",
            subjects: [
              { kind: "branch", name: "main" },
              { kind: "tag", pattern: "v*" },
              { kind: "pullRequest" },
              { kind: "environment", name: "production" },
            ],
          }),
      );
      assert.equal(
        one(result, "aws:iam/role:Role").inputs.description,
        "GitHub Actions of acme/api: branch main, tag v*, pull requests, environment production",
      );
    });

    it("takes an IAM path that starts and ends with '/', up to 512 characters", async () => {
      const role = (path: string) => () =>
        new GithubOidcRole("ci", { repository: "acme/api", subjects: [{ kind: "pullRequest" }], path });
      const longest = `/${"a".repeat(510)}/`;
      const result = await run(role(longest));
      assert.equal(one(result, "aws:iam/role:Role").inputs.path, longest);
      for (const path of ["pantstack/", "/pantstack", `/${"a".repeat(511)}/`, "//"]) {
        assert.throws(role(path), {
          message: `GithubOidcRole(ci).path: ${JSON.stringify(path)} is not allowed; an IAM path starts and ends with '/', e.g. /pantstack/ci/`,
        });
      }
    });

    it("names its own name in a name error", () => {
      assert.throws(
        () =>
          new GithubOidcRole("x".repeat(57), { repository: "acme/api", subjects: [{ kind: "pullRequest" }] }),
        { message: /^GithubOidcRole\(x+\)\.name: / },
      );
    });
  });
});
