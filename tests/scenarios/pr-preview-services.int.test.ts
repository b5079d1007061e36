// Pull-request previews of the example catalog (examples/services.yaml: web `api` calling backend `auth` and
// worker `events`, web `web` calling api, job `nightly`) on services-world.ts's world, run as GitHub runs
// pr-preview.yml: the build job asks Pants what the PR changed against its base and builds the
// images of what the preview runs (the changed services and their callers), one artifact; the deploy job
// checks and pushes each under its tag, sets pantstack:changedServices, smoke-tests every running web
// service's URL (the stack's `urls` output) and comments what runs and what is borrowed from test.
// Three pull requests run at once, as three PRs of one repository would: 7 changes web, 8 changes api, and 9
// changes auth, whose callers api and web find their tags pushed already (api's with the same image, web's
// with another).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import type { RunRecord } from "../workflow-runner/run";
import { explain, type Scenario, timings } from "../workflow-runner/scenario";
import { BUILT, digestOf, imageId, REGISTRY, servicesWorld } from "./services-world";

const ecr: { manifestFor(id: string): string } = require("../workflow-runner/fakes/ecr.cjs");

const PREVIEW_REPOSITORY = "pantstack-preview";
/** An image some earlier run pushed under PR 9's web tag. */
const OTHER = imageId("e");
/** The image `pants package services/auth:image` builds (its docker_image sets repository="auth"). */
const AUTH = imageId("f");
const EXAMPLE = fs.readFileSync(path.resolve(__dirname, "../../examples/services.yaml"), "utf8");

/**
 * What the preview program outputs for a PR that runs `runs` (stacks/preview/program.ts): the primary `api`
 * answers at the stack's own URL, `web` under it (the scenario's service answers `/<stack>/<service>/...`).
 */
function previewOutputs(base: string, runs: string[], borrows: string[]) {
  const urlOf = (name: string) => (name === "api" ? `${base}/{stack}` : `${base}/{stack}/${name}`);
  const web = runs.filter((name) => name === "api" || name === "web");
  return {
    url: urlOf(web[0]),
    imageTag: "{config:pantstack:imageTag}",
    runs,
    borrows,
    urls: Object.fromEntries(web.map((name) => [name, urlOf(name)])),
  };
}

/** PR `pr`'s tags in the preview repository, each with the local image ID its manifest names. */
function tagged(s: Scenario, pr: number, sha7: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const image of s.ecr().repositories[PREVIEW_REPOSITORY].images)
    for (const tag of image.tags.filter((t) => t.endsWith(`pr-${pr}-${sha7}`)))
      out[tag] = JSON.parse(image.manifest).config.digest;
  return out;
}

/**
 * The command lines of one PR's run: the fakes record each call's working directory, `<run>/<job>/workspace`,
 * and the slot claim names the PR.
 */
function linesOf(s: Scenario, pr: number): string[] {
  const calls = s.calls();
  const claim = calls.find((c) => c.tool === "npm" && c.argv.join(" ").includes(`claim --pr ${pr} `));
  if (!claim) throw new Error(`no slot claim of PR ${pr}`);
  const run = claim.cwd.slice(0, claim.cwd.indexOf("/slots/workspace"));
  return calls.filter((c) => c.cwd.startsWith(`${run}/`)).map((c) => [c.tool, ...c.argv].join(" "));
}

describe("scenario: previews of many services (pr-preview.yml, the example catalog, three PRs at once)", function () {
  this.timeout(180_000);
  let s: Scenario;
  let dispose: () => Promise<void>;
  const runs: Record<number, RunRecord> = {};
  const sha7: Record<number, string> = {};
  const lines: Record<number, string[]> = {};
  let baseSha: string;

  before(async () => {
    ({ s, dispose } = await servicesWorld());
    const base = String(s.pulumi().outputs?.url).replace("/{stack}", "");
    // Pants answers `--changed-since=<base> --changed-dependents=transitive list` with the targets owning the
    // changed files and everything depending on them, one address a line
    // (https://www.pantsbuild.org/stable/docs/using-pants/advanced-target-selection); here from each
    // checkout's own diff against the PR's base.
    s.setPants((p) => {
      p.owners = {
        "services/api/": ["services/api:lib", "services/api:image"],
        "services/auth/": ["services/auth:lib", "services/auth:image"],
        "services/web/": ["services/web:lib", "services/web:image"],
      };
      p.targets = { ...p.targets, "services/auth:image": "auth:latest" };
      p.images["auth:latest"] = AUTH;
    });
    // The example catalog on dev, where the PRs start: their own changes are services' code only.
    s.commit("dev", ["feat: the example catalog"], { files: { "services.yaml": EXAMPLE } });
    const prs = [
      {
        number: 7,
        file: "services/web/orders.py",
        outputs: previewOutputs(base, ["web"], ["auth", "events", "api", "nightly"]),
      },
      {
        number: 8,
        file: "services/api/orders.py",
        outputs: previewOutputs(base, ["api", "web"], ["auth", "events", "nightly"]),
      },
      {
        number: 9,
        file: "services/auth/tokens.py",
        outputs: previewOutputs(base, ["auth", "api", "web"], ["events", "nightly"]),
      },
    ];
    const events = prs.map(({ number, file, outputs }) => {
      s.commit(`feature/${number}`, [`feat: change ${file}`], { from: "dev", files: { [file]: "x = 1\n" } });
      const pr = s.openPullRequest({ number, commits: ["chore: review fixes"] });
      sha7[number] = pr.head.sha.slice(0, 7);
      baseSha = pr.base.sha;
      s.setPulumi((p) => {
        p.stackOutputs = { ...p.stackOutputs, [`preview-pr-${number}`]: outputs };
      });
      // A claim dated already (an earlier run's): three claims made at the same instant would wait for each
      // other to be dated (delivery/previews/claim.ts), which only slows the scenario down.
      s.addStack({
        name: `preview-pr-${number}`,
        tags: {
          "pantstack:environment": "preview",
          "pantstack:claimed-at": new Date(number * 1000).toISOString(),
        },
        lastUpdate: undefined,
        resourceCount: 0,
      });
      return s.pullRequestEvent(pr, "synchronize");
    });
    // PR 9's tags pushed by an earlier run: api's with this very build, web's with another image.
    s.setEcr((e) => {
      const images = e.repositories[PREVIEW_REPOSITORY].images;
      for (const [tag, id] of [
        [`pr-9-${sha7[9]}`, BUILT.api],
        [`web-pr-9-${sha7[9]}`, OTHER],
      ])
        images.push({ digest: digestOf(id), manifest: ecr.manifestFor(id), tags: [tag], pushedAt: 1 });
    });
    const done = await Promise.all(events.map((event) => s.run("pr-preview.yml", event)));
    for (const [i, { number }] of prs.entries()) {
      runs[number] = done[i];
      lines[number] = linesOf(s, number);
      if (process.env.SCENARIO_TIMINGS)
        console.log(`PR ${number}\n${timings(done[i]).slice(0, 6).join("\n")}`);
    }
  });
  after(() => dispose?.());

  describe("PR 7 changes only web", () => {
    it("asks Pants what changed since the PR's base, and builds and pushes only web's image", () => {
      assert.equal(runs[7].conclusion, "success", explain(runs[7]));
      assert.ok(
        lines[7].includes(`pants --changed-since=${baseSha} --changed-dependents=transitive list`),
        lines[7].join("\n"),
      );
      assert.deepEqual(
        lines[7].filter((l) => l.startsWith("pants package")),
        ["pants package services/web:image"],
      );
      assert.deepEqual(
        lines[7].filter((l) => l.startsWith("docker push")),
        [`docker push ${REGISTRY}/${PREVIEW_REPOSITORY}:web-pr-7-${sha7[7]}`],
      );
      assert.deepEqual(tagged(s, 7, sha7[7]), { [`web-pr-7-${sha7[7]}`]: BUILT.web });
    });

    it("deploys preview-pr-7 with pantstack:changedServices=web, and the plan report plans it so", () => {
      const stack = s.pulumi().stacks.find((st) => st.name === "preview-pr-7");
      assert.equal(stack?.config["pantstack:changedServices"]?.value, "web");
      assert.equal(stack?.config["pantstack:imageTag"]?.value, `pr-7-${sha7[7]}`);
      // The real plan of the preview program with the same config: web runs, api is borrowed.
      const report = runs[7].job("deploy").step("Plan report against the base branch (diff, cost, diagram)");
      assert.equal(report.outcome, "success", report.stderr);
      assert.match(
        s.github.commentsOn(7)[0].body,
        /runs `\["web"\]` · borrows `\["auth","events","api","nightly"\]`/,
      );
    });

    it("smoke-tests web's URL only, at its health path", () => {
      const smoke = runs[7].job("deploy").step("Smoke test");
      assert.equal(smoke.outcome, "success", smoke.stderr);
      const healthy = smoke.stdout.split("\n").filter((l) => l.startsWith("healthy:"));
      assert.equal(healthy.length, 1, smoke.stdout);
      assert.match(healthy[0], new RegExp(`/preview-pr-7/web/healthz status 200 version pr-7-${sha7[7]}`));
    });

    it("comments that the preview runs web, built from the PR, and borrows api from test", () => {
      const [comment, ...more] = s.github.commentsOn(7);
      assert.equal(more.length, 0);
      assert.match(
        comment.body,
        new RegExp(
          `Runs, built from this pull request: \`web\` \\(\`web-pr-7-${sha7[7]}\`\\) at http://\\S+/preview-pr-7/web\\.\n`,
        ),
      );
      assert.ok(
        comment.body.includes("Borrows from test: `auth`, `events`, `api`, `nightly`."),
        comment.body,
      );
    });
  });

  describe("PR 8 changes api, which web calls", () => {
    it("builds and pushes api and its caller web, each under its tag in the one preview repository", () => {
      assert.equal(runs[8].conclusion, "success", explain(runs[8]));
      assert.deepEqual(
        lines[8].filter((l) => l.startsWith("pants package")),
        ["pants package services/api:image services/web:image"],
      );
      assert.deepEqual(tagged(s, 8, sha7[8]), {
        [`pr-8-${sha7[8]}`]: BUILT.api,
        [`web-pr-8-${sha7[8]}`]: BUILT.web,
      });
    });

    it("sets pantstack:changedServices=api (the stack adds web), smoke-tests both, comments both", () => {
      const stack = s.pulumi().stacks.find((st) => st.name === "preview-pr-8");
      assert.equal(stack?.config["pantstack:changedServices"]?.value, "api");
      const smoke = runs[8].job("deploy").step("Smoke test");
      assert.match(
        smoke.stdout,
        new RegExp(`healthy: \\S+/preview-pr-8/health status 200 version pr-8-${sha7[8]}`),
      );
      assert.match(smoke.stdout, /healthy: \S+\/preview-pr-8\/web\/healthz status 200/);
      const [comment] = s.github.commentsOn(8);
      assert.match(
        comment.body,
        new RegExp(
          `Runs, built from this pull request: \`api\` \\(\`pr-8-${sha7[8]}\`\\) at http://\\S+/preview-pr-8, \`web\` \\(\`web-pr-8-${sha7[8]}\`\\) at http://\\S+/preview-pr-8/web\\.\n`,
        ),
      );
      assert.ok(comment.body.includes("Borrows from test: `auth`, `events`, `nightly`."), comment.body);
      assert.match(comment.body, /runs `\["api","web"\]` · borrows `\["auth","events","nightly"\]`/);
    });
  });

  describe("PR 9 changes the backend auth; its callers' tags are in ECR already", () => {
    it("builds auth and its callers api and web, and pushes auth's image under its tag", () => {
      assert.deepEqual(
        lines[9].filter((l) => l.startsWith("pants package")),
        ["pants package services/auth:image services/api:image services/web:image"],
      );
      assert.deepEqual(
        lines[9].filter((l) => l.startsWith("docker push")),
        [`docker push ${REGISTRY}/${PREVIEW_REPOSITORY}:auth-pr-9-${sha7[9]}`],
      );
      assert.equal(tagged(s, 9, sha7[9])[`auth-pr-9-${sha7[9]}`], AUTH);
    });

    it("skips api's tag (same image) and refuses web's (another image) in one line naming both digests", () => {
      assert.equal(runs[9].conclusion, "failure");
      const push = runs[9]
        .job("deploy")
        .step("Push the image to the preview repository unless it holds this tag already");
      assert.equal(push.outcome, "failure");
      assert.deepEqual(push.stderr.trim().split("\n"), [
        `${PREVIEW_REPOSITORY}:auth-pr-9-${sha7[9]} is not in ECR: push ${AUTH}`,
        `${PREVIEW_REPOSITORY}:pr-9-${sha7[9]} is already in ECR with the same digest ${BUILT.api}: skip the push`,
        `${PREVIEW_REPOSITORY}:web-pr-9-${sha7[9]} is already in ECR as ${digestOf(OTHER)}, but this build is ${BUILT.web}; tags are immutable: build a new tag`,
      ]);
      assert.equal(
        runs[9].job("deploy").step("pulumi up (preview-pr-<N>) with the policy pack").outcome,
        "skipped",
      );
    });
  });
});
