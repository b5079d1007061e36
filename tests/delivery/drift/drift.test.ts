import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Octokit } from "@octokit/rest";
import type { CommandResult, PulumiRunner } from "../../../delivery/drift/check";
import { main, parseCommandLine } from "../../../delivery/drift/cli";
import { driftBody, GITHUB_BODY_LIMIT } from "../../../delivery/drift/issue";
import { githubIssuesFake } from "./github-issues-fake";

const NOW = () => new Date("2026-12-03T03:17:00Z");

/** A diff as `pulumi preview --diff` prints it for a service whose desired count was changed in the console. */
const DIFF = [
  "Previewing update (prod):",
  "  pulumi:pulumi:Stack: (same)",
  "    [urn=urn:pulumi:prod::pantstack::pulumi:pulumi:Stack::pantstack-prod]",
  "    ~ aws:ecs/service:Service: (update)",
  "        [id=arn:aws:ecs:us-east-1:123456789012:service/pantstack-prod/api-service-1a2b3c]",
  "        [urn=urn:pulumi:prod::pantstack::pantstack:ecs:EcsApiService$aws:ecs/service:Service::api-service]",
  "      ~ desiredCount: 1 => 2",
  "Resources:",
  "    ~ 1 to update",
  "    40 unchanged",
].join("\n");

/**
 * Answers as the Pulumi CLI does: a clean preview exits 0; with --expect-no-changes and a change it prints
 * the diff on stdout, "error: no changes were expected but changes were proposed" on stderr and exits 255
 * (the CLI's exit code for an error).
 */
function fakePulumi(answer: "clean" | "drift" | "locked") {
  const calls: string[][] = [];
  const run: PulumiRunner = async (args, onOutput) => {
    calls.push(args);
    const result: CommandResult =
      answer === "clean"
        ? { code: 0, stdout: "Previewing update (prod):\nResources:\n    41 unchanged\n", stderr: "" }
        : answer === "drift"
          ? {
              code: 255,
              stdout: `\u001b[1m${DIFF}\u001b[0m\n`,
              stderr: "error: no changes were expected but changes were proposed\n",
            }
          : {
              code: 255,
              stdout: "",
              stderr:
                "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.\n",
            };
    onOutput?.(result.stdout);
    return result;
  };
  return { run, calls };
}

function io() {
  const out = { stdout: "", stderr: "" };
  return {
    out,
    io: {
      stdout: (t: string) => {
        out.stdout += t;
      },
      stderr: (t: string) => {
        out.stderr += t;
      },
    },
  };
}

const dir = () => mkdtempSync(join(tmpdir(), "drift-"));

describe("npm run drift -- check", () => {
  it("exits 1 on drift with the diff on stdout, writes the result and the job summary", async () => {
    const d = dir();
    const pulumi = fakePulumi("drift");
    const { out, io: stream } = io();
    const env = { GITHUB_STEP_SUMMARY: join(d, "summary.md") };
    const code = await main(["check", "--stack", "prod", "--result", join(d, "r.json")], stream, {
      pulumi: pulumi.run,
      env,
      now: NOW,
    });
    assert.equal(code, 1);
    assert.deepEqual(pulumi.calls, [
      [
        "preview",
        "--stack",
        "prod",
        "--refresh",
        "--expect-no-changes",
        "--diff",
        "--non-interactive",
        "--color",
        "never",
      ],
    ]);
    assert.equal(out.stdout, `${DIFF}\n`, "the diff, without colours");
    assert.deepEqual(JSON.parse(readFileSync(join(d, "r.json"), "utf8")), {
      stack: "prod",
      drift: true,
      diff: DIFF,
      checkedAt: "2026-12-03T03:17:00.000Z",
    });
    assert.match(
      readFileSync(env.GITHUB_STEP_SUMMARY, "utf8"),
      /^### ❌ Drift in `prod`\n\n```+diff\nPreviewing update/,
    );
  });

  it("exits 0 without drift and records a clean result", async () => {
    const d = dir();
    const { out, io: stream } = io();
    const code = await main(["check", "--stack", "test", "--result", join(d, "r.json")], stream, {
      pulumi: fakePulumi("clean").run,
      env: {},
      now: NOW,
    });
    assert.equal(code, 0);
    assert.equal(out.stdout, "no drift in test\n");
    assert.equal(JSON.parse(readFileSync(join(d, "r.json"), "utf8")).drift, false);
  });

  it("a preview that fails for another reason is one error line, exit 2, and writes no result", async () => {
    const d = dir();
    const { out, io: stream } = io();
    const code = await main(["check", "--stack", "prod", "--result", join(d, "r.json")], stream, {
      pulumi: fakePulumi("locked").run,
      env: {},
    });
    assert.equal(code, 2);
    assert.match(
      out.stderr,
      /\nerror: pulumi preview of prod failed \(exit 255\): error: the stack is currently locked/,
    );
    assert.throws(() => readFileSync(join(d, "r.json")), /ENOENT/);
    const missing = io();
    const enoent: PulumiRunner = async () => {
      throw Object.assign(new Error("spawn pulumi ENOENT"), { code: "ENOENT" });
    };
    assert.equal(await main(["check", "--stack", "prod"], missing.io, { pulumi: enoent, env: {} }), 2);
    assert.match(missing.out.stderr, /error: pulumi: not found on PATH/);
  });

  it("bad usage is one line naming the flag, exit 2, before pulumi runs", async () => {
    const cases: [string[], RegExp][] = [
      [["watch"], /^error: command: "watch" is not allowed; the commands are check and report\n$/],
      [["check"], /^error: --stack: \(missing\) is not allowed; expected one of test, prod\n$/],
      [["check", "--stack", "preview-pr-7"], /^error: --stack: "preview-pr-7" is not allowed/],
      [["report", "--stack", "prod"], /^error: --result: \(missing\) is not allowed/],
      [["check", "--stack", "prod", "--yes"], /^error: arguments: "--yes" is not allowed/],
    ];
    for (const [argv, expected] of cases) {
      const pulumi = fakePulumi("clean");
      const { out, io: stream } = io();
      assert.equal(await main(argv, stream, { pulumi: pulumi.run, env: {} }), 2, argv.join(" "));
      assert.match(out.stderr, expected);
      assert.deepEqual(pulumi.calls, []);
    }
    assert.equal(parseCommandLine(["check", "--help"]), "help");
  });
});

describe("npm run drift -- report", () => {
  const ENV = {
    GITHUB_TOKEN: "ghs_test",
    GITHUB_REPOSITORY: "acme/pantstack",
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_RUN_ID: "4242",
    GITHUB_API_URL: "https://api.github.com",
  };
  const RUN = "https://github.com/acme/pantstack/actions/runs/4242";

  async function report(
    stack: string,
    drift: boolean,
    github: ReturnType<typeof githubIssuesFake>,
    diff = DIFF,
  ) {
    const file = join(dir(), "r.json");
    writeFileSync(
      file,
      JSON.stringify({ stack, drift, diff: drift ? diff : "", checkedAt: "2026-12-03T03:17:00.000Z" }),
    );
    const { out, io: stream } = io();
    const code = await main(["report", "--stack", stack, "--result", file], stream, {
      env: ENV,
      octokit: (options) => new Octokit({ ...options, request: { fetch: github.fetch } }),
    });
    return { code, ...out };
  }

  it("drift opens one issue labelled drift with the diff, a later run updates it, a clean run closes it", async () => {
    // A pull request with the label and the same title is in the list too (GitHub lists PRs as issues).
    const github = githubIssuesFake("acme", "pantstack", [
      {
        number: 3,
        title: "Drift in prod",
        labels: [{ id: 5, name: "drift", color: "d93f0b" }],
        pull_request: { url: "x" },
      },
    ]);
    const opened = await report("prod", true, github);
    assert.equal(opened.code, 0, opened.stderr);
    assert.equal(opened.stdout, "drift in prod: opened #4 https://github.com/acme/pantstack/issues/4\n");
    const issue = github.issues.find((i) => i.number === 4);
    assert.equal(issue?.title, "Drift in prod");
    assert.deepEqual(
      issue?.labels.map((l) => l.name),
      ["drift"],
    );
    assert.match(issue?.body ?? "", /^<!-- pantstack-drift:prod -->\n/);
    assert.ok(issue?.body?.includes(`\`\`\`diff\n${DIFF}\n\`\`\``), "the diff in a code block");
    assert.ok(issue?.body?.includes(`([this run](${RUN}))`));

    const second = `${DIFF}\n      ~ cpu: 256 => 512`;
    const updated = await report("prod", true, github, second);
    assert.equal(updated.stdout, "drift in prod: updated #4 https://github.com/acme/pantstack/issues/4\n");
    assert.equal(github.issues.filter((i) => !i.pull_request).length, 1, "still one issue");
    assert.ok(issue?.body?.includes("~ cpu: 256 => 512"));

    // Another stack's drift has its own issue.
    const test = await report("test", true, github);
    assert.equal(test.stdout, "drift in test: opened #5 https://github.com/acme/pantstack/issues/5\n");

    const closed = await report("prod", false, github);
    assert.equal(closed.stdout, "no drift in prod: closed #4 https://github.com/acme/pantstack/issues/4\n");
    assert.equal(issue?.state, "closed");
    assert.equal(issue?.state_reason, "completed");
    assert.deepEqual(issue?.comments, [
      `No drift left in \`prod\` at 2026-12-03T03:17:00.000Z ([run](${RUN})): closing.`,
    ]);
    assert.equal(github.issues.find((i) => i.number === 5)?.state, "open", "test's issue stays open");
    assert.equal(github.issues.find((i) => i.number === 3)?.state, "open", "the pull request is left alone");

    const quiet = await report("prod", false, github);
    assert.equal(quiet.stdout, "no drift in prod, no open drift issue\n");
    const writes = github.requests.filter((r) => r.method !== "GET");
    assert.deepEqual(
      writes.map((r) => `${r.method} ${r.path}`),
      ["POST /issues", "PATCH /issues/4", "POST /issues", "POST /issues/4/comments", "PATCH /issues/4"],
    );
    assert.ok(github.requests.every((r) => r.method !== "GET" || /[?&]labels=drift\b/.test(r.path)));
  });

  it("talks to the API of the server the run is on (GITHUB_API_URL, e.g. GitHub Enterprise Server)", async () => {
    const github = githubIssuesFake("acme", "pantstack", [], "https://ghe.example.com/api/v3");
    const file = join(dir(), "r.json");
    writeFileSync(
      file,
      JSON.stringify({ stack: "prod", drift: true, diff: DIFF, checkedAt: "2026-12-03T03:17:00.000Z" }),
    );
    const { out, io: stream } = io();
    const code = await main(["report", "--stack", "prod", "--result", file], stream, {
      env: { ...ENV, GITHUB_API_URL: "https://ghe.example.com/api/v3" },
      octokit: (options) => new Octokit({ ...options, request: { fetch: github.fetch } }),
    });
    assert.equal(code, 0, out.stderr);
    assert.equal(github.issues.length, 1);
  });

  it("finds its issue by the hidden marker when someone renamed it", async () => {
    const github = githubIssuesFake("acme", "pantstack", [
      {
        number: 9,
        title: "prod: desired count changed by hand",
        body: "<!-- pantstack-drift:prod -->\nold diff",
        labels: [{ id: 5, name: "drift", color: "d93f0b" }],
      },
    ]);
    const run = await report("prod", true, github);
    assert.equal(run.stdout, "drift in prod: updated #9 https://github.com/acme/pantstack/issues/9\n");
    assert.match(github.issues[0].body ?? "", /desiredCount: 1 => 2/);
  });

  it("a diff too long for GitHub's 65536-character body is cut at a line, with a note", async () => {
    const huge = Array.from(
      { length: 4000 },
      (_, i) => `      ~ tags.k${i}: "a" => "b" ${"x".repeat(10)}`,
    ).join("\n");
    const github = githubIssuesFake("acme", "pantstack");
    const run = await report("prod", true, github, huge);
    assert.equal(run.code, 0, run.stderr);
    const body = github.issues[0].body ?? "";
    assert.ok(body.length <= GITHUB_BODY_LIMIT, `${body.length} characters`);
    assert.ok(body.length > GITHUB_BODY_LIMIT - 500, "uses the room it has");
    assert.match(
      body,
      /\n```\n\n_The diff is cut here: \d+ more characters are in \[the run's log\]\(https:\/\/github\.com\/acme\/pantstack\/actions\/runs\/4242\)\._\n$/,
    );
    const kept = body.slice(body.indexOf("```diff\n") + 8, body.indexOf("\n```\n"));
    assert.ok(huge.startsWith(`${kept}\n`), "whole lines, from the start");
  });

  it("a diff holding backticks cannot close its code block", () => {
    const body = driftBody("prod", "~ command: ```rm``` => ````x````", "2026-12-03T03:17:00.000Z");
    assert.match(body, /\n`````diff\n~ command: ```rm``` => ````x````\n`````\n$/);
  });

  it("GitHub refusing the token (no issues: write) is one line with its status and message, exit 2", async () => {
    const file = join(dir(), "r.json");
    writeFileSync(
      file,
      JSON.stringify({ stack: "prod", drift: true, diff: DIFF, checkedAt: "2026-12-03T03:17:00.000Z" }),
    );
    // GitHub's answer to a token without the permission: 403 with this message.
    const refuse = async () =>
      new Response(
        JSON.stringify({
          message: "Resource not accessible by integration",
          documentation_url: "https://docs.github.com/rest/issues/issues#list-repository-issues",
          status: "403",
        }),
        {
          status: 403,
          headers: { "content-type": "application/json" },
        },
      );
    const { out, io: stream } = io();
    const code = await main(["report", "--stack", "prod", "--result", file], stream, {
      env: ENV,
      octokit: (options) => new Octokit({ ...options, request: { fetch: refuse } }),
    });
    assert.equal(code, 2);
    assert.equal(
      out.stderr,
      "error: GitHub answered 403 to GET https://api.github.com/repos/acme/pantstack/issues?state=open&labels=drift&per_page=100: Resource not accessible by integration - https://docs.github.com/rest/issues/issues#list-repository-issues\n",
    );
  });

  it("a missing token, a bad repository or another stack's result is one line naming it, exit 2", async () => {
    const github = githubIssuesFake("acme", "pantstack");
    const file = join(dir(), "r.json");
    writeFileSync(file, JSON.stringify({ stack: "test", drift: false, diff: "", checkedAt: "x" }));
    const octokit = (options: { auth: string }) =>
      new Octokit({ ...options, request: { fetch: github.fetch } });
    const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
      [
        ["--stack", "test"],
        { ...ENV, GITHUB_TOKEN: "" },
        /^error: GITHUB_TOKEN: \(missing\) is not allowed; give a token with issues: write\n$/,
      ],
      [
        ["--stack", "test"],
        { ...ENV, GITHUB_REPOSITORY: "acme" },
        /^error: GITHUB_REPOSITORY: "acme" is not allowed/,
      ],
      [
        ["--stack", "prod"],
        ENV,
        /^error: --result: ".*r\.json" is not allowed; holds the check of test, not of --stack prod\n$/,
      ],
    ];
    for (const [flags, env, expected] of cases) {
      const { out, io: stream } = io();
      assert.equal(await main(["report", ...flags, "--result", file], stream, { env, octokit }), 2);
      assert.match(out.stderr, expected);
    }
    assert.deepEqual(github.requests, []);
  });
});
