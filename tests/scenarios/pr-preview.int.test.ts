// The pull-request preview, run as GitHub runs pr-preview.yml: the slot check, the build, the push plan against
// ECR, `pulumi up` of preview-pr-<N>, the smoke test, the plan report and the one comment.
import assert from "node:assert/strict";
import { BUILT_IMAGE_ID, explain, Scenario } from "../workflow-runner/scenario";

describe("scenario: a pull request's preview", function () {
  this.timeout(120_000);
  let s: Scenario;
  beforeEach(async () => {
    s = await Scenario.create();
  });
  afterEach(() => s.dispose());

  it("with no slot held, deploys preview-pr-7 from the built image and comments its URL", async () => {
    const pr = s.openPullRequest({ number: 7 });
    const run = await s.run("pr-preview.yml", s.pullRequestEvent(pr, "opened"));
    assert.equal(run.conclusion, "success", explain(run));
    assert.equal(run.job("slots").outputs.free, "true");
    assert.equal(run.job("no-slot").result, "skipped");
    const stack = s.pulumi().stacks.find((st) => st.name === "preview-pr-7");
    const tag = `pr-7-${pr.head.sha.slice(0, 7)}`;
    assert.equal(stack?.config["pantstack:imageTag"]?.value, tag);
    assert.equal(stack?.tags["pantstack:environment"], "preview");
    assert.deepEqual(
      stack?.history.map((h) => [h.kind, h.result, h.policyPacks]),
      [["update", "succeeded", ["policies"]]],
    );
    const pushed = s.ecr().repositories["pantstack-preview"].images;
    assert.deepEqual(
      pushed.map((i) => i.tags),
      [[tag]],
    );
    assert.equal(JSON.parse(pushed[0].manifest).config.digest, BUILT_IMAGE_ID);
    const [comment, ...more] = s.github.commentsOn(7);
    assert.equal(more.length, 0);
    assert.match(
      comment.body,
      /^<!-- pantstack-preview -->\n### Preview: http:\/\/127\.0\.0\.1:\d+\/preview-pr-7 \(success, [0-9a-f]{7}\)/,
    );
    // The PR changed no service (Pants lists nothing): the preview runs the primary service, built from it.
    assert.equal(stack?.config["pantstack:changedServices"]?.value, "api");
    assert.match(
      comment.body,
      new RegExp(
        `Runs, built from this pull request: \`api\` \\(\`${tag}\`\\) at http://\\S+/preview-pr-7\\.\n`,
      ),
    );
    assert.ok(
      comment.body.includes("No service changed: the preview runs the primary service"),
      comment.body,
    );
  });

  it("with all 3 slots held, deploys nothing and comments which pull requests hold them", async () => {
    for (const pr of [1, 2, 3])
      s.addStack({ name: `preview-pr-${pr}`, tags: { "pantstack:environment": "preview" } });
    const before = s.pulumi().stacks.map((st) => st.name);
    const pr = s.openPullRequest({ number: 8 });
    const run = await s.run("pr-preview.yml", s.pullRequestEvent(pr, "opened"));
    assert.equal(run.conclusion, "success", explain(run));
    assert.equal(run.job("slots").outputs.free, "false");
    assert.equal(run.job("deploy").result, "skipped");
    assert.deepEqual(
      s.pulumi().stacks.map((st) => st.name),
      before,
      "no stack of PR 8 is left behind (a claim that lost is removed)",
    );
    assert.equal(s.commandLines("pulumi").filter((c) => / up\b/.test(c)).length, 0);
    assert.equal(s.commandLines("docker").length, 0);
    const [comment, ...more] = s.github.commentsOn(8);
    assert.equal(more.length, 0);
    assert.match(comment.body, /### Preview: no free slot/);
    for (const holder of ["#1", "#2", "#3"])
      assert.ok(comment.body.includes(holder), `${holder} in ${comment.body}`);
  });
});
