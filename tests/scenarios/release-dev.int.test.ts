// Pushes to dev, run as GitHub runs auto-deploy-dev.yml with the real semantic-release (release.config.cjs,
// the label plugin, @semantic-release/github against the GitHub fake, the tag pushed to the bare remote):
// a `fix` (patch prerelease; its release job only), a `feat` (minor prerelease, built and deployed to test),
// then only `chore` commits (no release, yet the push's infrastructure deploys with the image test runs).
import assert from "node:assert/strict";
import { APP_TOKEN, BUILT_IMAGE_ID, DEFAULT_VARS, explain, type Scenario } from "../workflow-runner/scenario";
import { onlyJobs, type RunWithCalls, releaseWorld, runWithCalls } from "./release-world";

describe("scenario: pushes to dev (auto-deploy-dev.yml, the real semantic-release)", function () {
  this.timeout(180_000);
  let s: Scenario;
  let dispose: () => Promise<void>;
  const runs: Record<string, RunWithCalls & { head: string }> = {};
  let headsBefore: string[];

  before(async () => {
    // With a release App: its client ID a repository variable, its key a secret (of release-dev on GitHub).
    ({ s, dispose } = await releaseWorld({
      stacks: ["test"],
      vars: { RELEASE_APP_CLIENT_ID: "Iv23liRelease01" },
      secrets: {
        RELEASE_APP_PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----",
      },
    }));
    for (const [name, commits] of [
      ["fix", ["fix(api): 404 for a missing order"]],
      ["feat", ["feat(api): orders"]],
      ["chore", ["chore: bump the dev tooling", "chore(infra): a larger task"]],
    ] as const) {
      const before = s.sha("dev");
      const head = s.commit("dev", [...commits]);
      if (name === "chore") headsBefore = s.refs("refs/heads").map((r) => `${r} ${s.sha(r)}`);
      const workflow = name === "fix" ? onlyJobs("auto-deploy-dev.yml", ["release"]) : "auto-deploy-dev.yml";
      runs[name] = { ...(await runWithCalls(s, workflow, s.pushEvent("dev", before))), head };
    }
  });
  after(() => dispose?.());

  const releaseOf = (tag: string) => s.github.releases.find((r) => r.tag_name === tag);

  it("a fix: the patch prerelease v1.2.1-dev.1, tagged on the pushed commit, with its GitHub prerelease", () => {
    const { run, head } = runs.fix;
    assert.equal(run.conclusion, "success", explain(run));
    assert.deepEqual(run.job("release").outputs, { tag: "v1.2.1-dev.1", version: "1.2.1-dev.1" });
    assert.equal(s.sha("v1.2.1-dev.1"), head);
    const release = releaseOf("v1.2.1-dev.1");
    assert.equal(release?.prerelease, true);
    assert.equal(release?.target_commitish, "dev");
    assert.match(release?.body ?? "", /### Bug Fixes\n\n\* \*\*api:\*\* 404 for a missing order/);
  });

  it("with a release App, the release job runs in release-dev and semantic-release releases as the App", () => {
    const job = runs.fix.run.job("release");
    assert.equal(job.environment, "release-dev");
    assert.equal(job.step("The release App's token (when RELEASE_APP_CLIENT_ID is set)").outcome, "success");
    const created = s.github.calls.filter((c) => c.method === "POST" && /\/releases$/.test(c.path));
    assert.ok(created.length >= 1, "releases created");
    assert.deepEqual(
      [...new Set(created.map((c) => c.token))],
      [APP_TOKEN],
      "the App's installation token, not GITHUB_TOKEN",
    );
  });

  it("a feat: the minor prerelease v1.3.0-dev.1 (v1.2.0's minor, not dev.2), built, pushed and deployed to test", () => {
    const { run, lines, head } = runs.feat;
    assert.equal(run.conclusion, "success", explain(run));
    assert.equal(run.job("release").outputs.tag, "v1.3.0-dev.1");
    assert.equal(s.sha("v1.3.0-dev.1"), head);
    assert.match(
      releaseOf("v1.3.0-dev.1")?.body ?? "",
      /compare\/v1\.2\.1-dev\.1\.\.\.v1\.3\.0-dev\.1.*### Features/s,
    );
    const image = s.ecr().repositories.pantstack.images.find((i) => i.tags.includes("v1.3.0-dev.1"));
    assert.equal(JSON.parse(image?.manifest ?? "{}").config?.digest, BUILT_IMAGE_ID);
    assert.equal((run.job("deploy").environment as { name?: string })?.name, "test");
    const digest = s.ecr().repositories.pantstack.images.find((i) => i.tags.includes("v1.3.0-dev.1"))?.digest;
    const images = {
      api: { image: `${DEFAULT_VARS.ECR_REGISTRY}/pantstack@${digest}`, version: "v1.3.0-dev.1" },
    };
    assert.ok(
      lines.includes(`pulumi config set pantstack:images ${JSON.stringify(images)} -s test`),
      lines.join("\n"),
    );
    assert.ok(lines.includes("pulumi up --yes -s test --policy-pack policies"), lines.join("\n"));
    assert.ok(
      lines.some((l) =>
        /^npm run smoke -- --services services-output\.json --expect-version 1\.3\.0-dev\.1$/.test(l),
      ),
    );
    const test = s.pulumi().stacks.find((st) => st.name === "test");
    assert.deepEqual(
      test?.history.map((h) => JSON.parse(h.config["pantstack:images"]?.value ?? "{}").api?.version),
      ["v1.3.0-dev.1", "v1.3.0-dev.1"],
    );
  });

  it("only chores: no release, yet the infrastructure deploys to test with the running image and checks its health", () => {
    const { run, lines } = runs.chore;
    assert.equal(run.conclusion, "success", explain(run));
    assert.equal(run.job("release").outputs.tag, "");
    assert.match(run.job("release").step("version").stdout, /released: nothing \(no releasable commit\)/);
    assert.equal(run.job("image").result, "skipped");
    assert.equal(run.job("deploy").result, "success", "an infrastructure change deploys without a release");
    assert.equal(s.github.releases.length, 2, "no GitHub release");
    assert.ok(!lines.some((l) => l.startsWith("pulumi config set")), "no image tag set");
    assert.ok(lines.includes("pulumi up --yes -s test --policy-pack policies"), lines.join("\n"));
    assert.ok(
      lines.some((l) => /^npm run smoke -- --services services-output\.json$/.test(l)),
      "health without a version",
    );
    const outputs = s.pulumi().stacks.find((st) => st.name === "test")?.outputs as {
      images?: { api?: { version?: string } };
    };
    assert.equal(outputs.images?.api?.version, "v1.3.0-dev.1", "the running image stays");
  });

  it("nothing is pushed back: the branches are as pushed; the release adds only its tags and git notes", () => {
    assert.deepEqual(
      s.refs("refs/heads").map((r) => `${r} ${s.sha(r)}`),
      headsBefore,
    );
    assert.equal(s.sha("dev"), runs.chore.head);
    assert.deepEqual(s.refs("refs/tags"), [
      "refs/tags/v1.2.0",
      "refs/tags/v1.2.1-dev.1",
      "refs/tags/v1.3.0-dev.1",
    ]);
    assert.deepEqual(s.refs("refs/notes"), [
      "refs/notes/semantic-release-v1.2.1-dev.1",
      "refs/notes/semantic-release-v1.3.0-dev.1",
    ]);
  });
});
