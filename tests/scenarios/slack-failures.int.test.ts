// The failures Slack (SLACK_WEBHOOK_URL) must hear that release-failures.int.test.ts and the ECS rollback
// scenarios do not run, each through the workflow runner in one shared world (release-world.ts):
// - a push to dev releases v1.3.0-dev.1 and `pants package` fails: the image job fails, nothing is pushed,
//   no deploy runs, and the image job's Slack step names the image and the run;
// - a push to main deploys prod, and the health check meets a 500 on every try: the deploy fails there;
// - a rollback of prod cancelled while its rollback step runs: the `if: cancelled()` step reports it, Slack
//   hears "cancelled", and prod is left frozen and locked by the interrupted update.
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { RunRecord } from "../workflow-runner/run";
import { explain, type Scenario } from "../workflow-runner/scenario";
import { onlyJobs, releaseWorld, runWithCalls } from "./release-world";

const ecr: {
  manifestFor(id: string): string;
  sha256(text: string): string;
} = require("../workflow-runner/fakes/ecr.cjs");

const WEBHOOK = "https://hooks.slack.com/services/T0/B0/fake";
const RUNS = "https://github\\.com/pantstack/pantstack-infra/actions/runs";

/** The end of Pants's answer when a docker_image's `docker build` fails: it names the failed process, exit 1. */
const PANTS_BUILD_FAILED =
  "ProcessExecutionFailure: Process 'Building docker image pantstack:latest' failed with exit code 1.\n" +
  '#8 ERROR: process "/bin/sh -c pip install -r requirements.txt" did not complete successfully: exit code: 1';

/**
 * A preload for the smoke tool's process only: its sleeps between tries pass at once and its clock moves on
 * by the time slept, so the tool's own loop meets its 120 s default timeout without waiting for it.
 * The probe's per-request timeout is the socket's own timer, not `setTimeout`, so requests are untouched.
 */
const SMOKE_CLOCK = `if (/delivery\\/smoke\\/cli\\.ts$/.test(process.argv[1] ?? "")) {
  let skew = 0;
  const realNow = Date.now;
  const realSetTimeout = globalThis.setTimeout;
  Date.now = () => realNow() + skew;
  globalThis.setTimeout = (fn, ms, ...args) => {
    skew += Number(ms) || 0;
    return realSetTimeout(fn, 0, ...args);
  };
}
`;

/** A service whose health path answers 500 on every try, as an app that cannot reach its database does. */
async function failingService() {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? "");
    res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ status: "error", detail: "database unreachable" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    paths,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("scenario: Slack hears a failed image, a failed health check and a cancelled rollback", function () {
  this.timeout(180_000);
  let s: Scenario;
  let dispose: () => Promise<void>;
  let broken: Awaited<ReturnType<typeof failingService>>;
  let image: { run: RunRecord; lines: string[] };
  let smoke: { run: RunRecord; lines: string[] };
  let rollback: RunRecord;
  const prod = () => s.pulumi().stacks.find((st) => st.name === "prod");

  before(async () => {
    ({ s, dispose } = await releaseWorld({ secrets: { SLACK_WEBHOOK_URL: WEBHOOK } }));
    broken = await failingService();

    // 1. dev: a feature releases v1.3.0-dev.1; building the api's image fails.
    s.setPants((p) => {
      p.goals.package = { exitCode: 1, stderr: PANTS_BUILD_FAILED };
    });
    let before = s.sha("dev");
    s.commit("dev", ["feat(api): orders"]);
    image = await runWithCalls(
      s,
      onlyJobs("auto-deploy-dev.yml", ["release", "image", "deploy"]),
      s.pushEvent("dev", before),
    );

    // 2. main: an infrastructure change deploys prod with its running image; the api answers 500.
    const services = s.pulumi().outputs?.services;
    s.setPulumi((p) => {
      Object.assign(p.outputs ?? {}, {
        services: { api: { kind: "web", address: `${broken.url}/{stack}/api`, serviceName: "api" } },
      });
    });
    const clock = path.join(s.dir, "smoke-clock.cjs");
    fs.writeFileSync(clock, SMOKE_CLOCK);
    const env = s.runner.defaults.env;
    s.runner.defaults.env = { ...env, NODE_OPTIONS: `--require ${clock}` };
    before = s.sha("main");
    s.commit("main", ["chore(infra): larger prod tasks"], { from: "main" });
    smoke = await runWithCalls(
      s,
      onlyJobs("auto-deploy-main.yml", ["release", "image", "deploy"]),
      s.pushEvent("main", before),
    );
    s.runner.defaults.env = env;
    s.setPulumi((p) => Object.assign(p.outputs ?? {}, { services }));

    // 3. v1.3.0 released and running in prod; an operator rolls prod back to v1.2.0 and cancels the run
    // while its rollback step runs. GitHub's runner sends SIGINT to the step's entry process (bash, which
    // passes it to no child), SIGTERM 7.5 s later, then kills the process tree after 2.5 s more
    // (https://docs.github.com/en/actions/reference/workflow-cancellation-reference): `pulumi up` never
    // sees a graceful ^C, so it is killed mid-update, leaving Pulumi's lease held and its operations pending.
    s.commit("main", ["feat(api): orders"], { from: "main" });
    s.tag("v1.3.0", "main");
    const manifest = ecr.manifestFor(`sha256:${"3".repeat(64)}`);
    s.setEcr((e) =>
      e.repositories.pantstack.images.push({
        digest: ecr.sha256(manifest),
        manifest,
        tags: ["v1.3.0"],
        pushedAt: 1764800000,
      }),
    );
    s.setPulumi((p) => {
      const st = p.stacks.find((x) => x.name === "prod")!;
      st.config["pantstack:imageTag"] = { value: "v1.3.0", secret: false };
      st.outputs.imageTag = "v1.3.0";
      p.failures.push({
        command: "up",
        stack: "prod",
        killed: true,
        pendingOperations: [
          {
            resource: {
              urn: "urn:pulumi:prod::pantstack::pantstack:ecs:EcsApiService$aws:ecs/service:Service::api-service",
              type: "aws:ecs/service:Service",
            },
            type: "updating",
          },
        ],
      });
    });
    const handle = await s.startRun("rollback.yml", {
      eventName: "workflow_dispatch",
      ref: "refs/heads/main",
      sha: s.sha("main"),
      inputs: { version: "v1.2.0" },
      payload: {
        inputs: { version: "v1.2.0" },
        ref: "refs/heads/main",
        repository: { full_name: s.github.repository, default_branch: "main" },
      },
      beforeStep: (_job, step) => {
        if (step.name.startsWith("Roll prod back")) handle.cancel();
      },
    });
    rollback = await handle.finished;
  });
  after(async () => {
    await dispose?.();
    await broken?.close();
  });

  const slack = (run: RunRecord, job: string) => {
    const step = run.job(job).step("Tell Slack");
    assert.equal(step.outcome, "success", `${job}'s Slack step ran`);
    assert.equal(step.with.webhook, WEBHOOK);
    return step.with.payload;
  };

  it("a failed image build fails the image job: nothing pushed, no deploy, Slack names the image and the run", () => {
    const { run, lines } = image;
    assert.equal(run.job("release").outputs.tag, "v1.3.0-dev.1", explain(run));
    const job = run.job("image");
    assert.equal(job.result, "failure");
    const failed = job.steps.filter((st) => st.outcome === "failure").map((st) => st.name);
    assert.deepEqual(failed, [
      "Build the changed services' images (before any credential exists in the job)",
    ]);
    const build = job.step("Build the changed services' images (before any credential exists in the job)");
    assert.equal(build.exitCode, 1);
    assert.match(build.stderr, /ProcessExecutionFailure: Process 'Building docker image pantstack:latest'/);
    assert.ok(lines.includes("pants package services/api:image"), lines.join("\n"));
    assert.ok(!lines.some((l) => l.startsWith("docker push")), "nothing pushed");
    assert.ok(
      !s.ecr().repositories.pantstack.images.some((i) => i.tags.includes("v1.3.0-dev.1")),
      "ECR holds no v1.3.0-dev.1",
    );
    assert.equal(run.job("deploy").result, "skipped");
    assert.ok(!lines.some((l) => l.startsWith("pulumi up")), "no deploy ran");
    assert.equal(run.conclusion, "failure");
    assert.match(
      slack(run, "image"),
      new RegExp(`test image v1\\.3\\.0-dev\\.1 failed \\(${RUNS}/${run.runId}\\)`),
    );
  });

  it("a health check that meets 500 until its timeout fails the prod deploy there, and Slack hears it", () => {
    const { run, lines } = smoke;
    assert.equal(run.job("release").outputs.tag, "", explain(run));
    assert.equal(run.job("image").result, "skipped");
    const deploy = run.job("deploy");
    assert.equal(deploy.result, "failure");
    assert.ok(lines.includes("pulumi up --yes -s prod --policy-pack policies"), lines.join("\n"));
    assert.equal(deploy.step("Wait for ECS to finish the deployment (prod)").outcome, "success");
    const failed = deploy.steps.filter((st) => st.outcome === "failure").map((st) => st.name);
    assert.deepEqual(failed, ["Health check"]);
    const check = deploy.step("Health check");
    assert.equal(check.exitCode, 1, "1: a finding (not healthy), not bad usage");
    assert.match(
      check.stdout,
      new RegExp(
        `\nnot healthy: ${broken.url}/prod/api/health status 500, expected 2xx after \\d+ tries \\(12\\d\\.\\ds\\)\n$`,
      ),
    );
    assert.ok(broken.paths.length > 1, "the tool retried");
    assert.ok(
      broken.paths.every((p) => p === "/prod/api/health"),
      broken.paths.join(" "),
    );
    assert.match(
      slack(run, "deploy"),
      new RegExp(`prod deploy of the running image: failure \\(${RUNS}/${run.runId}\\)`),
    );
  });

  it("a rollback cancelled while it runs is reported, and Slack hears it was cancelled", () => {
    assert.equal(rollback.conclusion, "cancelled", explain(rollback));
    const job = rollback.job("rollback");
    assert.equal(job.result, "cancelled");
    assert.equal(job.step("Freeze prod's auto-deploy").outcome, "success");
    assert.equal(job.step("rollback").outcome, "cancelled");
    for (const name of [
      "Wait for ECS to finish the deployment (prod)",
      "Health check",
      "The freeze, in the run's summary (after the rollback ran, also when it failed)",
    ])
      assert.equal(job.step(name).outcome, "skipped", name);
    assert.equal(
      job.step("A cancelled rollback is reported").stdout,
      "::error::the rollback of prod to v1.2.0 was cancelled; the stack may be locked (npm run stacks -- guard)\n",
    );
    assert.match(
      slack(rollback, "rollback"),
      new RegExp(
        `prod rollback of every service to v1\\.2\\.0 by octocat: cancelled \\(${RUNS}/${rollback.runId}\\)`,
      ),
    );
  });

  it("the cancelled rollback leaves prod frozen, its config at v1.2.0, locked by the killed update", () => {
    const st = prod();
    assert.match(
      st?.tags["pantstack:rollback-freeze"] ?? "",
      /^v1\.2\.0 from v1\.3\.0 /,
      "deploys stay frozen",
    );
    // The tool sets the config, then its `pulumi up` is killed: the config names v1.2.0, the outputs of the
    // last completed update still v1.3.0, and which image ECS runs is unknown until the next update.
    assert.equal(st?.config["pantstack:imageTag"]?.value, "v1.2.0");
    assert.equal(st?.outputs.imageTag, "v1.3.0");
    assert.deepEqual(
      st?.history.map((h) => h.result),
      ["succeeded"],
      "the killed update completed nothing (the one update is the health-check case's)",
    );
    // Pulumi's lease is still held and the service update is pending: the next run's guard stops there.
    assert.equal(st?.lock?.kind, "up");
    assert.deepEqual(
      st?.pendingOperations.map((o) => `${o.type} ${o.resource.type}`),
      ["updating aws:ecs/service:Service"],
    );
  });
});
