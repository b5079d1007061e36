import assert from "node:assert/strict";
import { fakeCall, fakeCreate } from "../../engine/fake-aws";

const URN = "urn:pulumi:github::pantstack::github:index/repositoryRuleset:RepositoryRuleset::main-rules";

describe("engine: GitHub answers", () => {
  it("answers github:* creates with the provider's ID formats, the same on every run", () => {
    const variable = fakeCreate(
      "github:index/actionsVariable:ActionsVariable",
      "AWS_REGION",
      "u1",
      {
        repository: "shop",
        variableName: "AWS_REGION",
        value: "eu-west-1",
      },
      "us-east-1",
    );
    assert.equal(variable.id, "shop:AWS_REGION");
    assert.equal(variable.state.value, "eu-west-1");
    const ruleset = fakeCreate(
      "github:index/repositoryRuleset:RepositoryRuleset",
      "main-rules",
      URN,
      {},
      "us-east-1",
    );
    assert.match(ruleset.id, /^\d+$/);
    assert.equal(ruleset.state.rulesetId, Number(ruleset.id));
    assert.deepEqual(
      fakeCreate("github:index/repositoryRuleset:RepositoryRuleset", "main-rules", URN, {}, "x"),
      ruleset,
    );
  });

  it("fails on a GitHub type it cannot answer instead of guessing", () => {
    assert.throws(
      () => fakeCreate("github:index/repository:Repository", "r", "u", {}, "us-east-1"),
      /cannot answer github:index\/repository:Repository; add it to engine\/fake-github\.ts/,
    );
  });

  it("answers getUser and getTeam with numeric IDs, distinct per name", () => {
    const alice = fakeCall("github:index/getUser:getUser", { username: "alice" }, "us-east-1");
    const bob = fakeCall("github:index/getUser:getUser", { username: "bob" }, "us-east-1");
    const team = fakeCall("github:index/getTeam:getTeam", { slug: "platform" }, "us-east-1");
    for (const r of [alice, bob, team]) assert.match(String(r.id), /^[1-9]\d*$/);
    assert.notEqual(alice.id, bob.id);
    assert.equal(alice.login, "alice");
    assert.equal(team.slug, "platform");
  });
});
