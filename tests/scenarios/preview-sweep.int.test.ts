// The daily preview sweep, run as GitHub runs preview-cleanup.yml on its schedule: a claim that never
// deployed expires counted from its claim, a preview redeployed while the sweep runs is left alone (the sweep
// reads each stack again right before destroying it), and a removed preview's PR comment says it is gone.
import assert from "node:assert/strict";
import { explain, Scenario } from "../workflow-runner/scenario";
import { prPreviewWithoutPlanReport } from "./preview-without-plan-report";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MARKER = "<!-- pantstack-preview -->";
const SWEEP_STEP = "Sweep previews idle for 7 days, and orphans";
/** The schedule event of preview-cleanup.yml, on the default branch. */
const SCHEDULE = (s: Scenario) => ({
  eventName: "schedule",
  ref: "refs/heads/main",
  sha: s.sha("main"),
  payload: { schedule: "17 3 * * *" },
});

describe("scenario: the idle sweep of previews", function () {
  this.timeout(120_000);
  let s: Scenario;
  before(async () => {
    s = await Scenario.create();
  });
  after(() => s.dispose());

  it("sweeps a claim idle since its claim, keeps a younger one, and skips a preview redeployed meanwhile", async () => {
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
    const preview = { "pantstack:environment": "preview" };
    // Deployed 8 days ago, and redeployed while the sweep runs (below).
    s.addStack({
      name: "preview-pr-40",
      createdAt: ago(9 * DAY),
      lastUpdate: ago(8 * DAY),
      tags: { ...preview, "pantstack:claimed-at": ago(9 * DAY) },
      config: { "pantstack:imageTag": { value: "pr-40-4040404", secret: false } },
      outputs: { imageTag: "pr-40-4040404" },
    });
    // Claims whose first deploy never completed an update: no last update, nothing deployed.
    for (const [pr, age] of [
      [41, 7 * DAY + HOUR],
      [42, 7 * DAY - HOUR],
    ]) {
      s.addStack({
        name: `preview-pr-${pr}`,
        createdAt: ago(age),
        lastUpdate: undefined,
        resourceCount: 0,
        tags: { ...preview, "pantstack:claimed-at": ago(age) },
      });
    }
    for (const pr of [40, 41, 42]) {
      s.openPullRequest({ number: pr });
      s.github.comments.push({
        id: pr,
        issue_number: pr,
        body: `${MARKER}\n### Preview: https://preview-pr-${pr}.preview.example.com (not deployed) (failure, 1234567)\n`,
        user: { login: "github-actions[bot]", type: "Bot" },
      });
    }
    const untouched = s.github.commentsOn(40)[0].body;
    // A redeploy of PR 40 lands between the sweep's listing (its last call: the tags of preview-pr-42) and
    // whatever the sweep does next: the deploy job's own commands.
    const sweepJob = { GITHUB_JOB: "sweep" };
    const deploy = { GITHUB_JOB: "deploy", STACK: "preview-pr-40" };
    s.setPulumi((p) => {
      p.gates = [
        {
          command: ".",
          env: sweepJob,
          following: { command: "^stack tag ls --json --stack preview-pr-42\\b", env: sweepJob },
          nth: 1,
          before: [
            { argv: ["config", "set", "pantstack:deployedAt", ago(0), "-s", "preview-pr-40"], env: deploy },
            { argv: ["up", "--yes", "-s", "preview-pr-40", "--policy-pack", "policies"], env: deploy },
          ],
        },
      ];
    });

    const run = await s.run("preview-cleanup.yml", SCHEDULE(s));
    assert.equal(run.conclusion, "success", explain(run));
    const sweep = run.job("sweep").step(SWEEP_STEP);

    const lines = s.commandLines("pulumi");
    assert.deepEqual(
      lines.filter((l) => /^pulumi (destroy|stack rm)\b/.test(l)),
      [
        "pulumi destroy --yes --skip-preview --exec-kind auto.local --stack preview-pr-41 --non-interactive",
        "pulumi stack rm --yes preview-pr-41 --non-interactive",
      ],
      "only the claim idle since its claim is destroyed",
    );
    const redeploy = lines.indexOf("pulumi up --yes -s preview-pr-40 --policy-pack policies");
    const lists = lines.flatMap((l, i) => (/^pulumi stack ls\b/.test(l) ? [i] : []));
    assert.ok(
      lists[0] < redeploy && redeploy < lists[1],
      `the redeploy falls between the listing and the second look:\n${lines.join("\n")}`,
    );
    assert.deepEqual(
      s.pulumi().stacks.map((st) => st.name),
      ["preview-pr-40", "preview-pr-42"],
    );
    assert.match(
      sweep.stdout,
      /^preview-pr-40 {2}skipped {2}idle: last update \S+, 8 days ago \(limit 7\) \(it was updated meanwhile \(last update \S+\); the next sweep will look again\)$/m,
    );
    assert.match(
      sweep.stdout,
      /^preview-pr-41 {2}destroyed {2}idle: claimed \S+, never deployed, 7 days ago \(limit 7\); PR comment updated$/m,
    );
    const expires42 = new Date(Date.parse(s.pulumi().stacks[1].tags["pantstack:claimed-at"]) + 7 * DAY);
    assert.ok(
      sweep.stdout.includes(
        `preview-pr-42  kept  pull request #42 is open; idle limit reached ${expires42.toISOString().slice(0, 19)}Z`,
      ),
      sweep.stdout,
    );

    const [removed, ...more] = s.github.commentsOn(41);
    assert.equal(more.length, 0, "rewritten in place");
    assert.match(
      removed.body,
      /^<!-- pantstack-preview -->\n### Preview removed: `preview-pr-41` was destroyed by the preview sweep at \S+\n\nWhy: it was idle \(claimed \S+, never deployed, 7 days ago \(limit 7\)\)\./,
    );
    assert.equal(s.github.commentsOn(40)[0].body, untouched);
    assert.match(s.github.commentsOn(42)[0].body, /^<!-- pantstack-preview -->\n### Preview: https/);
  });

  it("keeps a preview idle for 7 days whose pull request took its slot again just before the sweep", async () => {
    s.setPulumi((p) => {
      delete p.gates;
    });
    s.addStack({
      name: "preview-pr-43",
      createdAt: new Date(Date.now() - 9 * DAY).toISOString(),
      lastUpdate: new Date(Date.now() - 8 * DAY).toISOString(),
      tags: {
        "pantstack:environment": "preview",
        "pantstack:claimed-at": new Date(Date.now() - 9 * DAY).toISOString(),
      },
      config: { "pantstack:imageTag": { value: "pr-43-4343434", secret: false } },
      outputs: { imageTag: "pr-43-4343434" },
    });
    const pr = s.openPullRequest({ number: 43 });
    pr.head.sha = s.commit(pr.head.ref, ["fix: a push after a week"]);
    // The push's slots job has passed (the stack is its claim); the sweep runs while the image builds, minutes
    // before the deploy job's `pulumi up`.
    let sweep: Awaited<ReturnType<Scenario["run"]>> | undefined;
    // What is asserted is the claim, the sweep and the deploy: the plan report is left out.
    const push = await (
      await s.runner.start(prPreviewWithoutPlanReport(), {
        ...s.pullRequestEvent(pr, "synchronize"),
        beforeStep: async (job) => {
          if (job === "build" && !sweep) sweep = await s.run("preview-cleanup.yml", SCHEDULE(s));
        },
      })
    ).finished;
    assert.ok(sweep);
    assert.equal(sweep.conclusion, "success", explain(sweep));
    // The slots job marked the slot as taken again; the sweep counts the 7 days from that mark.
    const reclaimed = s.pulumi().stacks.find((st) => st.name === "preview-pr-43")?.tags[
      "pantstack:reclaimed-at"
    ];
    assert.ok(reclaimed, "the claim marks the slot as taken again");
    const limit = new Date(Date.parse(reclaimed) + 7 * DAY).toISOString().slice(0, 19);
    assert.ok(
      sweep
        .job("sweep")
        .step(SWEEP_STEP)
        .stdout.includes(`preview-pr-43  kept  pull request #43 is open; idle limit reached ${limit}Z`),
      sweep.job("sweep").step(SWEEP_STEP).stdout,
    );
    assert.equal(push.conclusion, "success", explain(push));
    const stack = s.pulumi().stacks.find((st) => st.name === "preview-pr-43");
    assert.equal(stack?.config["pantstack:imageTag"]?.value, `pr-43-${pr.head.sha.slice(0, 7)}`);
    assert.equal(
      s.commandLines("pulumi").filter((l) => /^pulumi (destroy|stack rm)\b.*preview-pr-43\b/.test(l)).length,
      0,
    );
  });
});
