// What a pull request's preview builds and runs: `previewPlan` and `npm run services -- preview`.
import assert from "node:assert/strict";
import { main, type Run } from "../../../delivery/services/cli";
import { previewPlan } from "../../../delivery/services/preview";
import { loadCatalog } from "../../../stacks/catalog";

const EXAMPLE = loadCatalog("examples/services.yaml");
const SHA = "0123456789abcdef0123456789abcdef01234567";
const OPTIONS = { pr: 7, sha: SHA, primaryImage: "pantstack:latest" };

/** Pants and git as they print: `list` one address a line, `git diff --name-only` one path a line. */
function recording(answers: { pants?: string; git?: string }) {
  const calls: string[][] = [];
  const run: Run = async (command, args) => {
    calls.push([command, ...args]);
    return (command === "pants" ? answers.pants : answers.git) ?? "";
  };
  return { run, calls };
}

async function services(argv: string[], run: Run = recording({}).run) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, run);
  return { code, stdout, stderr };
}

describe("previewPlan: what a PR's preview builds", () => {
  it("a PR that changed only web runs and builds web, and borrows everything else", () => {
    const plan = previewPlan(EXAMPLE, ["web"], OPTIONS);
    assert.deepEqual(plan, {
      imageTag: "pr-7-0123456",
      changed: ["web"],
      noServiceChanged: false,
      runs: ["web"],
      borrows: ["auth", "events", "api", "nightly"],
      build: [
        {
          name: "web",
          kind: "web",
          address: "services/web:image",
          image: "web:latest",
          tag: "web-pr-7-0123456",
        },
      ],
    });
  });

  it("a PR that changed api also builds its caller web: the preview pulls every service it runs by the PR's tag", () => {
    const plan = previewPlan(EXAMPLE, ["api"], OPTIONS);
    assert.deepEqual(plan.changed, ["api"]);
    assert.deepEqual(plan.runs, ["api", "web"]);
    assert.deepEqual(
      plan.build.map((b) => [b.name, b.address, b.image, b.tag]),
      [
        ["api", "services/api:image", "pantstack:latest", "pr-7-0123456"],
        ["web", "services/web:image", "web:latest", "web-pr-7-0123456"],
      ],
    );
  });

  it("a change to a backend reaches every caller, transitively", () => {
    const plan = previewPlan(EXAMPLE, ["auth"], OPTIONS);
    assert.deepEqual(plan.runs, ["auth", "api", "web"]);
    assert.deepEqual(plan.borrows, ["events", "nightly"]);
    assert.equal(plan.build[0].tag, "auth-pr-7-0123456");
  });

  it("a PR that changed no service previews the primary service, built from its code", () => {
    const plan = previewPlan(EXAMPLE, [], { ...OPTIONS, primaryImage: "registry:5000/app:dev" });
    assert.equal(plan.noServiceChanged, true);
    assert.deepEqual(plan.changed, ["api"]);
    assert.deepEqual(plan.runs, ["api", "web"]);
    assert.equal(plan.build[0].image, "registry:5000/app:dev");
  });
});

describe("npm run services -- preview", () => {
  it("asks Pants what changed since the PR's base and prints the plan", async () => {
    const fake = recording({
      pants: "services/web:orders\n//services/web:image\n",
      git: "services/web/x.py\n",
    });
    const run = await services(
      ["preview", "--pr", "7", "--sha", SHA, "--base", "abc1234", "--catalog", "examples/services.yaml"],
      fake.run,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), previewPlan(EXAMPLE, ["web"], OPTIONS));
    assert.deepEqual(fake.calls, [
      ["pants", "--changed-since=abc1234", "--changed-dependents=transitive", "list"],
      ["git", "diff", "--name-only", "abc1234...HEAD"],
    ]);
    assert.match(run.stderr, /the preview runs web; borrows from test: auth, events, api, nightly\n$/);
  });

  it("says when no service changed", async () => {
    const run = await services(["preview", "--pr", "7", "--sha", SHA, "--base", "abc1234"]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).noServiceChanged, true);
    assert.match(run.stderr, /no service changed: the preview runs the primary service api/);
  });

  it("with --all (a custom build Pants cannot see into) counts every service as changed, without Pants", async () => {
    const fake = recording({});
    const run = await services(
      ["preview", "--pr", "7", "--sha", SHA, "--all", "--catalog", "examples/services.yaml"],
      fake.run,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout).changed, ["api", "web", "auth", "events", "nightly"]);
    assert.deepEqual(fake.calls, []);
  });

  const refusals: [string[], RegExp][] = [
    [["--sha", SHA, "--all"], /^error: --pr: \(missing\) is not allowed; a pull request number/],
    [["--pr", "0", "--sha", SHA, "--all"], /^error: --pr: "0" is not allowed/],
    [["--pr", "7", "--sha", "HEAD", "--all"], /^error: --sha: "HEAD" is not allowed/],
    [["--pr", "7", "--sha", SHA], /^error: --base: \(missing\) is not allowed; give --base REF .* or --all/],
    [["--pr", "7", "--sha", SHA, "--all", "--base", "main"], /^error: --base: "main" is not allowed; give/],
    [["--pr", "7", "--sha", SHA, "--base=--output=x"], /^error: --base: "--output=x" is not allowed/],
    [
      ["--pr", "7", "--sha", SHA, "--all", "--primary-image", "a;rm -rf /"],
      /^error: --primary-image: "a;rm -rf \/" is not allowed; a local image reference/,
    ],
  ];
  for (const [argv, message] of refusals) {
    it(`refuses ${argv.join(" ")} in one line, exit 2, before running anything`, async () => {
      const fake = recording({});
      const run = await services(["preview", ...argv], fake.run);
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
      assert.equal(run.stderr.split("\n").length, 2, run.stderr);
      assert.deepEqual(fake.calls, []);
    });
  }
});
