import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { plannedStack } from "../support/planned";
import { evaluate } from "../workflow-runner/expressions";
import { type DeploymentState, ecsServer } from "./deploy-rollback-ecs";
import { driftTools } from "./drift-fakes";

const ROOT = path.resolve(__dirname, "../..");
const JUMPING_CLOCK = path.join(__dirname, "jumping-clock.cjs");

interface Step {
  name?: string;
  id?: string;
  if?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}
interface DeployJob {
  env: Record<string, string>;
  steps: Step[];
}

const deployJob = (file: string) =>
  (
    parse(fs.readFileSync(path.join(ROOT, ".github/workflows", file), "utf8")) as {
      jobs: { deploy: DeployJob };
    }
  ).jobs.deploy;

/** GitHub runs a step whose `if:` has no status function only when the job has not failed: `success() && (...)`. */
async function runsAfter(step: Step, failed: boolean, env: Record<string, string>, steps = {}) {
  const condition = (step.if ?? "success()").replace(/^\$\{\{\s*|\s*\}\}$/g, "");
  const expression = /\b(success|failure|always|cancelled)\(\)/.test(condition)
    ? condition
    : `success() && (${condition})`;
  return evaluate(expression, { env, steps }, { failed, cancelled: false });
}

/** Runs a step's script as the runner does (bash -e -o pipefail) in `cwd` with `env`. */
function bash(script: string, cwd: string, env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => {
      stdout += c;
    });
    child.stderr.on("data", (c) => {
      stderr += c;
    });
    child.on("close", (code) => done({ code: code ?? 1, stdout, stderr }));
  });
}

/** `pulumi stack output --json` as the CLI prints the stack's outputs (test and prod export these). */
function stackOutputsPulumi(bin: string, outputs: unknown) {
  fs.writeFileSync(
    path.join(bin, "pulumi"),
    `#!/usr/bin/env node
const args = process.argv.slice(2);
if (args[0] === "stack" && args[1] === "output" && args.includes("--json")) {
  process.stdout.write(${JSON.stringify(`${JSON.stringify(outputs, null, 2)}\n`)});
  process.exit(0);
}
console.error("fake pulumi: only stack output --json"); process.exit(99);
`,
    { mode: 0o755 },
  );
}

const ROLLED_BACK: DeploymentState[] = [
  { status: "IN_PROGRESS" },
  {
    status: "ROLLBACK_SUCCESSFUL",
    statusReason: "ECS deployment detected triggered alarms and rolled back.",
    alarms: {
      status: "TRIGGERED",
      alarmNames: ["prod-api-5xx", "prod-api-p99"],
      triggeredAlarmNames: ["prod-api-5xx"],
    },
    rollback: { reason: "Service deployment rolled back because of alarm prod-api-5xx." },
  },
];

/**
 * The deploy jobs of auto-deploy-main.yml (prod) and auto-deploy-dev.yml (test) after `pulumi up`: the wait
 * step's script, run as the runner runs it, against an ECS endpoint whose new deployment ECS rolls back
 * (an alarm fired). The step fails saying why; then, by the workflow's own conditions evaluated with
 * GitHub's evaluator, the health check is skipped and Slack is told.
 */
describe("scenario: a deploy that ECS rolls back fails the job, says why and tells Slack", function () {
  this.timeout(120_000);

  for (const [file, stack] of [
    ["auto-deploy-main.yml", "prod"],
    ["auto-deploy-dev.yml", "test"],
  ] as const) {
    it(`${file}: the wait step exits 1 naming the alarm; the ${stack} check is skipped, Slack runs`, async () => {
      // The stack's outputs as its program plans them: what `pulumi stack output --json` prints after the up.
      const { outputs } = await plannedStack(stack);
      const cluster = String(outputs.clusterName);
      const service = (outputs.services as Record<string, { serviceName: string }>).api.serviceName;
      const ecs = await ecsServer(cluster, service, ROLLED_BACK);
      try {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-rollback-"));
        const tools = driftTools(dir);
        stackOutputsPulumi(path.join(dir, "bin"), outputs);
        const job = deployJob(file);
        const wait = job.steps.find((s) => /npm run -s deployment -- wait/.test(s.run ?? ""));
        assert.ok(wait?.run, `${file}: a step waits for the ECS deployment`);
        const index = job.steps.indexOf(wait);
        const up = job.steps.findIndex((s) => /pulumi up --yes/.test(s.run ?? ""));
        const check = job.steps.findIndex((s) => /npm run smoke/.test(s.run ?? ""));
        assert.ok(up < index && index < check, "after pulumi up, before the health check");

        const summary = path.join(dir, "summary.md");
        // What configure-aws-credentials leaves in the job (a session from the deploy role), the ECS endpoint
        // standing in for AWS's, and the step's own env.
        const env = {
          ...tools.env,
          HOME: dir,
          AWS_REGION: "us-east-1",
          AWS_ACCESS_KEY_ID: "ASIAFAKEFAKEFAKEFAKE",
          AWS_SECRET_ACCESS_KEY: "fake",
          AWS_SESSION_TOKEN: "fake",
          AWS_ENDPOINT_URL_ECS: ecs.url,
          GITHUB_STEP_SUMMARY: summary,
          PULUMI_ACCESS_TOKEN: "pul-deploy",
          // The wait's 15 s poll between ECS's two answers passes on a clock that jumps (jumping-clock.cjs).
          NODE_OPTIONS: `--require ${JUMPING_CLOCK}`,
        };
        const result = await bash(wait.run, dir, env);
        assert.equal(result.code, 1, result.stderr);
        assert.equal(
          result.stdout,
          `rolled back: ${cluster}/${service} status ROLLBACK_SUCCESSFUL; alarm fired: prod-api-5xx; ` +
            "rollback: Service deployment rolled back because of alarm prod-api-5xx.; " +
            "ECS deployment detected triggered alarms and rolled back.\n",
        );
        assert.match(
          result.stderr,
          new RegExp(`${service}: IN_PROGRESS .*\n${service}: ROLLBACK_SUCCESSFUL `),
        );
        assert.match(
          fs.readFileSync(summary, "utf8"),
          new RegExp(`### ❌ ECS deployment of \`${service}\` \\(${cluster}\\)`),
        );
        assert.deepEqual(
          ecs.calls.map((c) => c.operation),
          ["ListServiceDeployments", "DescribeServiceDeployments", "DescribeServiceDeployments"],
        );
        assert.deepEqual(ecs.calls[0].input, { cluster, service, maxResults: 100 });

        // After the failed step: the health check is skipped, Slack is told (it reports the job's status).
        const frozen = { freeze: { outputs: { deploy: "true" } } };
        const jobEnv = { SLACK_WEBHOOK_URL: "https://hooks.slack.test/x" };
        assert.equal(await runsAfter(job.steps[check], true, jobEnv, frozen), false, "no health check");
        const slack = job.steps
          .slice(index + 1)
          .find((s) => s.uses?.startsWith("slackapi/slack-github-action@"));
        assert.ok(slack, "a Slack step follows the wait");
        assert.equal(await runsAfter(slack, true, jobEnv, frozen), true, "Slack is told of the failure");
        assert.equal(
          await runsAfter(slack, true, { SLACK_WEBHOOK_URL: "" }, frozen),
          false,
          "unless no webhook",
        );
      } finally {
        await ecs.close();
      }
    });
  }
});
