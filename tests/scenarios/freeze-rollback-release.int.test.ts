import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { evaluate } from "../workflow-runner/expressions";
import { bash, stackTools, workspace } from "./stack-fakes";

const ROOT = path.resolve(__dirname, "../..");
const TAG = "pantstack:rollback-freeze";

interface Step {
  name?: string;
  id?: string;
  if?: string;
  run?: string;
}

const steps = (file: string, job: string) =>
  (
    parse(fs.readFileSync(path.join(ROOT, ".github/workflows", file), "utf8")) as {
      jobs: Record<string, { steps: Step[] }>;
    }
  ).jobs[job].steps;

const find = (all: Step[], pattern: RegExp) => {
  const step = all.find((s) => pattern.test(s.run ?? ""));
  assert.ok(step?.run, `a step runs ${pattern}`);
  return step as Step & { run: string };
};

/** Reads GITHUB_OUTPUT as the runner does for simple `key=value` lines. */
const outputsOf = (file: string) =>
  Object.fromEntries(
    fs
      .readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );

/** Whether GitHub runs `step` after successful steps with these step outputs (`success() && (if)`). */
const runs = (step: Step, freeze: Record<string, string>) =>
  evaluate(
    step.if ? `success() && (${step.if})` : "success()",
    { steps: { freeze: { outputs: freeze } } },
    {
      failed: false,
      cancelled: false,
    },
  );

/**
 * prod runs v1.2.4; an operator rolls it back to v1.2.3 with rollback.yml. Then main gets a push that
 * releases nothing, then a release v1.3.0: each step is the script the workflow holds, run against a Pulumi
 * backend that keeps prod's tags.
 */
describe("scenario: a rollback, then a push to main, then a release", function () {
  this.timeout(120_000);

  it("freezes prod, skips the next deploy with a message, and the newer release deploys and lifts it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "freeze-"));
    const tools = stackTools(dir, {
      lockedSince: null,
      pending: [],
      tags: {},
      outputs: { imageTag: "v1.2.4" },
    });
    const ws = workspace(ROOT, dir);
    const base = { ...tools.env, HOME: dir, PULUMI_ACCESS_TOKEN: "pul-prod", GITHUB_ACTOR: "octocat" };

    // rollback.yml: the freeze step, from the default branch's code.
    const freeze = find(steps("rollback.yml", "rollback"), /npm run rollback -- freeze --stack prod/);
    const frozen = await bash(freeze.run, ws, { ...base, IMAGE_TAG: "v1.2.3" });
    assert.equal(frozen.code, 0, frozen.stderr);
    assert.match(tools.state().tags[TAG], /^v1\.2\.3 from v1\.2\.4 at \S+ by octocat$/);
    const frozenAt = new Date(tools.state().tags[TAG].split(" at ")[1].split(" ")[0]);

    const deploy = steps("auto-deploy-main.yml", "deploy");
    const check = deploy.find((s) => s.id === "freeze") as Step & { run: string };
    assert.ok(check?.run, "auto-deploy-main checks the freeze");
    const up = find(deploy, /pulumi up --yes -s prod/);
    const lift = find(deploy, /npm run rollback -- unfreeze --stack prod/);
    const pushOf = async (imageTag: string, releasedAt: string) => {
      const output = path.join(dir, `output-${imageTag || "none"}`);
      const summary = path.join(dir, `summary-${imageTag || "none"}`);
      fs.writeFileSync(output, "");
      const env = {
        ...base,
        IMAGE_TAG: imageTag,
        RELEASED_AT: releasedAt,
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: summary,
      };
      const result = await bash(check.run, ws, env);
      return { result, outputs: outputsOf(output), summary: fs.readFileSync(summary, "utf8"), env };
    };

    // A push to main that releases nothing: the step passes, the deploy is skipped with the message.
    const quiet = await pushOf("", "");
    assert.equal(quiet.result.code, 0, quiet.result.stderr);
    assert.deepEqual(quiet.outputs, { deploy: "false", lifts: "false" });
    assert.match(
      quiet.result.stdout,
      /::warning::prod is frozen \(rolled back to v1\.2\.3 from v1\.2\.4 by octocat/,
    );
    assert.match(
      quiet.summary,
      /this push released nothing, so the deploy is skipped until a release greater than v1\.2\.4, or lift it by hand: npm run rollback -- unfreeze --stack prod/,
    );
    assert.equal(await runs(up, quiet.outputs), false, "no pulumi up");
    assert.equal(await runs(lift, quiet.outputs), false);

    // A release made after the freeze: it deploys, and once healthy the lift step removes the freeze.
    const releasedAt = new Date(frozenAt.getTime() + 60_000).toISOString();
    const release = await pushOf("v1.3.0", releasedAt);
    assert.equal(release.result.code, 0, release.result.stderr);
    assert.deepEqual(release.outputs, { deploy: "true", lifts: "true" });
    assert.equal(await runs(up, release.outputs), true);
    assert.equal(await runs(lift, release.outputs), true);
    const lifted = await bash(lift.run, ws, release.env);
    assert.equal(lifted.code, 0, lifted.stderr);
    assert.deepEqual(tools.state().tags, {});

    // The next push deploys without a freeze.
    const after = await pushOf("", "");
    assert.deepEqual(after.outputs, { deploy: "true", lifts: "false" });
  });
});
