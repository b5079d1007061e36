import assert from "node:assert/strict";
import { qualifiedStackName, readStack } from "../../stacks/references";
import { run } from "../harness";

describe("typed stack references", () => {
  it("reads each output by name and qualifies bare stack names with the current org and project", async () => {
    let qualified = "";
    const result = await run(
      async () => {
        qualified = qualifiedStackName("pantstack:sharedStack", "shared");
        const shared = readStack<{ repositoryUrl: string }>("shared", qualified);
        assert.equal(await shared, shared, "awaiting the outputs object is harmless: it is no thenable");
        return { url: shared.repositoryUrl };
      },
      {
        stackOutputs: (name) =>
          name === "organization/pantstack/shared" ? { repositoryUrl: "r.example/x" } : undefined,
      },
    );
    assert.equal(qualified, "organization/pantstack/shared");
    assert.equal(result.outputs.url, "r.example/x");
  });

  it("fails the run when a required output is missing", async () => {
    await assert.rejects(
      run(() => ({ url: readStack<{ missing: string }>("shared", "org/pantstack/shared").missing }), {
        stackOutputs: () => ({}),
      }),
      /missing/,
    );
  });

  it("refuses a malformed stack name, naming the key", async () => {
    await run(() => {
      assert.throws(
        () => qualifiedStackName("pantstack:testStack", "a/b"),
        /pantstack:testStack: "a\/b" .*org\/project\/stack/,
      );
    });
  });
});
