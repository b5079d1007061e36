// A rollback racing releases on main, run as GitHub runs rollback.yml and auto-deploy-main.yml: prod runs
// v1.3.0; an operator rolls it back to v1.2.0; while the rollback runs, two pushes land on main, a chore
// (no release) and a fix (v1.3.1). All three jobs share the concurrency group `pulumi-prod` with
// `queue: max`: the two deploys wait in order behind the rollback and neither is dropped (by default the
// newer pending job would cancel the older). The rollback's freeze skips the chore's deploy; the fix's
// release, made after the freeze, deploys and lifts it. Slack hears each outcome.
import assert from "node:assert/strict";
import type { RunRecord } from "../workflow-runner/run";
import { explain, type Scenario } from "../workflow-runner/scenario";
import { onlyJobs, releaseWorld } from "./release-world";

const ecr: {
  manifestFor(id: string): string;
  sha256(text: string): string;
} = require("../workflow-runner/fakes/ecr.cjs");

describe("scenario: a rollback racing releases on main (queue: max, the freeze)", function () {
  this.timeout(180_000);
  let s: Scenario;
  let dispose: () => Promise<void>;
  let rollback: RunRecord;
  let chore: RunRecord;
  let fix: RunRecord;

  /** Resolves once `test` holds, polling the runner's concurrency record. */
  const until = async (test: () => boolean) => {
    for (let i = 0; i < 1200 && !test(); i++) await new Promise((r) => setTimeout(r, 50));
  };
  const prodEvents = () => s.runner.concurrency.events.filter((e) => e.group === "pulumi-prod");

  before(async () => {
    ({ s, dispose } = await releaseWorld({
      stacks: ["prod"],
      secrets: { SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T0/B0/fake" },
    }));
    // v1.3.0 released and running in prod.
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
      const prod = p.stacks.find((st) => st.name === "prod")!;
      prod.config["pantstack:imageTag"] = { value: "v1.3.0", secret: false };
      prod.outputs.imageTag = "v1.3.0";
    });

    let frozen!: () => void;
    const isFrozen = new Promise<void>((resolve) => (frozen = resolve));
    const rolling = await s.startRun("rollback.yml", {
      eventName: "workflow_dispatch",
      ref: "refs/heads/main",
      sha: s.sha("main"),
      inputs: { version: "v1.2.0" },
      payload: {
        inputs: { version: "v1.2.0" },
        ref: "refs/heads/main",
        repository: { full_name: s.github.repository, default_branch: "main" },
      },
      // The race: the rollback has frozen prod and rolled it back, and holds pulumi-prod (its health check
      // runs) while both deploys arrive at the group.
      beforeStep: async (_job, step) => {
        if (step.name !== "Health check") return;
        frozen();
        await until(() => prodEvents().filter((e) => e.event === "pending").length >= 2);
      },
    });
    await isFrozen;
    const deployJobs = ["release", "image", "deploy"];
    const before = s.sha("main");
    s.commit("main", ["chore: tidy the scripts"], { from: "main" });
    const choreRun = await s.runner.start(
      onlyJobs("auto-deploy-main.yml", deployJobs),
      s.pushEvent("main", before),
    );
    const middle = s.sha("main");
    s.commit("main", ["fix(api): the order total"], { from: "main" });
    const fixRun = await s.runner.start(
      onlyJobs("auto-deploy-main.yml", deployJobs),
      s.pushEvent("main", middle),
    );
    [rollback, chore, fix] = await Promise.all([rolling.finished, choreRun.finished, fixRun.finished]);
  });
  after(() => dispose?.());

  it("both deploys wait in order behind the rollback, and none is cancelled", () => {
    assert.equal(rollback.conclusion, "success", explain(rollback));
    assert.deepEqual(
      prodEvents().map((e) => `${e.event} ${e.holder.replace(/#\d+/, "")}`),
      [
        "running rollback.yml/rollback",
        "pending auto-deploy-main.yml/deploy",
        "pending auto-deploy-main.yml/deploy",
        "done rollback.yml/rollback",
        "running auto-deploy-main.yml/deploy",
        "done auto-deploy-main.yml/deploy",
        "running auto-deploy-main.yml/deploy",
        "done auto-deploy-main.yml/deploy",
      ],
    );
    const [first, second] = prodEvents()
      .filter((e) => e.event === "pending")
      .map((e) => e.holder);
    assert.equal(first, `auto-deploy-main.yml#${chore.runId}/deploy`, "the older push's deploy runs first");
    assert.equal(second, `auto-deploy-main.yml#${fix.runId}/deploy`);
  });

  it("the freeze holds: the chore's deploy skips pulumi up, with the reason in a warning and the summary", () => {
    assert.equal(chore.conclusion, "success", explain(chore));
    assert.equal(chore.job("release").outputs.tag, "");
    const deploy = chore.job("deploy");
    assert.equal(deploy.step("freeze").outputs.deploy, "false");
    assert.match(
      deploy.step("freeze").stdout,
      /::warning::prod is frozen \(rolled back to v1\.2\.0 from v1\.3\.0/,
    );
    assert.match(deploy.summary, /the deploy is skipped until a release greater than v1\.3\.0/);
    assert.equal(deploy.step("pulumi up (prod) with the policy pack").outcome, "skipped");
  });

  it("the next release, made after the freeze, deploys v1.3.1 and lifts the freeze once healthy", () => {
    assert.equal(fix.conclusion, "success", explain(fix));
    assert.equal(fix.job("release").outputs.tag, "v1.3.1");
    const deploy = fix.job("deploy");
    assert.deepEqual(
      [deploy.step("freeze").outputs.deploy, deploy.step("freeze").outputs.lifts],
      ["true", "true"],
    );
    const prod = s.pulumi().stacks.find((st) => st.name === "prod")!;
    assert.deepEqual(
      // Deploys pin every service by digest (pantstack:images, with each image's version); the version is
      // read from there, or from the tag of a stack not yet deployed by digest.
      prod.history.map((h) => [
        JSON.parse(h.config["pantstack:images"]?.value ?? "{}").api?.version ??
          h.config["pantstack:imageTag"]?.value,
        h.targets ? "targeted" : "full",
      ]),
      [
        ["v1.2.0", "targeted"],
        ["v1.3.1", "full"],
      ],
    );
    assert.equal(prod.tags["pantstack:rollback-freeze"], undefined, "lifted");
  });

  it("Slack hears the rollback and each deploy, with its outcome", () => {
    const slack = (run: RunRecord, job: string) => {
      const step = run.job(job).step("Tell Slack");
      assert.equal(step.outcome, "success");
      assert.equal(step.with.webhook, "https://hooks.slack.com/services/T0/B0/fake");
      return step.with.payload;
    };
    assert.match(
      slack(rollback, "rollback"),
      /prod rollback of every service to v1\.2\.0 by octocat: success/,
    );
    assert.match(slack(chore, "deploy"), /prod deploy of the running image: success/);
    assert.match(slack(fix, "deploy"), /prod deploy of v1\.3\.1: success/);
  });
});
