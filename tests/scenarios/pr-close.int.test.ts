// Closing a pull request, as GitHub runs pr-preview.yml's destroy job: the preview's stack is destroyed and
// removed, and the one preview comment is rewritten in place (no second comment).
import assert from "node:assert/strict";
import { explain, Scenario } from "../workflow-runner/scenario";

describe("scenario: a pull request closes", function () {
  this.timeout(120_000);
  let s: Scenario;
  before(async () => {
    s = await Scenario.create();
  });
  after(() => s.dispose());

  it("destroys preview-pr-31, removes the stack and rewrites its comment", async () => {
    s.addStack({ name: "preview-pr-31", tags: { "pantstack:environment": "preview" } });
    s.addStack({ name: "preview-pr-32", tags: { "pantstack:environment": "preview" } });
    const pr = s.openPullRequest({ number: 31 });
    s.github.comments.push({
      id: 1,
      issue_number: 31,
      body: "<!-- pantstack-preview -->\n### Preview: https://preview-pr-31.example (success, 1234567)",
      user: { login: "github-actions[bot]", type: "Bot" },
    });
    const run = await s.run("pr-preview.yml", s.pullRequestEvent({ ...pr, state: "closed" }, "closed"));
    assert.equal(run.conclusion, "success", explain(run));
    for (const job of ["dependabot", "slots", "build", "deploy"])
      assert.equal(run.job(job).result, "skipped", job);
    assert.deepEqual(
      s.commandLines("pulumi").filter((c) => /destroy|stack rm/.test(c)),
      ["pulumi destroy --yes -s preview-pr-31", "pulumi stack rm --yes preview-pr-31"],
    );
    assert.deepEqual(
      s.pulumi().stacks.map((st) => st.name),
      ["preview-pr-32"],
      "only the closed PR's stack is gone",
    );
    const [comment, ...more] = s.github.commentsOn(31);
    assert.equal(more.length, 0, "rewritten in place");
    assert.equal(comment.id, 1);
    assert.equal(
      comment.body,
      "<!-- pantstack-preview -->\n### Preview removed: the pull request is closed.\n",
    );
  });
});
