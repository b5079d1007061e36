import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { runProgram } from "../../engine/run-program";
import { MinimalMonitor } from "../support/minimal-monitor";

const ROOT = resolve(__dirname, "../..");

describe("stacks/index.ts (Pulumi.yaml's main)", () => {
  it("runs the program the stack name picks, as the Pulumi CLI loads it", async () => {
    const entry = require.resolve("../../stacks/index.ts");
    const result = await runProgram({
      stack: "shared",
      config: {
        "aws:region": "us-east-1",
        "pantstack:githubRepository": "acme/api",
        "pantstack:domain": "example.com",
      },
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

describe("stacks/index.ts under the nodejs language host (@pulumi/pulumi/cmd/run)", function () {
  this.timeout(30000);
  let monitor: MinimalMonitor;
  before(async () => {
    monitor = await MinimalMonitor.start("pantstack", "shared");
  });
  after(() => monitor?.stop());

  it("prints a bad config value as one line naming the key, with no stack, using under 5 s of CPU", async () => {
    const started = Date.now();
    // As the language host runs the program: Pulumi.yaml's nodeargs, cmd/run, the config in PULUMI_CONFIG.
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "--require",
        join(ROOT, "tests/support/report-cpu.cjs"),
        join(ROOT, "node_modules/@pulumi/pulumi/cmd/run"),
        `--monitor=${monitor.address}`,
        "--project=pantstack",
        "--stack=shared",
        `--root-directory=${ROOT}`,
        "./index.ts",
      ],
      {
        cwd: join(ROOT, "stacks"),
        env: {
          ...process.env,
          PULUMI_CONFIG: JSON.stringify({
            "aws:region": "us-east-1",
            "pantstack:githubRepository": "*",
            "pantstack:domain": "example.com",
          }),
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    // Before the fix this loops for 30 to 50 s in util.inspect: give up at 20 s rather than wait for it.
    const killer = setTimeout(() => child.kill("SIGKILL"), 20000);
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    clearTimeout(killer);
    const elapsed = Date.now() - started;

    assert.notEqual(code, null, `killed after ${elapsed} ms: the error did not print in time`);
    assert.notEqual(code, 0);
    const [cpu, ...printed] = output
      .split("\n")
      .filter((line) => line.trim() !== "")
      .reverse();
    // On an idle machine this is also about 2 s of wall time; CPU time holds on a busy one too.
    const cpuMs = Number(/^cpu-ms (\d+)$/.exec(cpu)?.[1]);
    assert.ok(cpuMs < 5000, `${cpu} (${elapsed} ms wall)`);
    const lines = printed.reverse();
    assert.equal(lines.length, 1, output);
    assert.match(
      lines[0],
      /^error: \[runtime\] pantstack:githubRepository: "\*" is not allowed; expected one GitHub repository/,
    );
    // The program stopped at its config: only the root stack was registered.
    assert.deepEqual(
      monitor.registrations.map((r) => r.type),
      ["pulumi:pulumi:Stack"],
    );
  });
});
