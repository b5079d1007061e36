import assert from "node:assert/strict";
import { EXIT, parsePlanArgs } from "../../plan/main";
import { plan } from "../support/plan-cli";

interface PlanJson {
  stacks: {
    stack: string;
    resources: {
      urn: string;
      type: string;
      name: string;
      parent: string | null;
      inputs: Record<string, unknown>;
      outputs: Record<string, unknown>;
    }[];
    outputs: Record<string, unknown>;
  }[];
}

describe("npm run plan", () => {
  it("prints only JSON with the documented shape", async () => {
    const { code, stdout, stderr } = await plan("--stack", "shared", "--format", "json");
    assert.equal(code, EXIT.ok);
    assert.equal(stderr, "");
    const parsed = JSON.parse(stdout) as PlanJson;
    assert.deepEqual(
      parsed.stacks.map((s) => s.stack),
      ["shared"],
    );
    const [shared] = parsed.stacks;
    for (const r of shared.resources) {
      assert.deepEqual(Object.keys(r), [
        "urn",
        "type",
        "name",
        "parent",
        "aliases",
        "inputs",
        "outputs",
        "options",
      ]);
    }
    const repo = shared.resources.find((r) => r.type === "aws:ecr/repository:Repository");
    assert.equal(repo?.inputs.imageTagMutability, "IMMUTABLE");
    assert.deepEqual(repo?.inputs.imageScanningConfiguration, { scanOnPush: true });
    assert.equal(shared.outputs.repositoryName, "pantstack");
  });

  it("draws the resource tree and the outputs of every stack within 80 columns", async () => {
    const { code, stdout } = await plan();
    assert.equal(code, EXIT.ok);
    assert.match(stdout, /^Stack shared: \d+ resources, \d+ components/);
    // 9 resources, or 10 when planned outside the preview's awake hours (its one-off wake after the deploy).
    assert.match(stdout, /\nStack preview-pr-1: (9|10) resources, 2 components, 2 stack references\n/);
    assert.match(stdout, /images {2}pantstack:ecr:EcrRepository\n {2}├─ images {2}aws:ecr:Repository/);
    assert.match(stdout, /Outputs:\n/);
    for (const line of stdout.split("\n")) assert.ok(line.length <= 80, `too wide: ${line}`);
  });

  it("renders markdown for PR comments", async () => {
    const { stdout } = await plan("--stack", "shared", "--format", "markdown");
    assert.match(stdout, /^### Stack `shared`/);
    assert.match(stdout, /(^| · )repositoryName `pantstack`( · |$)/m);
  });

  it("applies --config overrides, with a bare key in the project namespace", async () => {
    const { stdout } = await plan(
      "--stack",
      "shared",
      "--format",
      "json",
      "--config",
      "ecrRepositoryName=team/api",
    );
    const parsed = JSON.parse(stdout) as PlanJson;
    assert.equal(parsed.stacks[0].outputs.repositoryName, "team/api");
  });

  it("exits 2 with one line naming the key for invalid config", async () => {
    const { code, stdout, stderr } = await plan(
      "--stack",
      "shared",
      "--config",
      "pantstack:githubRepository=*",
    );
    assert.equal(code, EXIT.usage);
    assert.equal(stdout, "");
    assert.equal(stderr.trim().split("\n").length, 1);
    assert.match(
      stderr,
      /^error: shared:pantstack:githubRepository: "\*" is not allowed; expected one GitHub repository/,
    );
  });

  it("refuses a misspelt key instead of silently using the default", async () => {
    const { code, stderr } = await plan("--stack", "prod", "--config", "pantstack:cpuu=512");
    assert.equal(code, EXIT.usage);
    assert.match(
      stderr,
      /^error: prod:pantstack:cpuu: "512" is not allowed; this stack reads no such key; its keys are pantstack:domain, .*pantstack:cpu, /,
    );
  });

  it("plans a stack named twice once", () => {
    const args = parsePlanArgs(["--stack", "shared", "--stack", "shared"]);
    assert.ok(args !== "help");
    assert.deepEqual(args.stacks, ["shared"]);
  });

  for (const argv of [
    ["--format", "xml"],
    ["--bogus"],
    ["--stack", "staging"],
    ["--config", "novalue"],
    ["positional"],
  ]) {
    it(`exits 2 for bad usage: ${argv.join(" ")}`, async () => {
      const { code, stderr } = await plan(...argv);
      assert.equal(code, EXIT.usage);
      assert.match(stderr, /^error: /);
    });
  }

  it("plans every defined stack when no --stack is given", () => {
    const args = parsePlanArgs([]);
    assert.notEqual(args, "help");
    assert.ok(args !== "help" && args.stacks.includes("shared"));
  });
});

describe("npm run plan on the environments", () => {
  it("plans test and prod with their committed config, each stack once", async () => {
    const { code, stdout } = await plan("--format", "json");
    assert.equal(code, EXIT.ok);
    const stacks = (JSON.parse(stdout) as PlanJson).stacks.map((s) => s.stack);
    assert.deepEqual(stacks.slice(0, 3), ["shared", "test", "prod"]);
  });

  it("exits 2 naming pantstack:cpu for an invalid prod cpu", async () => {
    const { code, stderr } = await plan("--stack", "prod", "--config", "pantstack:cpu=300");
    assert.equal(code, EXIT.usage);
    assert.match(stderr, /^error: prod:pantstack:cpu: "300" is not allowed; Fargate cpu must be one of/);
  });

  it("exits 2 listing the valid memory values for prod's cpu", async () => {
    const { code, stderr } = await plan("--stack", "prod", "--config", "pantstack:memory=3000");
    assert.equal(code, EXIT.usage);
    assert.match(stderr, /memory must be one of 512, 1024, 2048\n$/);
  });
});

describe("npm run plan with the policy pack", () => {
  const OVERSIZED = [
    "--stack",
    "preview-pr-42",
    "--config",
    "pantstack:imageTag=pr-42-abc1234",
    "--config",
    "pantstack:cpu=1024",
    "--config",
    "pantstack:memory=2048",
  ];

  it("exits 1 and names the preview cpu policy for an oversized preview", async () => {
    const { code, stdout, stderr } = await plan(...OVERSIZED);
    assert.equal(code, EXIT.findings);
    assert.match(
      stdout,
      /\[mandatory\] preview-task-cpu on pr-42-task\n {6}preview task cpu 1024 exceeds the preview limit of 256/,
    );
    assert.match(stderr, /mandatory policy violation\(s\): preview-task-cpu, preview-task-memory/);
  });

  it("adds the violations to each stack in JSON", async () => {
    const { code, stdout } = await plan(...OVERSIZED, "--format", "json");
    assert.equal(code, EXIT.findings);
    const [stack] = (JSON.parse(stdout) as { stacks: { policy: { violations: Record<string, string>[] } }[] })
      .stacks;
    assert.deepEqual(Object.keys(stack.policy.violations[0]), ["policy", "level", "urn", "message"]);
    assert.deepEqual(
      stack.policy.violations.map((v) => [v.policy, v.level]),
      [
        ["preview-task-cpu", "mandatory"],
        ["preview-task-memory", "mandatory"],
      ],
    );
  });

  it("exits 0 for the same preview with defaults, and for every defined stack", async () => {
    const preview = await plan("--stack", "preview-pr-42", "--config", "pantstack:imageTag=pr-42-abc1234");
    assert.equal(preview.code, EXIT.ok);
    assert.match(preview.stdout, /Policies: no violations/);
    const all = await plan("--stack", "shared", "--stack", "test", "--stack", "prod", "--format", "json");
    assert.equal(all.code, EXIT.ok);
    const stacks = (JSON.parse(all.stdout) as { stacks: { policy: { violations: unknown[] } }[] }).stacks;
    assert.deepEqual(
      stacks.map((s) => s.policy.violations.length),
      [0, 0, 0],
    );
  });

  it("shows violations in the markdown for PR comments", async () => {
    const { stdout } = await plan(...OVERSIZED, "--format", "markdown");
    assert.match(stdout, /Policies: \*\*2 violation\(s\)\*\*\n\n- \[mandatory\] preview-task-cpu: /);
  });
});
