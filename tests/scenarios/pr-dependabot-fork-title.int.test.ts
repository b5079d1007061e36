// The pull requests that get no preview (Dependabot's, a fork's) and the title check, as GitHub runs
// pr-preview.yml, pr-fork-notice.yml and semantic-pr.yml: each ends in one comment or one line, not red. In
// semantic-pr.yml the pull request's title reaches `npm run pr-title` only through PR_TITLE. One scenario
// (one set-up) serves them all: each test uses its own pull requests.
import assert from "node:assert/strict";
import { explain, Scenario } from "../workflow-runner/scenario";

describe("scenario: Dependabot and fork pull requests, and the title check", function () {
  this.timeout(120_000);
  let s: Scenario;
  before(async () => {
    s = await Scenario.create();
  });
  after(() => s.dispose());

  it("a Dependabot PR skips the preview with a comment and touches no stack; the check is green", async () => {
    // Dependabot's runs get no Actions secrets: the run must not need PULUMI_ACCESS_TOKEN.
    const pr = s.openPullRequest({
      number: 21,
      title: "chore(deps): bump zod",
      user: { login: "dependabot[bot]", type: "Bot" },
    });
    const run = await s.run("pr-preview.yml", {
      ...s.pullRequestEvent(pr, "opened"),
      actor: "dependabot[bot]",
      secrets: {},
    });
    assert.equal(run.conclusion, "success", explain(run));
    assert.equal(run.job("dependabot").result, "success");
    for (const job of ["slots", "build", "deploy", "destroy"])
      assert.equal(run.job(job).result, "skipped", job);
    assert.deepEqual(s.pulumi().stacks, []);
    assert.equal(s.commandLines("pulumi").length, 0);
    const [comment, ...more] = s.github.commentsOn(21);
    assert.equal(more.length, 0);
    assert.match(comment.body, /^<!-- pantstack-preview -->\n### Preview: not for Dependabot/);
  });

  it("a fork's PR gets the fork notice from pr-fork-notice.yml, and pr-preview.yml runs no job", async () => {
    const pr = s.openPullRequest({ number: 22, fork: "mallory/app" });
    const preview = await s.run("pr-preview.yml", s.pullRequestEvent(pr, "opened"));
    assert.equal(preview.conclusion, "success", explain(preview));
    for (const job of ["dependabot", "slots", "build", "deploy", "destroy"])
      assert.equal(preview.job(job).result, "skipped", job);
    const notice = await s.run("pr-fork-notice.yml", s.pullRequestEvent(pr, "opened", "pull_request_target"));
    assert.equal(notice.conclusion, "success", explain(notice));
    const [comment, ...more] = s.github.commentsOn(22);
    assert.equal(more.length, 0);
    assert.match(comment.body, /^<!-- pantstack-preview -->\n### Preview: not for forks/);
    assert.deepEqual(s.pulumi().stacks, []);
  });

  it("a blank title (whitespace) is refused in one line, with no stack trace", async () => {
    const pr = s.openPullRequest({ number: 23, title: "   ", commits: ["fix: a change"] });
    const run = await s.run("semantic-pr.yml", s.pullRequestEvent(pr, "opened"));
    assert.equal(run.conclusion, "failure");
    const step = run.job("pr-title").step("Conventional title");
    assert.equal(step.exitCode, 1, explain(run));
    const lines = step.stderr.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("npm "));
    assert.equal(lines.length, 1, step.stderr);
    assert.match(lines[0], /^PR title " {3}" is (empty|blank)/);
    assert.doesNotMatch(step.stderr, /\n\s+at /, "no stack trace");
  });

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
