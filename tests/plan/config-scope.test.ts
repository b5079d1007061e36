import assert from "node:assert/strict";
import { EXIT, main, parsePlanArgs } from "../../plan/main";
import { planStacks } from "../../plan/plan";

/** Runs the plan CLI in-process and captures what it prints. */
async function plan(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const outputsOf = (stdout: string) =>
  Object.fromEntries(
    (JSON.parse(stdout) as { stacks: { stack: string; outputs: Record<string, unknown> }[] }).stacks.map(
      (s) => [s.stack, s.outputs],
    ),
  );

describe("--config and the stacks it applies to", () => {
  it("with no --stack, applies a key only to the stacks that read it", async () => {
    // pantstack:domain is read by test and prod; shared and the preview would refuse it as unknown.
    const { code, stdout, stderr } = await plan(
      "--format",
      "json",
      "--config",
      "pantstack:domain=example.org",
    );
    assert.equal(stderr, "");
    assert.equal(code, EXIT.ok);
    const outputs = outputsOf(stdout);
    assert.deepEqual(Object.keys(outputs), ["shared", "test", "prod", "preview-pr-1"]);
    assert.equal(outputs.prod.url, "https://api.example.org");
    assert.equal(outputs.test.url, "https://test.example.org");
    assert.equal(outputs["preview-pr-1"].url, "https://preview-pr-1.example.org", "through test's outputs");
  });

  it("with no --stack, refuses a key no planned stack reads, listing the stacks", async () => {
    const { code, stderr } = await plan("--config", "pantstack:cpuu=512");
    assert.equal(code, EXIT.usage);
    assert.equal(
      stderr,
      'error: --config: "pantstack:cpuu=512" is not allowed; none of the planned stacks ' +
        "(shared, test, prod, preview-pr-1) reads pantstack:cpuu\n",
    );
  });

  it("names the stack that refused a value", async () => {
    const { code, stderr } = await plan("--config", "pantstack:cpu=300");
    assert.equal(code, EXIT.usage);
    assert.match(stderr, /^error: test:pantstack:cpu: "300" is not allowed; Fargate cpu must be one of/);
  });

  it("sets a key for one stack with STACK:NAMESPACE:KEY, leaving the others alone", async () => {
    const { code, stdout } = await plan(
      "--format",
      "json",
      "--stack",
      "prod",
      "--stack",
      "preview-pr-7",
      "--config",
      "preview-pr-7:pantstack:imageTag=pr-7-abc1234",
      "--config",
      "prod:pantstack:imageTag=v9.9.9",
    );
    assert.equal(code, EXIT.ok);
    const outputs = outputsOf(stdout);
    assert.equal(outputs["preview-pr-7"].imageTag, "pr-7-abc1234");
    assert.equal(outputs.prod.imageTag, "v9.9.9");
  });

  it("refuses a stack-scoped key for a stack that is not planned, or that the stack does not read", async () => {
    assert.throws(() => parsePlanArgs(["--stack", "prod", "--config", "test:pantstack:cpu=512"]), {
      message: '--config: "test:pantstack:cpu=512" is for stack test, which is not planned; planned: prod',
    });
    await assert.rejects(
      planStacks({
        stacks: ["shared"],
        overridesWhereRead: true,
        stackOverrides: { shared: { "pantstack:cpu": "512" } },
      }),
      /^ValidationError: shared:pantstack:cpu: "512" is not allowed; this stack reads no such key/,
    );
  });

  it("refuses NAMESPACE:KEY whose namespace is a planned stack, pointing to the full form", () => {
    assert.throws(() => parsePlanArgs(["--config", "prod:cpu=512"]), {
      message:
        '--config: "prod:cpu=512" is ambiguous; for stack prod give the full key, e.g. prod:pantstack:cpu=...',
    });
  });

  it("with --stack, gives every named stack the key (so a stack that does not read it refuses it)", async () => {
    const { code, stderr } = await plan("--stack", "shared", "--config", "pantstack:cpu=512");
    assert.equal(code, EXIT.usage);
    assert.match(stderr, /^error: shared:pantstack:cpu: "512" is not allowed; this stack reads no such key/);
  });
});
