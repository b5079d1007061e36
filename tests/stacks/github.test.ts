import assert from "node:assert/strict";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { DRIFT_LABEL } from "../../delivery/drift/issue";
import { checkPolicies } from "../../plan/policy-check";
import { githubProgram } from "../../stacks/github/program";
import {
  ENVIRONMENTS,
  REPOSITORY_VARIABLES,
  REQUIRED_CHECKS,
  STACK_VARIABLES,
} from "../../stacks/github/variables";
import { ofType, one, run } from "../harness";

const SHARED = {
  accountId: "123456789012",
  region: "eu-west-1",
  registry: "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
  repositoryName: "pantstack",
  previewRepositoryName: "pantstack-previews",
  imagePushRoleArn: "arn:aws:iam::123456789012:role/pantstack/ci/image-push",
  deployTestRoleArn: "arn:aws:iam::123456789012:role/pantstack/ci/deploy-test",
  deployProdRoleArn: "arn:aws:iam::123456789012:role/pantstack/ci/deploy-prod",
  previewRoleArn: "arn:aws:iam::123456789012:role/pantstack/ci/preview",
  driftTestRoleArn: "arn:aws:iam::123456789012:role/pantstack/ci/drift-test",
  driftProdRoleArn: "arn:aws:iam::123456789012:role/pantstack/ci/drift-prod",
};
const TEST = { url: "https://test.example.dev", domain: "example.dev" };
const PROD = { url: "https://api.example.dev" };

const CONFIG = {
  "pantstack:githubRepository": "acme/shop",
  "pantstack:pulumiAccessToken": "pul-0123456789",
  "pantstack:productionReviewers": '["alice","bob"]',
  "pantstack:productionReviewerTeams": '["platform"]',
  "pantstack:productionWaitMinutes": "10",
};

function plan(config: Record<string, string> = {}) {
  return run(githubProgram, {
    stack: "github",
    config: { ...CONFIG, ...config },
    stackOutputs: (name) =>
      ({
        "organization/pantstack/shared": SHARED,
        "organization/pantstack/test": TEST,
        "organization/pantstack/prod": PROD,
      })[name],
  });
}

/** A release App's three keys (the key is a made-up PEM block). */
const RELEASE_APP = {
  "pantstack:releaseAppId": "123456",
  "pantstack:releaseAppClientId": "Iv23liExample01",
  "pantstack:releaseAppPrivateKey":
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEexample\n-----END RSA PRIVATE KEY-----\n",
};

describe("the github stack", () => {
  it("sets every repository variable the workflows read, each from its stack output", async () => {
    const result = await plan();
    const variables = ofType(result, "github:index/actionsVariable:ActionsVariable");
    // BUILD_COMMAND only when configured: set, it makes CI's required image check build in any repository.
    assert.deepEqual(
      variables.map((v) => v.inputs.variableName).sort(),
      // PULUMI_OIDC_ORGANIZATION and RELEASE_APP_CLIENT_ID likewise, with their config.
      REPOSITORY_VARIABLES.filter(
        (v) => !["BUILD_COMMAND", "PULUMI_OIDC_ORGANIZATION", "RELEASE_APP_CLIENT_ID"].includes(v),
      ).sort(),
    );
    const outputs: Record<string, Record<string, string>> = { shared: SHARED, test: TEST, prod: PROD };
    for (const [name, source] of Object.entries(STACK_VARIABLES)) {
      const v = variables.find((x) => x.inputs.variableName === name);
      assert.equal(v?.inputs.repository, "shop", name);
      assert.equal(v?.inputs.value, outputs[source.stack][source.output], name);
    }
    assert.equal(
      variables.find((v) => v.name === "BUILD_COMMAND"),
      undefined,
    );
    const custom = await plan({ "pantstack:buildCommand": "docker build -t pantstack:latest ." });
    const build = ofType(custom, "github:index/actionsVariable:ActionsVariable").find(
      (v) => v.name === "BUILD_COMMAND",
    );
    assert.equal(build?.inputs.value, "docker build -t pantstack:latest .");
  });

  it("without readEnvironments (first up, before test and prod exist) it reads only shared", async () => {
    const result = await plan({ "pantstack:readEnvironments": "false" });
    const refs = ofType(result, "pulumi:pulumi:StackReference").map((r) => r.name);
    assert.deepEqual(refs, ["shared"]);
    const names = ofType(result, "github:index/actionsVariable:ActionsVariable").map((v) => v.name);
    for (const absent of ["TEST_URL", "PROD_URL", "PANTSTACK_DOMAIN"])
      assert.ok(!names.includes(absent), absent);
  });

  it("keeps the Pulumi token secret and refuses to run without it", async () => {
    const result = await plan();
    const secret = one(result, "github:index/actionsSecret:ActionsSecret");
    assert.equal(secret.inputs.secretName, "PULUMI_ACCESS_TOKEN");
    // Sent to the engine as a secret (Pulumi's secret envelope), so state and previews mask it.
    assert.deepEqual(secret.inputs.value, sealed("pul-0123456789"));
    await assert.rejects(
      run(githubProgram, { stack: "github", config: { "pantstack:githubRepository": "acme/shop" } }),
      /pantstack:pulumiAccessToken: \(missing\) is not allowed; this key is required/,
    );
  });

  const ENV_SECRET = "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret";
  const sealed = (value: string) => ({ [specialSigKey]: specialSecretSig, value });
  const tokenOf = (result: Awaited<ReturnType<typeof plan>>) =>
    Object.fromEntries(
      ofType(result, ENV_SECRET).map((s) => {
        // The same name as the repository secret: GitHub hands a job in the environment this one instead.
        assert.equal(s.inputs.secretName, "PULUMI_ACCESS_TOKEN");
        return [s.inputs.environment, (s.inputs.value as { value: string }).value];
      }),
    );

  it("gives each environment its own token: the sweep the preview token, never a deploy token", async () => {
    const result = await plan({
      "pantstack:pulumiTestAccessToken": "pul-test",
      "pantstack:pulumiProdAccessToken": "pul-prod",
    });
    assert.deepEqual(tokenOf(result), {
      "preview-cleanup": "pul-0123456789",
      test: "pul-test",
      production: "pul-prod",
      "drift-test": "pul-test",
      "drift-prod": "pul-prod",
    });
    for (const s of ofType(result, ENV_SECRET))
      assert.equal((s.inputs.value as object)[specialSigKey as never], specialSecretSig);
    assert.deepEqual(
      (result.outputs.warnings as string[]).filter((w) => /Pulumi token/.test(w)),
      [],
    );
    // A read-only drift token, when given, replaces the deploy tokens in the drift environments.
    const drift = tokenOf(
      await plan({
        "pantstack:pulumiTestAccessToken": "pul-test",
        "pantstack:pulumiProdAccessToken": "pul-prod",
        "pantstack:pulumiDriftAccessToken": "pul-drift",
      }),
    );
    assert.deepEqual(
      [drift["drift-test"], drift["drift-prod"], drift.production],
      ["pul-drift", "pul-drift", "pul-prod"],
    );
  });

  it("warns, without OIDC, of test and production left with only the repository's preview token", async () => {
    const result = await plan({ "pantstack:pulumiTestAccessToken": "pul-test" });
    assert.deepEqual(Object.keys(tokenOf(result)).sort(), ["drift-test", "preview-cleanup", "test"]);
    assert.deepEqual(
      (result.outputs.warnings as string[]).filter((w) => /Pulumi token/.test(w)),
      [
        "the environment production has no Pulumi token (pantstack:pulumiProdAccessToken) and " +
          "pantstack:pulumiOidcOrganization is unset: its jobs get the repository's preview token and fail",
      ],
    );
  });

  it("with OIDC, sets PULUMI_OIDC_ORGANIZATION and needs no stored token at all", async () => {
    const result = await run(githubProgram, {
      stack: "github",
      config: { "pantstack:githubRepository": "acme/shop", "pantstack:pulumiOidcOrganization": "acme-corp" },
      stackOutputs: (name) =>
        ({
          "organization/pantstack/shared": SHARED,
          "organization/pantstack/test": TEST,
          "organization/pantstack/prod": PROD,
        })[name],
    });
    const oidc = ofType(result, "github:index/actionsVariable:ActionsVariable").find(
      (v) => v.inputs.variableName === "PULUMI_OIDC_ORGANIZATION",
    );
    assert.equal(oidc?.inputs.value, "acme-corp");
    assert.deepEqual(ofType(result, "github:index/actionsSecret:ActionsSecret"), []);
    assert.deepEqual(ofType(result, ENV_SECRET), []);
    assert.deepEqual(
      (result.outputs.warnings as string[]).filter((w) => /Pulumi token/.test(w)),
      [],
    );
  });

  it("refuses the old single deploy token, naming the keys that replace it", async () => {
    await assert.rejects(plan({ "pantstack:pulumiDeployAccessToken": "pul-deploy" }), (err: Error) => {
      assert.match(
        err.message,
        /^pantstack:pulumiDeployAccessToken: .* is not allowed; replaced by pantstack:pulumiTestAccessToken and pantstack:pulumiProdAccessToken/,
      );
      assert.doesNotMatch(err.message, /pul-deploy/, "the token is not printed");
      return true;
    });
  });

  it("limits each environment to its one branch with a custom branch policy", async () => {
    const result = await plan({ "pantstack:defaultBranch": "trunk" });
    const environments = ofType(result, "github:index/repositoryEnvironment:RepositoryEnvironment");
    assert.deepEqual(environments.map((e) => e.inputs.environment).sort(), Object.keys(ENVIRONMENTS).sort());
    for (const e of environments) {
      assert.deepEqual(e.inputs.deploymentBranchPolicy, {
        protectedBranches: false,
        customBranchPolicies: true,
      });
    }
    const policies = ofType(
      result,
      "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy",
    );
    const branchOf = Object.fromEntries(policies.map((p) => [p.inputs.environment, p.inputs.branchPattern]));
    assert.deepEqual(branchOf, {
      test: "dev",
      production: "main",
      "preview-cleanup": "trunk",
      "drift-test": "trunk",
      "drift-prod": "trunk",
      "release-main": "main",
      "release-dev": "dev",
    });
  });

  it("production waits for its reviewers (users and teams by ID), which admins cannot skip", async () => {
    const result = await plan();
    const prod = one(result, "github:index/repositoryEnvironment:RepositoryEnvironment", "production");
    assert.equal(prod.inputs.waitTimer, 10);
    assert.equal(prod.inputs.canAdminsBypass, false);
    assert.equal(prod.inputs.preventSelfReview, true);
    const [reviewers] = prod.inputs.reviewers as { users: number[]; teams: number[] }[];
    assert.equal(reviewers.users.length, 2);
    assert.equal(reviewers.teams.length, 1);
    for (const id of [...reviewers.users, ...reviewers.teams]) assert.ok(Number.isInteger(id) && id > 0);
    const test = one(result, "github:index/repositoryEnvironment:RepositoryEnvironment", "test");
    assert.deepEqual(test.inputs.reviewers, []);
  });

  it("rulesets on main and dev: pull requests, the CI checks by name, up to date, no force push or deletion", async () => {
    const result = await plan();
    const rulesets = ofType(result, "github:index/repositoryRuleset:RepositoryRuleset");
    assert.deepEqual(rulesets.map((r) => r.name).sort(), ["dev-rules", "main-rules"]);
    for (const r of rulesets) {
      const branch = r.name.replace("-rules", "");
      const rules = r.inputs.rules as Record<
        string,
        Record<string, unknown> & { requiredChecks?: { context: string }[] }
      >;
      assert.deepEqual((r.inputs.conditions as { refName: { includes: string[] } }).refName.includes, [
        `refs/heads/${branch}`,
      ]);
      assert.equal(r.inputs.enforcement, "active");
      assert.equal(rules.deletion, true);
      assert.equal(rules.nonFastForward, true);
      assert.equal(rules.requiredStatusChecks.strictRequiredStatusChecksPolicy, true);
      assert.deepEqual(
        rules.requiredStatusChecks.requiredChecks?.map((c) => c.context).sort(),
        [...REQUIRED_CHECKS].sort(),
      );
      assert.ok(rules.pullRequest, `${branch}: pull requests required`);
    }
    const main = one(result, "github:index/repositoryRuleset:RepositoryRuleset", "main-rules");
    const pr = (main.inputs.rules as { pullRequest: Record<string, unknown> }).pullRequest;
    assert.equal(pr.requiredApprovingReviewCount, 1);
    assert.equal(pr.dismissStaleReviewsOnPush, true);
  });

  it("lets nobody bypass the branch rules (the release pushes no commit)", async () => {
    const result = await plan();
    for (const name of ["main-rules", "dev-rules"]) {
      assert.deepEqual(
        one(result, "github:index/repositoryRuleset:RepositoryRuleset", name).inputs.bypassActors,
        [],
      );
    }
  });

  it("requires code owner approval on main only when asked", async () => {
    const codeOwners = async (config: Record<string, string>, name: string) =>
      (
        one(await plan(config), "github:index/repositoryRuleset:RepositoryRuleset", name).inputs.rules as {
          pullRequest: { requireCodeOwnerReview: boolean };
        }
      ).pullRequest.requireCodeOwnerReview;
    assert.equal(await codeOwners({}, "main-rules"), false);
    assert.equal(await codeOwners({ "pantstack:requireCodeOwnerReview": "true" }, "main-rules"), true);
    assert.equal(await codeOwners({ "pantstack:requireCodeOwnerReview": "true" }, "dev-rules"), false);
  });

  it("with a release app, lets only that app create, move or delete v* tags", async () => {
    const type = "github:index/repositoryRuleset:RepositoryRuleset";
    const without = await plan();
    assert.deepEqual(
      ofType(without, type)
        .map((r) => r.name)
        .sort(),
      ["dev-rules", "main-rules"],
    );
    assert.deepEqual(
      (without.outputs.warnings as string[]).filter((w) => /v\* tags/.test(w)),
      [
        "v* tags are not protected (no release App: pantstack:releaseAppId, releaseAppClientId, releaseAppPrivateKey): " +
          "anyone who can push may create one; rollback.yml still refuses a tag that is not on main's history",
      ],
    );
    const result = await plan(RELEASE_APP);
    const tags = one(result, type, "release-tags").inputs;
    assert.equal(tags.target, "tag");
    assert.deepEqual(tags.conditions, { refName: { includes: ["refs/tags/v*"], excludes: [] } });
    assert.deepEqual(tags.bypassActors, [
      { actorType: "Integration", actorId: 123456, bypassMode: "always" },
    ]);
    assert.deepEqual(tags.rules, { creation: true, update: true, deletion: true });
    assert.deepEqual(
      (result.outputs.warnings as string[]).filter((w) => /v\* tags/.test(w)),
      [],
    );
    // The workflows mint its token with the client ID (a variable) and the key, which only the release
    // environments hold: no pull request's job can read it.
    const clientId = one(result, "github:index/actionsVariable:ActionsVariable", "RELEASE_APP_CLIENT_ID");
    assert.equal(clientId.inputs.value, "Iv23liExample01");
    const keys = ofType(result, "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret").filter(
      (r) => r.inputs.secretName === "RELEASE_APP_PRIVATE_KEY",
    );
    assert.deepEqual(keys.map((k) => k.inputs.environment).sort(), ["release-dev", "release-main"]);
    assert.equal(
      ofType(result, "github:index/actionsSecret:ActionsSecret").some(
        (r) => r.inputs.secretName === "RELEASE_APP_PRIVATE_KEY",
      ),
      false,
      "not a repository secret",
    );
  });

  it("refuses a release app with a missing part, or a key that is not a PEM key, in one line", async () => {
    const { "pantstack:releaseAppClientId": _, ...noClient } = RELEASE_APP;
    await assert.rejects(
      plan(noClient),
      /^ValidationError: pantstack:releaseAppClientId: \(missing\) is not allowed; required with pantstack:releaseAppId and pantstack:releaseAppPrivateKey: the release App needs its ID, its client ID and its private key$/,
    );
    await assert.rejects(
      plan({ ...RELEASE_APP, "pantstack:releaseAppClientId": "client" }),
      /pantstack:releaseAppClientId: "client" is not allowed; expected a GitHub App client ID such as Iv23liAbCdEf/,
    );
    await assert.rejects(
      plan({ ...RELEASE_APP, "pantstack:releaseAppPrivateKey": "hunter2" }),
      (err: Error) => {
        assert.match(err.message, /^pantstack:releaseAppPrivateKey: .* expected the App's PEM private key/);
        assert.doesNotMatch(err.message, /hunter2/, "the key is not printed");
        return true;
      },
    );
  });

  it("warns in its outputs when production has no reviewers, naming the fallback", async () => {
    const reviewers = (result: Awaited<ReturnType<typeof plan>>) =>
      (result.outputs.warnings as string[]).filter((w) => /reviewers/.test(w));
    assert.deepEqual(reviewers(await plan()), []);
    const none = { "pantstack:productionReviewers": "[]", "pantstack:productionReviewerTeams": "[]" };
    const [warning, ...rest] = reviewers(await plan(none));
    assert.deepEqual(rest, []);
    assert.match(
      warning,
      /^the environment production has no reviewers .*set pantstack:requireCodeOwnerReview: true instead$/,
    );
    const owners = reviewers(await plan({ ...none, "pantstack:requireCodeOwnerReview": "true" }));
    assert.match(owners[0], /main's pull requests need a code owner's approval$/);
  });

  it("leaves branch rules alone when the organisation manages them", async () => {
    const result = await plan({ "pantstack:manageBranchRules": "false" });
    assert.equal(ofType(result, "github:index/repositoryRuleset:RepositoryRuleset").length, 0);
  });

  it("creates the release labels and the drift issues' label with colours and descriptions", async () => {
    const result = await plan();
    const labels = ofType(result, "github:index/issueLabel:IssueLabel");
    assert.deepEqual(labels.map((l) => l.inputs.name).sort(), [
      DRIFT_LABEL,
      "release:major",
      "release:minor",
      "release:patch",
      "release:skip",
    ]);
    for (const l of labels) {
      assert.match(String(l.inputs.color), /^[0-9a-f]{6}$/);
      assert.ok(String(l.inputs.description).length > 10);
    }
  });

  it("passes the policy pack: the baseline does not misfire on GitHub resources", async () => {
    const result = await plan();
    assert.ok(result.resources.filter((r) => r.type.startsWith("github:")).length >= 25);
    assert.deepEqual(await checkPolicies(result.resources), []);
  });

  it("refuses bad config before anything exists", async () => {
    for (const [key, value, message] of [
      ["pantstack:productionReviewers", "alice", /expected a JSON list/],
      ["pantstack:productionWaitMinutes", "50000", /expected 0 to 43200 minutes/],
      ["pantstack:manageBranchRules", "yes", /expected true or false/],
      ["pantstack:githubRepository", "acme/*", /pantstack:githubRepository/],
    ] as const) {
      await assert.rejects(plan({ [key]: value }), (err: Error) => {
        assert.match(err.message, message);
        assert.match(err.message, new RegExp(key));
        return true;
      });
    }
  });
});
