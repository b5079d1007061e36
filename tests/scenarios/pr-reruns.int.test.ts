// A pull request's preview across a push, re-runs and a reopen, as GitHub runs pr-preview.yml. ECR's tags
// are immutable in the preview repository, so pushing pr-<N>-<sha7> a second time is refused even for the same
// image; the deploy job asks ECR first (`images push-plan`): absent, push; same image, skip; another, fail.
import assert from "node:assert/strict";
import type { RunRecord } from "../workflow-runner/run";
import { BUILT_IMAGE_ID, explain, Scenario } from "../workflow-runner/scenario";
import { prPreviewWithoutPlanReport } from "./preview-without-plan-report";

const PUSH_STEP = "Push the image to the preview repository unless it holds this tag already";
/** What these runs assert on is the push and the deploy, not the plan report. */
const PR_PREVIEW = prPreviewWithoutPlanReport();

describe("scenario: a pull request's preview across a push, re-runs and a reopen", function () {
  this.timeout(180_000);
  let s: Scenario;
  let event: ReturnType<Scenario["pullRequestEvent"]>;
  let tag: string;
  before(async () => {
    s = await Scenario.create();
    const pr = s.openPullRequest({ number: 21 });
    // Deployed when it was opened (an earlier commit, an earlier tag).
    s.addStack({
      name: "preview-pr-21",
      tags: { "pantstack:environment": "preview", "pantstack:claimed-at": new Date().toISOString() },
      config: { "pantstack:imageTag": { value: `pr-21-${pr.head.sha.slice(0, 7)}`, secret: false } },
    });
    pr.head.sha = s.commit(pr.head.ref, ["fix: second commit"]);
    tag = `pr-21-${pr.head.sha.slice(0, 7)}`;
    event = s.pullRequestEvent(pr, "synchronize");
  });
  after(() => s.dispose());

  const preview = async (ev: typeof event) => (await s.runner.start(PR_PREVIEW, ev)).finished;

  const pushes = () => s.commandLines("docker").filter((c) => c.startsWith("docker push "));
  const ups = () => s.pulumi().stacks.find((st) => st.name === "preview-pr-21")?.history.length ?? 0;
  const images = () => s.ecr().repositories["pantstack-preview"].images;
  const deployed = (run: RunRecord) => {
    assert.equal(run.conclusion, "success", explain(run));
    const stack = s.pulumi().stacks.find((st) => st.name === "preview-pr-21");
    assert.equal(stack?.config["pantstack:imageTag"]?.value, tag);
    const [comment, ...more] = s.github.commentsOn(21);
    assert.equal(more.length, 0, "one comment, rewritten in place");
    assert.match(
      comment.body,
      /### Preview: http:\/\/127\.0\.0\.1:\d+\/preview-pr-21 \(success, [0-9a-f]{7}\)/,
    );
  };

  it("a push (synchronize) pushes pr-21-<sha7> and deploys it", async () => {
    const run = await preview(event);
    deployed(run);
    assert.deepEqual(pushes(), [
      `docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/pantstack-preview:${tag}`,
    ]);
    assert.deepEqual(
      images().map((i) => [i.tags, JSON.parse(i.manifest).config.digest]),
      [[[tag], BUILT_IMAGE_ID]],
    );
    assert.equal(ups(), 1);
  });

  it("a re-run with the same SHA finds the tag on the same image: no push, the deploy goes on", async () => {
    const run = await preview(event);
    deployed(run);
    assert.match(
      run.job("deploy").step(PUSH_STEP).stderr,
      new RegExp(
        `pantstack-preview:${tag} is already in ECR with the same digest ${BUILT_IMAGE_ID}: skip the push`,
      ),
    );
    assert.equal(pushes().length, 1, "no second docker push (ECR would refuse it)");
    assert.equal(images().length, 1);
    assert.equal(ups(), 2, "pulumi up ran again");
  });

  it("a re-run that built another image for the same tag fails in one line naming the tag and both digests", async () => {
    const rebuilt = `sha256:${"2".repeat(64)}`;
    s.setBuiltImage(rebuilt);
    const run = await preview(event);
    s.setBuiltImage(BUILT_IMAGE_ID);
    assert.equal(run.job("deploy").result, "failure");
    const step = run.job("deploy").step(PUSH_STEP);
    assert.equal(step.outcome, "failure");
    const lines = step.stderr.split("\n").filter((l) => l.trim() !== "");
    assert.deepEqual(lines, [
      `pantstack-preview:${tag} is already in ECR as ${images()[0].digest}, but this build is ${rebuilt}; tags are immutable: build a new tag`,
    ]);
    assert.equal(pushes().length, 1, "nothing pushed");
    assert.equal(ups(), 2, "nothing deployed");
    assert.equal(
      run.job("deploy").step("pulumi up (preview-pr-<N>) with the policy pack").outcome,
      "skipped",
    );
    assert.match(s.github.commentsOn(21)[0].body, /\(failure, [0-9a-f]{7}\)/);
  });

  it("a reopen with no new commit is a same-SHA re-run: no push, a new claim deploys", async () => {
    // The close destroyed and removed the stack (pr-close.int.test.ts); ECR keeps the image and its tag.
    s.setPulumi((p) => {
      p.stacks = p.stacks.filter((st) => st.name !== "preview-pr-21");
    });
    const run = await preview({
      ...event,
      payload: { ...event.payload, action: "reopened" },
    });
    deployed(run);
    assert.match(
      run.job("slots").outputs.report,
      /^PR #21 may deploy: its claim preview-pr-21 is number 1 of 3/,
    );
    assert.equal(pushes().length, 1, "no second docker push");
    assert.equal(images().length, 1);
    assert.equal(ups(), 1, "the new stack's first update");
  });
});
