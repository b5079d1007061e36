import assert from "node:assert/strict";
import { parsePlanArgs } from "../../plan/main";
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

  it("shares one plan between the plan CLI's parsed command line and plannedStack", async () => {
    const parsed = parsePlanArgs(["--stack", "shared", "--format", "markdown"]);
    assert.ok(parsed !== "help");
    const [viaCli] = await plannedStacks(parsed);
    assert.equal(viaCli, await plannedStack("shared"));
  });

  it("keeps a plan whose overrides apply only where read apart from one where they apply everywhere", async () => {
    const overrides = { "pantstack:ecrRepositoryName": "team/api" };
    const everywhere = await plannedStacks({ stacks: ["shared"], overrides });
    const whereRead = await plannedStacks({ stacks: ["shared"], overrides, overridesWhereRead: true });
    assert.notEqual(whereRead, everywhere);
    assert.equal(whereRead[0].outputs.repositoryName, "team/api");
  });

  it("runs a stack once for every request that plans it with the same config", async () => {
    const [sharedWithTest] = await plannedStacks({ stacks: ["shared", "test"] });
    const [sharedWithProd, prod] = await plannedStacks({ stacks: ["shared", "prod"] });
    assert.notEqual(sharedWithProd, sharedWithTest);
    assert.equal(sharedWithProd.resources, sharedWithTest.resources);
    const [renamedProd] = await plannedStacks({
      stacks: ["prod"],
      stackOverrides: { prod: { "pantstack:domain": "example.org" } },
    });
    assert.notEqual(renamedProd.resources, prod.resources);
    assert.equal(renamedProd.outputs.url, "https://api.example.org");
  });
});
