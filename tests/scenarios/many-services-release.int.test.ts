// A release of a two-service catalog, run as GitHub runs auto-deploy-dev.yml: a commit changes only `web`;
// Pants lists only web's docker_image as changed, so only web is built and pushed; `api` gets the version
// tag on its v1.2.0 image through ECR PutImage (same manifest, same digest); test deploys both services by
// digest through pantstack:images; the deployment wait follows both; the smoke test checks both health paths.
import assert from "node:assert/strict";
import type { RunRecord } from "../workflow-runner/run";
import { explain, type Scenario, timings } from "../workflow-runner/scenario";
import {
  BUILT,
  digestOf,
  imagesAt,
  REGISTRY,
  REPOSITORIES,
  released,
  servicesWorld,
  V120,
  withoutSemanticRelease,
} from "./services-world";

describe("scenario: a release of many services (auto-deploy-dev.yml, two services, web changed)", function () {
  this.timeout(60_000);
  let s: Scenario;
  let run: RunRecord;
  let lines: string[];
  let followed: string[];
  let dispose: () => Promise<void>;
  const TAG = "v1.3.0-dev.1";

  before(async () => {
    const world = await servicesWorld();
    ({ s, dispose } = world);
    followed = world.ecs.followed;
    const before = s.sha("dev");
    const head = s.commit("dev", ["feat(web): the orders page"], {
      files: { "services/web/orders.py": "page = 1\n" },
    });
    released(s, TAG, head, "dev");
    // Pants answers `--changed-since=v1.2.0 --changed-dependents=transitive list` with the targets that own
    // the changed files and everything depending on them, one address a line
    // (https://www.pantsbuild.org/stable/docs/using-pants/advanced-target-selection): here web's only.
    s.setPants((p) => {
      p.goals.list = { stdout: "services/web:orders\nservices/web:image\n" };
    });
    const mark = s.calls().length;
    run = await (
      await s.runner.start(withoutSemanticRelease("auto-deploy-dev.yml"), s.pushEvent("dev", before))
    ).finished;
    lines = s.commandLines().slice(mark);
    if (process.env.SCENARIO_TIMINGS) console.log(timings(run).join("\n"));
  });
  after(() => dispose?.());

  it("asks Pants what changed since the previous release, and builds and pushes only web", () => {
    assert.equal(run.conclusion, "success", explain(run));
    assert.ok(
      lines.includes("pants --changed-since=v1.2.0 --changed-dependents=transitive list"),
      lines.join("\n"),
    );
    assert.deepEqual(
      lines.filter((l) => l.startsWith("pants package")),
      ["pants package services/web:image"],
    );
    assert.deepEqual(
      lines.filter((l) => l.startsWith("docker push")),
      [`docker push ${REGISTRY}/pantstack/web:${TAG}`],
    );
    const web = s.ecr().repositories["pantstack/web"].images.find((i) => i.tags.includes(TAG));
    assert.equal(JSON.parse(web?.manifest ?? "{}").config?.digest, BUILT.web, "web's new build");
  });

  it("tags api's v1.2.0 image with the version through PutImage: same manifest, same digest, no push", () => {
    const api = s.ecr().repositories.pantstack.images;
    assert.equal(api.length, 1, "no new image in api's repository");
    assert.deepEqual(api[0].tags, ["v1.2.0", TAG]);
    assert.equal(api[0].digest, digestOf(V120.api));
    assert.ok(!lines.some((l) => l.startsWith("docker push") && l.includes("/pantstack:")));
    assert.equal(
      run.job("image").step("Tag every unchanged service's image with the version").stderr,
      `tagged pantstack@${digestOf(V120.api)} as pantstack:${TAG}\n`,
    );
  });

  it("deploys every service by digest: pantstack:images holds repo@sha256 for api and web", () => {
    const expected = imagesAt({ api: digestOf(V120.api), web: digestOf(BUILT.web) }, TAG);
    assert.deepEqual(JSON.parse(run.job("image").outputs.images), expected);
    const test = s.pulumi().stacks.find((st) => st.name === "test");
    assert.deepEqual(JSON.parse(test?.config["pantstack:images"]?.value ?? "{}"), expected);
    assert.deepEqual(
      test?.history.map((h) => h.result),
      ["succeeded"],
    );
    for (const [name, repository] of Object.entries(REPOSITORIES))
      assert.match(
        expected[name as "api"].image,
        new RegExp(`^${REGISTRY}/${repository}@sha256:[0-9a-f]{64}$`),
      );
  });

  it("follows both ECS deployments and checks both web services' health paths with the version", () => {
    assert.deepEqual([...followed].sort(), ["api", "web"]);
    const smoke = run.job("deploy").step("Smoke test");
    assert.equal(smoke.outcome, "success", smoke.stderr);
    assert.match(
      smoke.stdout,
      /healthy: http:\/\/127\.0\.0\.1:\d+\/test\/api\/health status 200 version 1\.3\.0-dev\.1/,
    );
    assert.match(
      smoke.stdout,
      /healthy: http:\/\/127\.0\.0\.1:\d+\/test\/web\/healthz status 200 version 1\.3\.0-dev\.1/,
    );
  });
});
