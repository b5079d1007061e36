// Two pull requests claim the last preview slot at once. Their slots jobs are in no common concurrency group,
// so GitHub runs them in parallel; gates in the pulumi fake fix one interleaving that defeats a check made
// before anything is claimed: both claim stacks exist before either job lists the stacks.
import assert from "node:assert/strict";
import type { PulumiGate } from "../workflow-runner/fake-state";
import { explain, Scenario } from "../workflow-runner/scenario";
import { prPreviewWithoutPlanReport } from "./preview-without-plan-report";

describe("scenario: two pull requests claim the last preview slot at once", function () {
  this.timeout(120_000);
  let s: Scenario;
  before(async () => {
    s = await Scenario.create();
  });
  after(() => s.dispose());

  it("gives the slot to one; the other withdraws its claim and comments that no slot is free", async () => {
    const day = 86_400_000;
    for (const pr of [1, 2]) {
      const at = new Date(Date.now() - pr * day).toISOString();
      s.addStack({
        name: `preview-pr-${pr}`,
        createdAt: at,
        tags: { "pantstack:environment": "preview", "pantstack:claimed-at": at },
      });
    }
    const claimedAt = "pantstack:claimed-at \\S+ --stack";
    const gates: PulumiGate[] = [
      // Every listing waits until both claim stacks exist.
      {
        command: "^stack ls",
        after: [{ command: "^stack init preview-pr-10\\b" }, { command: "^stack init preview-pr-11\\b" }],
      },
      // PR 11 lists only once PR 10 has dated its claim, and PR 10 looks again only once PR 11 has dated its
      // own: one fixed order, and neither job waits on an undated claim (the tool's 3 s retry).
      {
        command: "^stack ls",
        env: { STACK: "preview-pr-11" },
        nth: 1,
        after: [{ command: `^stack tag set ${claimedAt} preview-pr-10\\b` }],
      },
      {
        command: "^stack ls",
        env: { STACK: "preview-pr-10" },
        nth: 2,
        after: [{ command: `^stack tag set ${claimedAt} preview-pr-11\\b` }],
      },
    ];
    s.setPulumi((p) => {
      p.gates = gates;
    });
    const a = s.openPullRequest({ number: 10 });
    const b = s.openPullRequest({ number: 11 });
    // The race is the slots jobs' and the winner's deploy: the plan report is left out.
    const workflow = prPreviewWithoutPlanReport();
    const runA = await s.runner.start(workflow, s.pullRequestEvent(a, "opened"));
    const runB = await s.runner.start(workflow, s.pullRequestEvent(b, "opened"));
    const [won, lost] = await Promise.all([runA.finished, runB.finished]);
    assert.equal(won.conclusion, "success", explain(won));
    assert.equal(lost.conclusion, "success", explain(lost));

    const lines = s.commandLines("pulumi");
    const firstList = lines.findIndex((l) => /^pulumi stack ls/.test(l));
    for (const pr of [10, 11])
      assert.ok(
        lines.findIndex((l) => l.startsWith(`pulumi stack init preview-pr-${pr} `)) < firstList,
        `PR ${pr}'s claim stack exists before the first listing:\n${lines.join("\n")}`,
      );

    const dated = (pr: number) =>
      lines.findIndex(
        (l) =>
          l.startsWith(`pulumi stack tag set pantstack:claimed-at `) &&
          l.includes(`--stack preview-pr-${pr} `),
      );
    assert.ok(0 < dated(10) && dated(10) < dated(11), "PR 10 dates its claim first, as the gates fix it");

    assert.equal(won.job("slots").outputs.free, "true");
    assert.match(
      won.job("slots").outputs.report,
      /^PR #10 may deploy: its claim preview-pr-10 is number 3 of 3/,
    );
    assert.equal(won.job("deploy").result, "success", explain(won));
    assert.equal(lost.job("slots").outputs.free, "false");
    for (const job of ["build", "deploy"]) assert.equal(lost.job(job).result, "skipped", job);

    assert.deepEqual(
      lines.filter((l) => /^pulumi (up|stack rm)\b/.test(l)),
      [
        "pulumi stack rm --yes preview-pr-11 --non-interactive",
        "pulumi up --yes -s preview-pr-10 --policy-pack policies",
      ],
      "the losing claim is removed by its own job, and only the winner deploys",
    );
    assert.deepEqual(
      s.pulumi().stacks.map((st) => [st.name, st.lastUpdate !== undefined]),
      [
        ["preview-pr-1", true],
        ["preview-pr-2", true],
        ["preview-pr-10", true],
      ],
      "3 previews, no 4th",
    );

    const [comment, ...more] = s.github.commentsOn(11);
    assert.equal(more.length, 0);
    assert.match(comment.body, /### Preview: no free slot/);
    assert.match(
      comment.body,
      /No free preview slot for PR #11: all 3 are held by #\d+ \(.*\), #\d+ \(.*\), #10 \(claimed [^)]+, not deployed yet\)\. .*Its claim was withdrawn\./,
    );
    assert.match(
      s.github.commentsOn(10)[0]?.body ?? "",
      /### Preview: http:\/\/127\.0\.0\.1:\d+\/preview-pr-10 \(success/,
    );
  });
});
