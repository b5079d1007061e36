import assert from "node:assert/strict";
import { plannedStack, plannedStacks } from "./planned";

describe("plans shared across test files (tests/support/planned.ts)", () => {
  it("plans a request once per process and hands every caller the same frozen plan", async () => {
    const first = await plannedStack("shared");
    const [again] = await plannedStacks({ stacks: ["shared"], overrides: {} });
    assert.equal(again, first);
    assert.ok(first.resources.length > 5);
    assert.throws(() => {
      (first.resources as unknown[]).push({});
    }, TypeError);
    assert.throws(() => {
      (first.resources[0].inputs as Record<string, unknown>).name = "changed";
    }, TypeError);
  });

  it("plans different overrides apart", async () => {
    const committed = await plannedStack("shared");
    const renamed = await plannedStack("shared", { "pantstack:ecrRepositoryName": "team/api" });
    assert.notEqual(renamed, committed);
    assert.equal(renamed.outputs.repositoryName, "team/api");
    assert.equal(committed.outputs.repositoryName, "pantstack");
  });
});
