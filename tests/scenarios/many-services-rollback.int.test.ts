// Rollbacks of a two-service prod, run as GitHub runs rollback.yml: prod runs v1.3.0 (api and web by
// digest); v1.2.0 is an earlier release on main. First only `web` goes back (api keeps v1.3.0), then every
// service, with ECS rolling api's deployment back, which fails the job and tells Slack. A service name
// that is not a catalog name fails before any checkout.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import type { RunRecord } from "../workflow-runner/run";
import { explain, type Scenario } from "../workflow-runner/scenario";
import { digestOf, imageId, imagesAt, REPOSITORIES, released, servicesWorld, V120 } from "./services-world";

const ecr: {
  manifestFor(id: string): string;
  sha256(text: string): string;
} = require("../workflow-runner/fakes/ecr.cjs");
/** v1.3.0's images. */
const V130 = { api: imageId("e"), web: imageId("f") };

describe("scenario: rollbacks of many services (rollback.yml, two services)", function () {
  this.timeout(90_000);
  let s: Scenario;
  let dispose: () => Promise<void>;
  let states: Record<string, unknown>;
  const runs: Record<string, { run: RunRecord; lines: string[] }> = {};
  const prod = () => s.pulumi().stacks.find((st) => st.name === "prod");
  const prodImages = () => JSON.parse(prod()?.config["pantstack:images"]?.value ?? "{}");
  const v130 = imagesAt({ api: digestOf(V130.api), web: digestOf(V130.web) }, "v1.3.0");
  const v120 = imagesAt({ api: digestOf(V120.api), web: digestOf(V120.web) }, "v1.2.0");

  const dispatch = async (name: string, inputs: Record<string, string>) => {
    const mark = s.calls().length;
    const run = await s.runner.run(`${__dirname}/../../.github/workflows/rollback.yml`, {
      eventName: "workflow_dispatch",
      ref: "refs/heads/main",
      sha: s.sha("main"),
      inputs,
      payload: { inputs, repository: { full_name: "acme/app", default_branch: "main" } },
    });
    runs[name] = { run, lines: s.commandLines().slice(mark) };
  };

  before(async () => {
    const world = await servicesWorld({ secrets: { SLACK_WEBHOOK_URL: "https://hooks.slack.test/x" } });
    ({ s, dispose } = world);
    states = world.ecs.states as Record<string, unknown>;
    // v1.3.0 released on main, both services rebuilt, prod running it by digest.
    const head = s.commit("dev", ["feat: orders everywhere"], { files: { "services/orders.py": "x = 1\n" } });
    execFileSync("git", ["update-ref", "refs/heads/main", head], { cwd: s.remote });
    released(s, "v1.3.0", head, "main");
    s.setEcr((e) => {
      for (const [name, repository] of Object.entries(REPOSITORIES)) {
        const manifest = ecr.manifestFor(V130[name as "api"]);
        e.repositories[repository].images.push({
          digest: ecr.sha256(manifest),
          manifest,
          tags: ["v1.3.0"],
          pushedAt: 1764806400,
        });
      }
    });
    s.setPulumi((p) => {
      const st = p.stacks.find((x) => x.name === "prod");
      if (!st) throw new Error("no prod");
      st.config["pantstack:images"] = { value: JSON.stringify(v130), secret: false };
      st.outputs = { ...st.outputs, images: v130, imageTag: "v1.3.0" };
    });
    await dispatch("bad", { version: "v1.2.0", service: "web;id" });
    await dispatch("web", { version: "v1.2.0", service: "web" });
    // The next rollback: ECS rolls api's new deployment back (its circuit breaker).
    states.api = [
      {
        status: "ROLLBACK_SUCCESSFUL",
        statusReason: "ECS deployment circuit breaker: tasks failed to start.",
      },
    ];
    await dispatch("all", { version: "v1.2.0", service: "" });
  });
  after(() => dispose?.());

  it("a service that is not a catalog name fails in one line, before any checkout or tool", () => {
    const { run, lines } = runs.bad;
    assert.equal(run.conclusion, "failure");
    const failed = run.job("rollback").steps.find((st) => st.outcome === "failure");
    assert.equal(failed?.name, "The service is a catalog name, or empty");
    assert.equal(failed?.exitCode, 2);
    assert.match(
      failed?.stdout ?? "",
      /^::error::service: "web;id" is not allowed; expected a service name of services\.yaml/,
    );
    assert.deepEqual(lines, [], "no checkout, no npm, no pulumi");
  });

  it("--service web moves web to its v1.2.0 digest, targets only web, and api keeps v1.3.0", () => {
    const { run, lines } = runs.web;
    assert.equal(run.conclusion, "success", explain(run));
    const history = prod()?.history ?? [];
    const first = history[0];
    assert.deepEqual(JSON.parse(first.config["pantstack:images"].value), { api: v130.api, web: v120.web });
    const services = prod()?.outputs.services as Record<
      string,
      { serviceUrn: string; taskDefinitionUrn: string }
    >;
    assert.deepEqual(first.targets, [services.web.taskDefinitionUrn, services.web.serviceUrn]);
    assert.ok(
      lines.some((l) => /^npm run -s deployment -- wait --outputs stack-outputs\.json/.test(l)),
      "waits for ECS",
    );
    assert.equal(run.job("rollback").step("Wait for ECS to finish the deployment (prod)").outcome, "success");
    assert.ok(lines.includes("npm run smoke -- --services services-output.json"), lines.join("\n"));
    const freeze = lines.indexOf("npm run rollback -- freeze --stack prod --image-tag v1.2.0");
    const rollback = lines.findIndex((l) =>
      l.startsWith("npm run rollback -- --stack prod --image-tag v1.2.0 --service web"),
    );
    assert.ok(freeze >= 0 && freeze < rollback, `frozen before the rollback: ${lines.join("\n")}`);
    assert.match(prod()?.tags["pantstack:rollback-freeze"] ?? "", /^v1\.2\.0 /);
    // The release's tool keeps the freeze the default branch's code set, with its time: set once.
    const freezes = lines.filter((l) => l.startsWith("pulumi stack tag set pantstack:rollback-freeze "));
    assert.equal(freezes.length, 1, freezes.join("\n"));
  });

  it("without --service every service moves to v1.2.0; ECS rolling api back fails the job and tells Slack", () => {
    const { run } = runs.all;
    assert.equal(run.conclusion, "failure");
    assert.deepEqual(prodImages(), v120);
    const job = run.job("rollback");
    const wait = job.step("Wait for ECS to finish the deployment (prod)");
    assert.equal(wait.outcome, "failure", "the ECS rollback fails the job");
    assert.match(wait.stdout, /rolled back: pantstack-prod\/api status ROLLBACK_SUCCESSFUL/);
    assert.equal(job.step("Health check").outcome, "skipped");
    const slack = job.steps.find((st) => st.uses?.startsWith("slackapi/slack-github-action@"));
    assert.equal(slack?.outcome, "success", "Slack is told");
    assert.match(slack?.with.payload ?? "", /prod rollback of every service to v1\.2\.0 by .*: failure/);
    const targets = prod()?.history.at(-1)?.targets ?? [];
    assert.equal(targets.length, 4, "both services' task definitions and services");
  });
});
