import assert from "node:assert/strict";
import { isValidationError } from "../../lib/errors";
import { EXIT, parseCommandLine, parsePlanArgs } from "../../plan/main";
import { plan } from "../support/plan-cli";
import { plannedStacks } from "../support/planned";

describe("--config and the stacks it applies to", () => {
  it("with no --stack, applies a key only to the stacks that read it", async () => {
    // pantstack:domain is read by prod; shared would refuse it as a key it does not read.
    const [shared, prod] = await plannedStacks({
      stacks: ["shared", "prod"],
      overrides: { "pantstack:domain": "example.org" },
      overridesWhereRead: true,
    });
    assert.equal(prod.outputs.url, "https://api.example.org");
    assert.equal(shared.outputs.repositoryName, "pantstack");
  });

  it("parses no --stack as: every default stack, keys where read", () => {
    const args = parsePlanArgs(["--config", "pantstack:domain=example.org"]);
    assert.ok(args !== "help");
    assert.deepEqual(args.stacks, ["shared", "test", "prod", "github", "preview-pr-1"]);
    assert.deepEqual(args.overrides, { "pantstack:domain": "example.org" });
    assert.equal(args.overridesWhereRead, true);
    const named = parsePlanArgs(["--stack", "prod", "--config", "pantstack:domain=example.org"]);
    assert.ok(named !== "help" && named.overridesWhereRead === false);
  });

  it("with no --stack, refuses a key no planned stack reads, listing the stacks", async () => {
    await assert.rejects(
      plannedStacks({ stacks: ["shared"], overrides: { "pantstack:cpuu": "512" }, overridesWhereRead: true }),
      {
        message:
          '--config: "pantstack:cpuu=512" is not allowed; none of the planned stacks (shared) reads pantstack:cpuu',
      },
    );
  });

  it("names the stack that refused a value", async () => {
    const { code, stderr } = await plan("--config", "pantstack:cpu=300");
    assert.equal(code, EXIT.usage);
    assert.match(stderr, /^error: test:pantstack:cpu: "300" is not allowed; Fargate cpu must be one of/);
  });

  it("sets a key for one stack with STACK:NAMESPACE:KEY, leaving the others alone", async () => {
    const args = parsePlanArgs([
      "--stack",
      "test",
      "--stack",
      "prod",
      "--config",
      "prod:pantstack:domain=example.org",
      "--config",
      "preview-pr-7:pantstack:imageTag=pr-7-abc1234",
      "--stack",
      "preview-pr-7",
    ]);
    assert.ok(args !== "help");
    assert.deepEqual(args.stackOverrides, {
      prod: { "pantstack:domain": "example.org" },
      "preview-pr-7": { "pantstack:imageTag": "pr-7-abc1234" },
    });
    assert.deepEqual(args.overrides, {});
    const [test, prod] = await plannedStacks({ ...args, stacks: ["test", "prod"] });
    assert.equal(prod.outputs.url, "https://api.example.org");
    assert.equal(test.outputs.url, "https://test.pantstack.dev");
  });

  it("refuses a stack-scoped key for a stack that is not planned, or that the stack does not read", async () => {
    assert.throws(() => parsePlanArgs(["--stack", "prod", "--config", "test:pantstack:cpu=512"]), {
      message: '--config: "test:pantstack:cpu=512" is for stack test, which is not planned; planned: prod',
    });
    await assert.rejects(
      plannedStacks({
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

describe("parseCommandLine (the pipeline tools' contract)", () => {
  it("throws a ValidationError for bad usage, with the message parseArgs or the plan gives", () => {
    for (const argv of [["--bogus"], ["--format", "yaml"], ["positional"], ["--config", "novalue"]]) {
      assert.throws(
        () => parseCommandLine(argv),
        (err: unknown) => isValidationError(err) && !/is not allowed; .*is not allowed/.test(err.message),
        argv.join(" "),
      );
    }
    assert.throws(() => parseCommandLine(["--format", "yaml"]), {
      message: /^--format: "yaml" is not allowed; expected one of table, json/,
    });
    assert.equal(parseCommandLine(["--help"]), "help");
  });
});
