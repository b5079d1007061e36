// An infrastructure change merged into main whose prod deployment ECS rolls back, run as GitHub runs
// auto-deploy-main.yml (its release job with the real semantic-release, which releases nothing for a
// `chore:`, the image job it skips, and the whole deploy job with the project's own tools): `pulumi up`
// succeeds, the deployment wait finds ECS rolled the new deployment back (an alarm fired), the deploy job
// fails saying so in one line, the health check never runs, and Slack hears it. A release takes the same
// deploy steps after the image job (release-main.int.test.ts runs that path with a deployment that succeeds).
import assert from "node:assert/strict";
import type { RunRecord } from "../workflow-runner/run";
import { explain, type Scenario } from "../workflow-runner/scenario";
import { type DeploymentState, ecsServer } from "./deploy-rollback-ecs";
import { onlyJobs, releaseWorld, runWithCalls } from "./release-world";

const WEBHOOK = "https://hooks.slack.com/services/T0/B0/fake";

/**
 * ECS's answer once the canary's alarm fired and ECS moved traffic back: the service deployment's final
 * status is ROLLBACK_SUCCESSFUL, with the alarms that triggered it and ECS's reasons
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeployment.html). It is final at the
 * first look (ECS rolled back before the wait began), so the wait needs no 15 s poll.
 */
const ROLLED_BACK: DeploymentState[] = [
  {
    status: "ROLLBACK_SUCCESSFUL",
    statusReason: "ECS deployment detected triggered alarms and rolled back.",
    alarms: {
      status: "TRIGGERED",
      alarmNames: ["pantstack-prod-api-5xx-rate", "pantstack-prod-api-unhealthy-hosts"],
      triggeredAlarmNames: ["pantstack-prod-api-5xx-rate"],
    },
    rollback: { reason: "Service deployment rolled back because of alarm pantstack-prod-api-5xx-rate." },
  },
];

describe("scenario: a push to main whose prod deployment ECS rolls back (auto-deploy-main.yml)", function () {
  this.timeout(120_000);
  let s: Scenario;
  let dispose: () => Promise<void>;
  let ecs: Awaited<ReturnType<typeof ecsServer>>;
  let run: RunRecord;
  let lines: string[];

  before(async () => {
    ({ s, dispose } = await releaseWorld({ stacks: ["prod"], secrets: { SLACK_WEBHOOK_URL: WEBHOOK } }));
    ecs = await ecsServer("pantstack-prod", "api", ROLLED_BACK);
    s.runner.defaults.env = { ...s.runner.defaults.env, AWS_ENDPOINT_URL_ECS: ecs.url };
    const hotfix = s.openPullRequest({
      number: 40,
      branch: "hotfix/task-size",
      base: "main",
      title: "chore(infra): larger prod tasks",
    });
    const before = s.sha("main");
    s.mergePullRequest(hotfix, "squash");
    ({ run, lines } = await runWithCalls(
      s,
      onlyJobs("auto-deploy-main.yml", ["release", "image", "deploy"]),
      s.pushEvent("main", before),
    ));
  });
  after(async () => {
    await dispose?.();
    await ecs?.close();
  });

  it("releases nothing, skips the image job, and prod's pulumi up succeeds with the running images", () => {
    assert.equal(run.job("release").result, "success", explain(run));
    assert.equal(run.job("release").outputs.tag, "");
    assert.equal(run.job("image").result, "skipped");
    const deploy = run.job("deploy");
    assert.equal(
      deploy.step("Is prod frozen by a rollback? (exit 0 deploy, 1 frozen)").outputs.deploy,
      "true",
    );
    assert.equal(deploy.step("pulumi up (prod) with the policy pack").outcome, "success");
    assert.ok(lines.includes("pulumi up --yes -s prod --policy-pack policies"), lines.join("\n"));
    assert.ok(!lines.some((l) => l.startsWith("pulumi config set pantstack:images")), "no new images");
  });

  it("the wait follows prod's api deployment and fails the job in one line naming the alarm", () => {
    const deploy = run.job("deploy");
    assert.equal(deploy.result, "failure");
    assert.equal(run.conclusion, "failure");
    const wait = deploy.step("Wait for ECS to finish the deployment (prod)");
    assert.equal(wait.outcome, "failure");
    assert.equal(wait.exitCode, 1, "1: a finding (ECS rolled back), not bad usage");
    assert.equal(
      wait.stdout,
      "rolled back: pantstack-prod/api status ROLLBACK_SUCCESSFUL; alarm fired: pantstack-prod-api-5xx-rate; " +
        "rollback: Service deployment rolled back because of alarm pantstack-prod-api-5xx-rate.; " +
        "ECS deployment detected triggered alarms and rolled back.\n",
    );
    assert.match(deploy.summary, /### ❌ ECS deployment of `api` \(pantstack-prod\)/);
    // One look, no poll: ECS had rolled back before the wait began.
    assert.deepEqual(
      ecs.calls.map((c) => c.operation),
      ["ListServiceDeployments", "DescribeServiceDeployments"],
    );
    assert.deepEqual(ecs.calls[0].input, { cluster: "pantstack-prod", service: "api", maxResults: 100 });
    // The failed step is the only failure: everything before it succeeded.
    const failed = deploy.steps.filter((st) => st.outcome === "failure").map((st) => st.name);
    assert.deepEqual(failed, ["Wait for ECS to finish the deployment (prod)"]);
  });

  it("the health check never runs; Slack hears the failed prod deploy", () => {
    const deploy = run.job("deploy");
    assert.equal(deploy.step("Health check").outcome, "skipped");
    assert.ok(!lines.some((l) => l.startsWith("npm run smoke")), "no smoke check ran");
    const slack = deploy.step("Tell Slack");
    assert.equal(slack.outcome, "success");
    assert.equal(slack.with.webhook, WEBHOOK);
    assert.match(
      slack.with.payload,
      /prod deploy of the running image: failure \(https:\/\/github\.com\/pantstack\/pantstack-infra\/actions\/runs\/\d+\)/,
    );
  });
});
