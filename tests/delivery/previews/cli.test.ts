import assert from "node:assert/strict";
import { type Clients, main, parseCommandLine, realClients } from "../../../delivery/previews/cli";
import type { PullRequestsClient } from "../../../delivery/previews/pull-requests";
import { type FakePulumi, fakeBackend } from "./fake-pulumi";

const NOW = new Date("2026-11-29T12:00:00Z");

function clients(pulumi: FakePulumi, states: Record<number, string> = {}): Clients {
  const client: PullRequestsClient = {
    pulls: {
      get: async ({ pull_number }) => ({ data: { state: states[pull_number] ?? "open", merged: false } }),
    },
  };
  return {
    workspace: () => pulumi.workspace(),
    pullRequests: async () => ({
      client,
      comments: { upsert: async () => "updated" },
      repository: { owner: "pantstack", repo: "api" },
    }),
    now: () => NOW,
    sleep: async () => undefined,
  };
}

async function runCli(argv: string[], pulumi: FakePulumi, env: NodeJS.ProcessEnv = {}) {
  let stdout = "";
  let stderr = "";
  const io = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t) };
  const code = await main(argv, io, clients(pulumi), env);
  return { code, stdout, stderr };
}

const ENV = { GITHUB_TOKEN: "t", GITHUB_REPOSITORY: "pantstack/api" };

describe("npm run previews (command line)", () => {
  it("parses the contract's commands and defaults", () => {
    assert.deepEqual(parseCommandLine(["claim", "--pr", "42"]), {
      command: "claim",
      pr: 42,
      limit: 3,
      json: false,
    });
    assert.deepEqual(parseCommandLine(["claim", "--pr", "42", "--limit", "5", "--json"]), {
      command: "claim",
      pr: 42,
      limit: 5,
      json: true,
    });
    assert.deepEqual(parseCommandLine(["cleanup", "--yes"]), {
      command: "cleanup",
      idleDays: 7,
      dryRun: false,
      json: false,
    });
    assert.deepEqual(parseCommandLine(["cleanup", "--idle-days", "3", "--dry-run", "--json"]), {
      command: "cleanup",
      idleDays: 3,
      dryRun: true,
      json: true,
    });
    assert.deepEqual(parseCommandLine(["--help"]), { command: "help" });
  });

  const bad: [string[], RegExp][] = [
    [[], /^command: \(missing\) is not allowed; expected claim or cleanup/],
    [["slots", "--pr", "1"], /^command: "slots" is not allowed; expected claim or cleanup/],
    [["deploy"], /^command: "deploy" is not allowed/],
    [["claim"], /^--pr: \(missing\) is not allowed; claim needs the PR number/],
    [["claim", "--pr", "abc"], /^--pr: "abc" is not allowed; expected a whole number/],
    [["claim", "--pr", "0"], /^--pr: 0 is not allowed; expected an integer from 1 to 49000/],
    [
      ["claim", "--pr", "1", "--limit", "0"],
      /^--limit: "0" is not allowed; expected a whole number from 1 to 100/,
    ],
    [["claim", "--pr", "1", "--limit", "3.5"], /^--limit: "3.5" is not allowed; expected a whole number/],
    [["claim", "--pr", "1", "--dry-run"], /^--dry-run: true is not allowed; claim takes no such flag/],
    [["cleanup", "--pr", "1"], /^--pr: "1" is not allowed; cleanup takes no such flag/],
    [["cleanup", "--idle-days", "-1"], /^--idle-days: /],
    [
      ["cleanup", "--idle-days", "366"],
      /^--idle-days: "366" is not allowed; expected a whole number from 1 to 365/,
    ],
    [["cleanup"], /^--yes: \(missing\) is not allowed; cleanup destroys stacks: pass --yes to run it/],
    [["cleanup", "--yes", "--dry-run"], /^--yes: "with --dry-run" is not allowed; cleanup destroys stacks/],
    [["cleanup", "--force"], /^--force: "--force" is not allowed; this tool has no such option/],
    [["cleanup", "now"], /^arguments: "now" is not allowed; cleanup takes only flags/],
  ];
  for (const [argv, message] of bad) {
    it(`refuses ${JSON.stringify(argv)} with a ValidationError naming the flag`, () => {
      assert.throws(
        () => parseCommandLine(argv),
        (err: Error) => err.name === "ValidationError" && message.test(err.message),
      );
    });
  }

  it("claim: exit 0 and the claim order when PR may deploy, 1 and one line when no slot is free", async () => {
    const three = [4, 5, 6].map((pr) => ({
      name: `preview-pr-${pr}`,
      lastUpdate: "2026-11-28T10:00:00.000Z",
    }));
    const full = fakeBackend(three);
    const refused = await runCli(["claim", "--pr", "12", "--json"], full);
    assert.equal(refused.code, 1);
    const json = JSON.parse(refused.stdout);
    assert.deepEqual(
      [
        json.allowed,
        json.withdrawn,
        json.limit,
        json.position,
        json.holders.map((h: { pr: number }) => h.pr),
      ],
      [false, true, 3, 4, [4, 5, 6, 12]],
    );
    assert.match(
      refused.stderr.split("\n").at(-2) ?? "",
      /^No free preview slot for PR #12: all 3 are held by #4/,
    );
    assert.equal(full.backend.stacks.has("preview-pr-12"), false);
    const roomy = fakeBackend(three);
    const allowed = await runCli(["claim", "--pr", "12", "--limit", "4"], roomy);
    assert.equal(allowed.code, 0);
    assert.deepEqual(allowed.stdout.split("\n").slice(0, 2), [
      "PR #12 may deploy: its claim preview-pr-12 is number 4 of 4 preview slots.",
      "  1. preview-pr-4  claimed -  last update 2026-11-28T10:00:00Z  expires 2026-12-05T10:00:00Z",
    ]);
    assert.equal(
      roomy.backend.stacks.get("preview-pr-12")?.tags?.["pantstack:claimed-at"],
      NOW.toISOString(),
    );
  });

  it("cleanup --dry-run lists only preview-pr-<N> stacks and exits 0, having run only stack ls", async () => {
    const pulumi = fakeBackend([
      { name: "shared", lastUpdate: "2025-01-01T00:00:00.000Z" },
      { name: "preview-pr-7-old", lastUpdate: "2025-01-01T00:00:00.000Z" },
      { name: "preview-pr-3", lastUpdate: "2025-01-01T00:00:00.000Z" },
      { name: "preview-pr-4", lastUpdate: "2026-11-28T00:00:00.000Z" },
    ]);
    const { code, stdout } = await runCli(["cleanup", "--dry-run"], pulumi, ENV);
    assert.equal(code, 0);
    assert.deepEqual(
      pulumi.calls.filter((c) => c[1] !== "tag" || c[2] !== "ls"),
      [["stack", "ls", "--json"]],
    );
    assert.equal(
      stdout,
      "preview-pr-3  would destroy  idle: last update 2025-01-01T00:00:00Z, 697 days ago (limit 7)\n" +
        "preview-pr-4  kept  pull request #4 is open; idle limit reached 2026-12-05T00:00:00Z\n" +
        "2 preview stack(s): would destroy 1; 2 other stack(s) left alone (not named preview-pr-<N>)\n",
    );
  });

  it("cleanup exits 1 when a destroy failed, with the report as JSON", async () => {
    const pulumi = fakeBackend([{ name: "preview-pr-3", lastUpdate: "2025-01-01T00:00:00.000Z" }], {
      "preview-pr-3": { on: "destroy", stderr: "error: boom" },
    });
    const { code, stdout } = await runCli(["cleanup", "--yes", "--json"], pulumi, ENV);
    assert.equal(code, 1);
    const report = JSON.parse(stdout);
    assert.deepEqual(
      [report.failed, report.stacks[0].result, report.stacks[0].error],
      [true, "failed", "error: boom"],
    );
  });

  it("exits 2 with one line for bad usage or a missing GITHUB_REPOSITORY / GITHUB_TOKEN", async () => {
    const usage = await runCli(["claim", "--pr", "x"], fakeBackend([]));
    assert.deepEqual(
      [usage.code, usage.stderr],
      [2, 'error: --pr: "x" is not allowed; expected a whole number\n'],
    );
    const io = { stdout: () => undefined, stderr: (t: string) => lines.push(t) };
    const lines: string[] = [];
    assert.equal(await main(["cleanup", "--yes"], io, realClients, { GITHUB_TOKEN: "t" }), 2);
    assert.equal(
      await main(["cleanup", "--yes"], io, realClients, { GITHUB_REPOSITORY: "pantstack/api" }),
      2,
    );
    assert.deepEqual(lines, [
      "error: GITHUB_REPOSITORY: (missing) is not allowed; expected owner/name, e.g. pantstack/api\n",
      "error: GITHUB_TOKEN: (missing) is not allowed; cleanup reads PR states and writes comments with it\n",
    ]);
  });

  it("prints --help with the exit codes", async () => {
    const { code, stdout } = await runCli(["--help"], fakeBackend([]));
    assert.equal(code, 0);
    assert.match(stdout, /Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 .*\n {2}3 /);
    for (const line of stdout.split("\n")) assert.ok(line.length <= 80, line);
  });
});
