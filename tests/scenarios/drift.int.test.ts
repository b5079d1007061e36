import assert from "node:assert/strict";
import path from "node:path";
import { Runner } from "../workflow-runner/harness";
import { driftTools, githubIssuesServer } from "./drift-fakes";

const WORKFLOW = path.resolve(__dirname, "../../.github/workflows/drift.yml");
const VARS = {
  AWS_REGION: "us-east-1",
  AWS_ACCOUNT_ID: "123456789012",
  AWS_DRIFT_TEST_ROLE_ARN: "arn:aws:iam::123456789012:role/pantstack/ci/drift-test-1a2b3c",
  AWS_DRIFT_PROD_ROLE_ARN: "arn:aws:iam::123456789012:role/pantstack/ci/drift-prod-4d5e6f",
};
const SECRETS = { PULUMI_ACCESS_TOKEN: "pul-drift", SLACK_WEBHOOK_URL: "https://hooks.slack.test/x" };
const PROD_DIFF = [
  "    ~ aws:ecs/service:Service: (update)",
  "        [urn=urn:pulumi:prod::pantstack::pantstack:ecs:EcsApiService$aws:ecs/service:Service::api-service]",
  "      ~ desiredCount: 4 => 2",
].join("\n");

/**
 * The drift workflow as GitHub runs it (the workflow runner), with its tools for real (`npm run drift`)
 * over a fake Pulumi CLI and GitHub's issues API: a run that finds drift in prod opens prod's issue and
 * fails prod's job (Slack told); a later clean run closes the issue.
 */
describe("scenario: the drift workflow opens its issue, then closes it", function () {
  this.timeout(120_000);
  let runner: Runner;
  let github: Awaited<ReturnType<typeof githubIssuesServer>>;
  let tools: ReturnType<typeof driftTools>;
  const recorded: { job: string; action: string; with: Record<string, string> }[] = [];
  const record = (action: string) => (w: Record<string, string>, job: { workspace: string }) => {
    recorded.push({ job: path.basename(path.dirname(job.workspace)), action, with: w });
    return undefined;
  };

  before(async () => {
    github = await githubIssuesServer("acme", "app");
  });
  after(async () => {
    await github.close();
    runner?.dispose();
  });

  it("drift in prod opens 'Drift in prod', more drift updates it, a clean run closes it", async () => {
    runner = new Runner();
    tools = driftTools(runner.dir);
    const options = {
      vars: VARS,
      secrets: SECRETS,
      env: { ...tools.env, FAKE_GITHUB_API_URL: github.url },
      actions: {
        "aws-actions/configure-aws-credentials": record("configure-aws-credentials"),
        "slackapi/slack-github-action": record("slack"),
      },
    };

    tools.drift({ test: null, prod: PROD_DIFF });
    const first = await runner.run(WORKFLOW, { eventName: "schedule", ...options });
    assert.equal(first.conclusion, "failure", "drift makes the run red");
    assert.equal(
      first.job("test").result,
      "success",
      first
        .job("test")
        .steps.map((s) => s.stderr)
        .join(""),
    );
    const prod = first.job("prod");
    assert.equal(prod.result, "failure");
    assert.equal(prod.step("check").exitCode, 1);
    assert.equal(prod.step("Open, update or close the drift issue of prod").outcome, "success");
    assert.match(prod.summary, /### ❌ Drift in `prod`/);
    const opened = github.issues.filter((i) => i.state === "open");
    assert.equal(opened.length, 1, "one issue, for prod only");
    assert.equal(opened[0].title, "Drift in prod");
    assert.deepEqual(
      opened[0].labels.map((l) => l.name),
      ["drift"],
    );
    assert.ok(opened[0].body?.includes(PROD_DIFF), "the diff is in the issue");
    assert.match(opened[0].body ?? "", /\[this run\]\(https:\/\/github\.com\/acme\/app\/actions\/runs\/1\)/);
    // Each job assumed its own read-only role; Slack heard of prod's drift only.
    assert.deepEqual(
      recorded
        .filter((r) => r.action === "configure-aws-credentials")
        .map((r) => [r.job, r.with["role-to-assume"]])
        .sort(),
      [
        ["prod", VARS.AWS_DRIFT_PROD_ROLE_ARN],
        ["test", VARS.AWS_DRIFT_TEST_ROLE_ARN],
      ],
    );
    assert.deepEqual(
      recorded.filter((r) => r.action === "slack").map((r) => r.job),
      ["prod"],
    );
    // The check is a refreshed preview that fails on any change.
    for (const call of tools.calls()) {
      assert.deepEqual(
        call.slice(0, 1).concat(call.filter((a) => a.startsWith("--refresh") || a === "--expect-no-changes")),
        ["preview", "--refresh", "--expect-no-changes"],
      );
    }

    // Still drifting, now also the CPU; test's preview cannot run (locked): prod's one issue gets the new
    // diff, and test's failed check touches no issue.
    const more = `${PROD_DIFF}\n      ~ cpu: 512 => 256`;
    tools.drift({ test: "LOCKED", prod: more });
    const again = await runner.run(WORKFLOW, { eventName: "schedule", ...options });
    assert.equal(again.job("prod").result, "failure");
    assert.equal(again.job("test").result, "failure");
    assert.equal(again.job("test").step("check").exitCode, 2);
    assert.equal(again.job("test").step("Open, update or close the drift issue of test").outcome, "skipped");
    assert.equal(github.issues.length, 1, "the same issue, updated");
    assert.ok(opened[0].body?.includes("~ cpu: 512 => 256"));
    assert.match(opened[0].body ?? "", /actions\/runs\/2\)/);

    tools.drift({ test: null, prod: null });
    const second = await runner.run(WORKFLOW, { eventName: "workflow_dispatch", ...options });
    assert.equal(
      second.conclusion,
      "success",
      second
        .job("prod")
        .steps.map((s) => s.stderr)
        .join(""),
    );
    assert.equal(opened[0].state, "closed");
    assert.equal(opened[0].state_reason, "completed");
    assert.deepEqual(opened[0].comments, [
      `No drift left in \`prod\` at ${opened[0].comments[0]?.match(/at (\S+) /)?.[1]} ([run](https://github.com/acme/app/actions/runs/3)): closing.`,
    ]);
    assert.equal(github.issues.length, 1, "no issue for test, ever");
  });
});
