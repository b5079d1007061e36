import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { bash, stackTools, workspace } from "./stack-fakes";

const ROOT = path.resolve(__dirname, "../..");

interface Step {
  name?: string;
  if?: string;
  run?: string;
}

const steps = (file: string, job: string) =>
  (
    parse(fs.readFileSync(path.join(ROOT, ".github/workflows", file), "utf8")) as {
      jobs: Record<string, { steps: Step[] }>;
    }
  ).jobs[job].steps;

const minutesAgo = (m: number) => new Date(Date.now() - m * 60000).toISOString();
const URN = "urn:pulumi:prod::pantstack::pantstack:ecs:EcsApiService$aws:ecs/service:Service::api-service";

/**
 * A `pulumi up` of prod killed mid-update (its job timed out) left the stack locked. The next run of each
 * workflow that updates prod runs its guard step, the script as the workflow holds it, against a Pulumi
 * backend that still marks that update in progress. Workflows whose guard scripts are the same text share
 * one run of it per backend state (the same command in the same state: the same run).
 */
describe("scenario: a killed pulumi up leaves prod locked; the next run's guard", function () {
  this.timeout(120_000);

  const WORKFLOWS = [
    ["auto-deploy-main.yml", "deploy"],
    ["rollback.yml", "rollback"],
  ] as const;

  const guardStep = (file: string, job: string) => {
    const all = steps(file, job);
    const guard = all.find((s) => /npm run stacks -- guard --stack prod/.test(s.run ?? ""));
    assert.ok(guard?.run, `${file}#${job} runs the stack guard`);
    const up = all.findIndex((s) => /pulumi up --yes|npm run rollback -- --stack prod/.test(s.run ?? ""));
    assert.ok(all.indexOf(guard) < up, "before the update");
    return guard.run;
  };

  type Result = Awaited<ReturnType<typeof bash>>;
  type Tools = ReturnType<typeof stackTools>;
  /** By guard script: the run against a lock within the job timeout. */
  const young = new Map<string, { run: Result; tools: Tools }>();
  /** By guard script: the first run against a stale lock and a pending operation, and the run after it is cleared. */
  const stale = new Map<
    string,
    { first: Result; second: Result; tools: Tools; cancels: string[][]; lockedSince: unknown }
  >();

  before(async () => {
    const scripts = new Set(WORKFLOWS.map(([file, job]) => guardStep(file, job)));
    await Promise.all(
      [...scripts].map(async (script) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "guard-"));
        const tools = stackTools(dir, { lockedSince: minutesAgo(10), pending: [], tags: {}, outputs: {} });
        const run = await bash(script, workspace(ROOT, dir), {
          ...tools.env,
          HOME: dir,
          PULUMI_ACCESS_TOKEN: "pul-prod",
        });
        young.set(script, { run, tools });
      }),
    );
    await Promise.all(
      [...scripts].map(async (script) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "guard-"));
        const tools = stackTools(dir, {
          lockedSince: minutesAgo(60),
          pending: [{ type: "updating", urn: URN }],
          tags: {},
          outputs: {},
        });
        const env = { ...tools.env, HOME: dir, PULUMI_ACCESS_TOKEN: "pul-prod" };
        const ws = workspace(ROOT, dir);
        const first = await bash(script, ws, env);
        // What the first run left: its cancels and the lock.
        const cancels = tools.calls().filter((c) => c[0] === "cancel");
        const afterFirst = tools.state();
        // Cleared by hand (the refresh); the run after passes and cancels nothing.
        fs.writeFileSync(env.FAKE_PULUMI_STATE, JSON.stringify({ ...afterFirst, pending: [] }));
        const second = await bash(script, ws, env);
        stale.set(script, { first, second, tools, cancels, lockedSince: afterFirst.lockedSince });
      }),
    );
  });

  for (const [file, job] of WORKFLOWS) {
    it(`${file}: fails with the exact cancel command while the update could still be running`, () => {
      const found = young.get(guardStep(file, job));
      assert.ok(found);
      const { run, tools } = found;
      assert.equal(run.code, 1, run.stderr);
      assert.match(
        run.stderr,
        /prod is locked by an update started .* \(10 min ago\), within the 45-minute job timeout/,
      );
      assert.match(run.stderr, /clear it with: pulumi cancel --stack prod --yes\n/);
      assert.deepEqual(
        tools.calls().filter((c) => c[0] === "cancel"),
        [],
      );
      assert.notEqual(tools.state().lockedSince, null, "still locked");
    });

    it(`${file}: cancels a lock older than the job timeout itself, then fails on the pending operation`, () => {
      const found = stale.get(guardStep(file, job));
      assert.ok(found);
      const { first, second, tools, cancels, lockedSince } = found;
      assert.equal(first.code, 1, first.stderr);
      assert.deepEqual(
        cancels.map((c) => c.slice(0, 4)),
        [["cancel", "--yes", "--stack", "prod"]],
      );
      assert.equal(lockedSince, null, "the stale lock is gone");
      assert.match(first.stderr, /the job that held it is dead; running: pulumi cancel --stack prod --yes/);
      assert.match(
        first.stderr,
        /clear them by reading the provider's state: pulumi refresh --stack prod --yes\n/,
      );

      // Cleared by hand (the refresh, in the before hook); the run after passes and cancels nothing.
      assert.equal(second.code, 0, second.stderr);
      assert.equal(tools.calls().filter((c) => c[0] === "cancel").length, 1);
    });
  }
});
