import assert from "node:assert/strict";
import { runProgram } from "../../engine/run-program";

describe("stacks/index.ts (Pulumi.yaml's main)", () => {
  it("runs the program the stack name picks, as the Pulumi CLI loads it", async () => {
    const entry = require.resolve("../../stacks/index.ts");
    const result = await runProgram({
      stack: "shared",
      config: { "aws:region": "us-east-1", "pantstack:githubRepository": "acme/api" },
      // The CLI's language host requires the module and, when it exports a function, calls it for the outputs.
      program: () => {
        delete require.cache[entry];
        const exported = require(entry) as unknown;
        assert.equal(typeof exported, "function");
        return (exported as () => unknown)();
      },
    });
    assert.equal(result.outputs.repositoryName, "pantstack");
    assert.ok(result.resources.some((r) => r.type === "aws:ecr/repository:Repository"));
  });

  it("refuses a stack name it does not know, listing the known ones", async () => {
    const entry = require.resolve("../../stacks/index.ts");
    await assert.rejects(
      runProgram({
        stack: "staging",
        program: () => {
          delete require.cache[entry];
          return require(entry);
        },
      }),
      /stack: "staging" is not allowed; expected one of shared/,
    );
  });
});
