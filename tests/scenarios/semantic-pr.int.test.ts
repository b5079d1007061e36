// semantic-pr.yml as GitHub runs it: the pull request's title reaches `npm run pr-title` only through PR_TITLE.
import assert from "node:assert/strict";
import { explain, Scenario } from "../workflow-runner/scenario";

describe("scenario: the pull-request title check", function () {
  this.timeout(120_000);
  let s: Scenario;
  before(async () => {
    s = await Scenario.create();
  });
  after(() => s.dispose());

  it("fails an empty title in one line naming it, and passes a conventional one", async () => {
    const empty = s.openPullRequest({ number: 11, title: "", commits: ["fix: a change"] });
    const failed = await s.run("semantic-pr.yml", s.pullRequestEvent(empty, "opened"));
    assert.equal(failed.conclusion, "failure");
    const step = failed.job("pr-title").step("Conventional title");
    assert.equal(step.exitCode, 1, explain(failed)); // a finding, not bad usage
    const lines = step.stderr.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("npm "));
    assert.equal(lines.length, 1, step.stderr);
    assert.match(lines[0], /^PR title "" is empty/);
    assert.doesNotMatch(step.stderr, /\n\s+at /, "no stack trace");

    const good = s.openPullRequest({ number: 12, title: "feat: a conventional title" });
    const passed = await s.run("semantic-pr.yml", s.pullRequestEvent(good, "opened"));
    assert.equal(passed.conclusion, "success", explain(passed));
  });
});
