import assert from "node:assert/strict";
import { sharedProgram } from "../../stacks/shared/program";
import { json, one, run } from "../harness";

/**
 * The `shared` stack's config at its edges: Route 53 hosted zone IDs (`Z` and up to 32 uppercase letters
 * and digits), GitHub environment names (no wildcards, at most 255 characters), the domain, and the
 * defaults the stack falls back to.
 */

const CONFIG = { "pantstack:githubRepository": "acme/pantstack", "pantstack:domain": "example.com" };
const plan = (config: Record<string, string>) =>
  run(sharedProgram, { stack: "shared", config: { ...CONFIG, ...config } });

describe("shared stack config", () => {
  it("takes hosted zone IDs of 1 to 32 characters after the Z", async () => {
    for (const id of ["Z1", `Z${"A".repeat(32)}`, "Z0123456789ABC"]) {
      const result = await plan({ "pantstack:hostedZoneId": id });
      assert.match(
        String(one(result, "aws:iam/rolePolicy:RolePolicy", "deploy-test-permissions").inputs.policy),
        new RegExp(`hostedzone/${id}"`),
      );
    }
  });

  for (const id of ["Z", `Z${"A".repeat(33)}`, "XZ0123", "Z0123-", "z0123", "Z0123abc", "Z01 23"]) {
    it(`refuses the hosted zone ID ${JSON.stringify(id)} with what is expected`, async () => {
      await assert.rejects(
        plan({ "pantstack:hostedZoneId": id }),
        new RegExp(
          `pantstack:hostedZoneId: "${id}" .*expected a Route 53 hosted zone ID such as Z0123456789ABC`,
        ),
      );
    });
  }

  it("trusts the preview role for the configured cleanup environment, default preview-cleanup", async () => {
    const subjects = async (config: Record<string, string>) => {
      const result = await plan(config);
      const trust = json<{ Statement: { Condition: { StringEquals: Record<string, string[]> } }[] }>(
        one(result, "aws:iam/role:Role", "preview").inputs.assumeRolePolicy,
      );
      return trust.Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"];
    };
    assert.deepEqual(await subjects({}), [
      "repo:acme/pantstack:pull_request",
      "repo:acme/pantstack:environment:preview-cleanup",
    ]);
    const name = `Sweep.v2_${"x".repeat(246)}`;
    assert.equal(name.length, 255);
    assert.deepEqual(await subjects({ "pantstack:previewCleanupEnvironment": name }), [
      "repo:acme/pantstack:pull_request",
      `repo:acme/pantstack:environment:${name}`,
    ]);
  });

  for (const name of ["", "a b", "x".repeat(256), "prod*", "env:x"]) {
    it(`refuses the cleanup environment ${JSON.stringify(name.slice(0, 20))} (length ${name.length})`, async () => {
      await assert.rejects(
        plan({ "pantstack:previewCleanupEnvironment": name }),
        /pantstack:previewCleanupEnvironment: .*expected a GitHub environment name without wildcards/,
      );
    });
  }

  it("names the release repository pantstack unless configured", async () => {
    assert.equal((await plan({})).outputs.repositoryName, "pantstack");
    assert.equal((await plan({ "pantstack:ecrRepositoryName": "shop" })).outputs.repositoryName, "shop");
  });

  it("refuses a domain that is not a lowercase DNS name, or a wildcard, saying what is expected", async () => {
    await assert.rejects(
      plan({ "pantstack:domain": "Example.COM" }),
      /expected a lowercase DNS name such as pantstack\.dev/,
    );
    await assert.rejects(
      plan({ "pantstack:domain": "*.example.com" }),
      /expected a DNS name without wildcard/,
    );
  });
});
