import assert from "node:assert/strict";
import path from "node:path";
import { Runner } from "./harness";

const fixture = (name: string) => path.join(__dirname, "fixtures", name);

describe("workflow runner", () => {
  let runner: Runner;
  beforeEach(() => {
    runner = new Runner();
  });
  afterEach(() => runner.dispose());

  it("wires step outputs, heredoc outputs and env, GITHUB_PATH, the summary and job outputs into needs", async () => {
    const run = await runner.run(fixture("outputs.yml"), { eventName: "push", ref: "refs/heads/dev" });
    assert.equal(run.conclusion, "success", JSON.stringify(run.jobs, null, 1));
    const first = run.job("first");
    assert.deepEqual(first.outputs, { word: "hello-dev", multi: "line one\nline two" });
    assert.deepEqual(first.step("read").outputs, { later: "a=b", tool: "from-path" });
    assert.equal(first.summary, "# Summary\n");
    const second = run.job("second").step("got");
    assert.equal(second.outputs.word, "hello-dev");
    assert.equal(second.outputs.multi, "true");
    assert.equal(second.workingDirectory, "sub");
  });

  it("runs bash with -e -o pipefail; continue-on-error, failure(), always() and needs skipping", async () => {
    const run = await runner.run(fixture("failure.yml"), { eventName: "workflow_dispatch" });
    const a = run.job("a");
    assert.equal(run.conclusion, "failure");
    assert.equal(a.result, "failure");
    assert.equal(a.timeoutMinutes, 5);
    assert.deepEqual([a.step("soft").outcome, a.step("soft").conclusion], ["failure", "success"]);
    assert.equal(a.step("soft").exitCode, 3);
    assert.equal(a.step("hard").exitCode, 1);
    assert.equal(a.step("hard").stdout, "before\n");
    assert.equal(a.step("skipped").outcome, "skipped");
    assert.equal(a.step("onfail").outputs.ran, "yes");
    assert.equal(a.step("always").outputs.soft, "failure/success");
    assert.equal(a.step("always").timeoutMinutes, 2);
    assert.equal(run.job("b").result, "skipped");
    assert.equal(run.job("c").step("r").outputs.a, "skipped");
    assert.equal(run.job("d").result, "success");
  });

  it("runs github-script against the recorded Octokit, with the step's env; other actions are recorded", async () => {
    const run = await runner.run(fixture("script.yml"), {
      eventName: "pull_request",
      payload: {
        action: "opened",
        number: 7,
        pull_request: { number: 7, head: { ref: "f" }, base: { ref: "dev" } },
      },
      octokit: {
        "issues.listComments": () => [{ id: 11, body: "<!-- m --> old" }],
        "issues.updateComment": () => ({ id: 11 }),
      },
      actions: { "actions/create-github-app-token": () => ({ token: "ghs_app" }) },
    });
    assert.equal(run.conclusion, "success", JSON.stringify(run.jobs, null, 1));
    const job = run.job("comment");
    assert.deepEqual(
      runner.octokitCalls.map((c) => c.method),
      ["issues.listComments", "issues.updateComment"],
    );
    assert.deepEqual(runner.octokitCalls[1].params, {
      owner: "acme",
      repo: "app",
      comment_id: 11,
      body: "<!-- m --> again",
    });
    assert.equal(job.step("s").outputs.found, "true");
    assert.equal(job.steps[1].uses, "aws-actions/configure-aws-credentials@v4");
    assert.deepEqual(job.steps[1].with, { "role-to-assume": "arn:aws:iam::123456789012:role/x-true" });
  });

  it("fails a github-script step whose call has no recorded answer", async () => {
    const run = await runner.run(fixture("script.yml"), {
      eventName: "pull_request",
      payload: { action: "opened", number: 7, pull_request: { number: 7 } },
    });
    assert.equal(run.job("comment").step("s").outcome, "failure");
    assert.match(run.job("comment").log.join("\n"), /no answer for issues\.listComments/);
  });

  const concurrencyWorkflow = (options: string) => ({
    file: "c.yml",
    content: [
      "on: workflow_dispatch",
      "concurrency:",
      "  group: deploy",
      ...options.split("\n").map((l) => `  ${l}`),
      "jobs:",
      "  work:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      '      - run: sleep "${{ inputs.sleep }}"',
    ].join("\n"),
  });

  it("keeps one pending run per group: a newer pending run cancels the older", async () => {
    const wf = concurrencyWorkflow("cancel-in-progress: false");
    const runs = [];
    for (const sleep of ["0.3", "0", "0"])
      runs.push(await runner.start(wf, { eventName: "workflow_dispatch", inputs: { sleep } }));
    const [a, b, c] = await Promise.all(runs.map((r) => r.finished));
    assert.deepEqual([a.conclusion, b.conclusion, c.conclusion], ["success", "cancelled", "success"]);
    assert.equal(b.cancelled, true);
    assert.deepEqual(Object.keys(b.jobs), []);
  });

  it("with queue: max, waiting runs all run, in order", async () => {
    const wf = concurrencyWorkflow("cancel-in-progress: false\nqueue: max");
    const runs = [];
    for (const sleep of ["0.3", "0", "0"])
      runs.push(await runner.start(wf, { eventName: "workflow_dispatch", inputs: { sleep } }));
    const done = await Promise.all(runs.map((r) => r.finished));
    assert.deepEqual(
      done.map((r) => r.conclusion),
      ["success", "success", "success"],
    );
    assert.deepEqual(
      runner.concurrency.events.filter((e) => e.event === "running").map((e) => e.holder),
      ["c.yml#1", "c.yml#2", "c.yml#3"],
    );
  });

  it("cancel-in-progress: true cancels the running run", async () => {
    const wf = concurrencyWorkflow("cancel-in-progress: true");
    const first = await runner.start(wf, { eventName: "workflow_dispatch", inputs: { sleep: "5" } });
    await new Promise((r) => setTimeout(r, 200));
    const second = await runner.start(wf, { eventName: "workflow_dispatch", inputs: { sleep: "0" } });
    const [a, b] = await Promise.all([first.finished, second.finished]);
    assert.equal(a.conclusion, "cancelled");
    assert.equal(a.job("work").steps[0].outcome, "cancelled");
    assert.equal(b.conclusion, "success");
  });
});
