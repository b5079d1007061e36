// Two pull requests' previews run as GitHub runs pr-preview.yml, at once, with Pulumi Cloud's OIDC exchange
// (pulumi/auth-actions), each after a killed job left its stack locked. PR 9's lock is 10 minutes old, within
// the jobs' timeouts: the deploy's stack guard refuses it. PR 8's is 90 minutes old, so its job is dead: the
// guard cancels it and the deploy runs to the end. Across both, only the steps that run pulumi hold a token.
import assert from "node:assert/strict";
import fs from "node:fs";
import type { FakeCall } from "../workflow-runner/fake-state";
import type { RunRecord } from "../workflow-runner/run";
import { explain, Scenario } from "../workflow-runner/scenario";

const STORED = "pul-stored-preview";
const line = (c: FakeCall) => [c.tool, ...c.argv].join(" ");

describe("scenario: a preview locked by a killed job, with the Pulumi token by OIDC", function () {
  this.timeout(180_000);
  let s: Scenario;
  let run: RunRecord;
  let cleared: RunRecord;
  const minted: Record<string, string>[] = [];
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  const lockedAt = minutesAgo(10);

  before(async () => {
    s = await Scenario.create({
      vars: { PULUMI_OIDC_ORGANIZATION: "acme" },
      secrets: { PULUMI_ACCESS_TOKEN: STORED },
    });
    // As pulumi/auth-actions v2.1.0 (src/main.ts) does: the token is the output `pulumi-access-token`, and
    // core.exportVariable('PULUMI_ACCESS_TOKEN', ...) hands it to every later step of the job.
    s.runner.defaults.actions = {
      ...s.runner.defaults.actions,
      "pulumi/auth-actions": (inputs, job) => {
        minted.push(inputs);
        const token = `pul-oidc-${minted.length}`;
        fs.appendFileSync(job.env.GITHUB_ENV, `PULUMI_ACCESS_TOKEN<<__EOF__\n${token}\n__EOF__\n`);
        return { "pulumi-access-token": token };
      },
    };
    // Each previous push's deploy was killed: 10 minutes ago (it may still run) and 90 (its job is dead).
    for (const [name, startedAt] of [
      ["preview-pr-9", lockedAt],
      ["preview-pr-8", minutesAgo(90)],
    ]) {
      s.addStack({
        name,
        tags: { "pantstack:environment": "preview" },
        lock: { id: "killed-deploy", startedAt, kind: "update" },
      });
    }
    const young = s.openPullRequest({ number: 9 });
    const old = s.openPullRequest({ number: 8 });
    const runs = [
      await s.startRun("pr-preview.yml", s.pullRequestEvent(young, "synchronize")),
      await s.startRun("pr-preview.yml", s.pullRequestEvent(old, "synchronize")),
    ];
    [run, cleared] = await Promise.all(runs.map((r) => r.finished));
  });
  after(() => s.dispose());

  it("the deploy's guard refuses the locked preview with the command that clears it, and nothing updates it", () => {
    const deploy = run.job("deploy");
    assert.equal(deploy.result, "failure", explain(run));
    const guard = deploy.step("No lock or pending operations left by a killed job");
    assert.equal(guard.outcome, "failure");
    assert.match(
      guard.stderr,
      /preview-pr-9 is locked by an update started .* \(10 min ago\), within the 60-minute job timeout.*clear it with: pulumi cancel --stack preview-pr-9 --yes\n/s,
    );
    assert.equal(deploy.step("pulumi up (preview-pr-<N>) with the policy pack").outcome, "skipped");
    assert.deepEqual(
      s.commandLines("pulumi").filter((c) => /^pulumi (up|cancel|destroy)\b.*preview-pr-9/.test(c)),
      [],
    );
    assert.equal(s.pulumi().stacks.find((st) => st.name === "preview-pr-9")?.lock?.startedAt, lockedAt);
    const [comment, ...more] = s.github.commentsOn(9);
    assert.equal(more.length, 0);
    assert.match(comment.body, /### Preview: .* \(failure, [0-9a-f]{7}\)/);
  });

  it("a lock older than every job that updates previews is cancelled by the guard, and the deploy goes on", () => {
    assert.equal(cleared.conclusion, "success", explain(cleared));
    assert.deepEqual(
      s
        .commandLines("pulumi")
        .filter((c) => /^pulumi (up|cancel)\b.*preview-pr-8/.test(c))
        .map((c) => c.split(" ").slice(0, 2).join(" ")),
      ["pulumi cancel", "pulumi up"],
    );
    const stack = s.pulumi().stacks.find((st) => st.name === "preview-pr-8");
    assert.equal(stack?.lock, undefined);
    assert.deepEqual(
      stack?.history.map((h) => [h.kind, h.result]),
      [["update", "succeeded"]],
    );
  });

  it("each job mints a previews-team token, and only pulumi and the tools that run it hold one", () => {
    assert.deepEqual(
      minted.map((m) => [m.organization, m["requested-token-type"], m.scope]),
      Array(4).fill(["acme", "urn:pulumi:token-type:access_token:team", "team:pantstack-previews"]),
      "slots and deploy of each run",
    );
    const calls = s.calls();
    assert.deepEqual(
      calls.filter((c) => c.pulumiToken === STORED).map(line),
      [],
      "the stored secret is unused",
    );
    const pulumi = calls.filter((c) => c.tool === "pulumi");
    assert.ok(pulumi.length >= 3, pulumi.map(line).join("\n"));
    for (const c of pulumi) assert.match(c.pulumiToken ?? "", /^pul-oidc-[1-4]$/, line(c));
    const npm = calls.filter((c) => c.tool === "npm");
    const holders = npm
      .filter((c) => c.pulumiToken !== undefined)
      .map((c) => c.argv.filter((a) => !a.startsWith("-"))[1]);
    assert.deepEqual([...new Set(holders)].sort(), ["previews", "stacks"]);
    // npm ci, without install scripts, the push plan, the smoke test and the plan report (the last two after
    // the OIDC step, in PR 8's deploy) run the pull request's code: without the token.
    const others = npm.filter(
      (c) =>
        c.argv[0] === "ci" || /^(images|smoke|plan)$/.test(c.argv.filter((a) => !a.startsWith("-"))[1] ?? ""),
    );
    for (const tool of ["images", "smoke", "plan"])
      assert.ok(
        others.some((c) => c.argv.includes(tool)),
        `npm run ${tool} ran`,
      );
    for (const c of others) {
      assert.equal(c.pulumiToken, undefined, line(c));
      if (c.argv[0] === "ci") assert.ok(c.argv.includes("--ignore-scripts"), line(c));
    }
  });
});
