// Releases on main, run as GitHub runs auto-deploy-main.yml with the real semantic-release: the dev → main
// pull request merged with each `release:*` label (the label read from the push's merge commit and
// `pulls.get`, overriding what the commit messages say), then a hotfix on main and its back-merge pull
// request. One push (release:major) runs the whole workflow; the others run its release job (and the
// hotfix its back-merge job), whose outputs and calls are all they assert on.
import assert from "node:assert/strict";
import type { PullRequest } from "../workflow-runner/github-fake";
import { BUILT_IMAGE_ID, DEFAULT_VARS, explain, type Scenario } from "../workflow-runner/scenario";
import { onlyJobs, type RunWithCalls, releaseWorld, runWithCalls } from "./release-world";

describe("scenario: releases on main (auto-deploy-main.yml, the real semantic-release)", function () {
  this.timeout(180_000);
  let s: Scenario;
  let dispose: () => Promise<void>;
  const runs: Record<string, RunWithCalls & { merge: string; pr: PullRequest }> = {};

  /** A feature PR squash-merged into dev, then the dev → main PR merged with `label`; main's push is run. */
  async function release(label: string, commit: string, jobs?: string[]) {
    const feature = s.openPullRequest({ number: nextNumber(), title: commit, commits: [commit] });
    s.mergePullRequest(feature, "squash");
    const pr = s.github.addPull({
      number: nextNumber(),
      title: "chore(release): dev into main",
      labels: [{ name: label }],
      head: { ref: "dev", sha: s.sha("dev") },
      base: { ref: "main", sha: s.sha("main"), repo: { full_name: s.github.repository } },
    });
    const before = s.sha("main");
    const merge = s.mergePullRequest(pr, "merge");
    const workflow = jobs ? onlyJobs("auto-deploy-main.yml", jobs) : "auto-deploy-main.yml";
    runs[label] = { ...(await runWithCalls(s, workflow, s.pushEvent("main", before))), merge, pr };
  }

  /** PRs and issues share one sequence of numbers (the back-merge job opens PRs too). */
  const nextNumber = () => Math.max(10, ...s.github.pulls.map((p) => p.number)) + 1;

  before(async () => {
    ({ s, dispose } = await releaseWorld({ stacks: ["prod"] }));
    await release("release:patch", "feat(api): orders", ["release"]);
    await release("release:minor", "fix(api): 404 for a missing order", ["release"]);
    await release("release:major", "fix(api): the order total");
    await release("release:skip", "feat(api): order notes", ["release"]);
    // A hotfix PR into main, squash-merged.
    const hotfix = s.openPullRequest({
      number: nextNumber(),
      branch: "hotfix/login-loop",
      base: "main",
      title: "fix(auth): the login loop",
    });
    const before = s.sha("main");
    const merge = s.mergePullRequest(hotfix, "squash");
    runs.hotfix = {
      ...(await runWithCalls(
        s,
        onlyJobs("auto-deploy-main.yml", ["release", "back-merge"]),
        s.pushEvent("main", before),
      )),
      merge,
      pr: hotfix,
    };
  });
  after(() => dispose?.());

  const tagOf = (label: string) => runs[label].run.job("release").outputs.tag;

  it("without a release App, the release job skips the App's token and releases with GITHUB_TOKEN", () => {
    const job = runs["release:patch"].run.job("release");
    assert.equal(job.environment, "release-main");
    assert.equal(job.step("The release App's token (when RELEASE_APP_CLIENT_ID is set)").outcome, "skipped");
    const created = s.github.calls.filter((c) => c.method === "POST" && /\/releases$/.test(c.path));
    assert.ok(created.length >= 3, "releases created");
    assert.deepEqual([...new Set(created.map((c) => c.token))], ["ghs_fake"]);
  });

  it("each label decides the version over the messages: patch over a feat, minor over a fix, major over a fix", () => {
    for (const label of ["release:patch", "release:minor", "release:major"])
      assert.equal(runs[label].run.job("release").result, "success", explain(runs[label].run));
    assert.deepEqual(["release:patch", "release:minor", "release:major"].map(tagOf), [
      "v1.2.1",
      "v1.3.0",
      "v2.0.0",
    ]);
    for (const label of ["release:patch", "release:minor", "release:major"]) {
      const { merge } = runs[label];
      assert.equal(s.sha(tagOf(label)), merge, "the tag is on the push's merge commit");
      const release = s.github.releases.find((r) => r.tag_name === tagOf(label));
      assert.equal(release?.prerelease, false);
      assert.equal(release?.target_commitish, "main");
    }
  });

  it("the label is found from the merge commit's PR number with pulls.get, not the commit → PR endpoint", () => {
    const number = runs["release:minor"].pr.number;
    const reads = s.github.calls.filter((c) => c.method === "GET" && /\/pulls\/\d+$/.test(c.path));
    assert.ok(
      reads.some((c) => c.path === `/repos/pantstack/pantstack-infra/pulls/${number}`),
      JSON.stringify(reads),
    );
    assert.ok(!s.github.calls.some((c) => /\/commits\/[0-9a-f]+\/pulls/.test(c.path)));
  });

  it("release:skip: a feat merged with it releases nothing (no tag, no GitHub release, no npm publish)", () => {
    const { run, lines } = runs["release:skip"];
    assert.equal(run.conclusion, "success", explain(run));
    assert.equal(tagOf("release:skip"), "");
    assert.ok(!lines.some((l) => l.startsWith("npm publish")));
    assert.equal(s.github.releases.filter((r) => !r.prerelease).length, 4, "v1.2.1, v1.3.0, v2.0.0, hotfix");
  });

  it("release:major runs the whole workflow: npm publish, the image, prod deployed with v2.0.0", () => {
    const { run, lines } = runs["release:major"];
    assert.equal(run.conclusion, "success", explain(run));
    assert.ok(lines.includes("npm version --no-git-tag-version 2.0.0"), lines.join("\n"));
    assert.ok(lines.includes("npm publish --provenance --access public"));
    const image = s.ecr().repositories.pantstack.images.find((i) => i.tags.includes("v2.0.0"));
    assert.equal(JSON.parse(image?.manifest ?? "{}").config?.digest, BUILT_IMAGE_ID);
    assert.equal((run.job("deploy").environment as { name?: string })?.name, "production");
    // Every service pinned by the digest its v2.0.0 image has (pantstack:images).
    const images = {
      api: { image: `${DEFAULT_VARS.ECR_REGISTRY}/pantstack@${image?.digest}`, version: "v2.0.0" },
    };
    assert.ok(
      lines.includes(`pulumi config set pantstack:images ${JSON.stringify(images)} -s prod`),
      lines.join("\n"),
    );
    assert.ok(
      lines.some((l) =>
        /^npm run smoke -- --services services-output\.json --expect-version 2\.0\.0$/.test(l),
      ),
      lines.join("\n"),
    );
  });

  it("a hotfix on main releases v2.0.1 and opens its back-merge PR from backmerge/v2.0.1, cut from main, into dev", () => {
    const { run, merge } = runs.hotfix;
    assert.equal(run.conclusion, "success", explain(run));
    assert.equal(tagOf("hotfix"), "v2.0.1");
    assert.equal(s.sha("refs/heads/backmerge/v2.0.1"), merge, "the branch is main's head, not main itself");
    const back = s.github.pulls.find((p) => p.head.ref === "backmerge/v2.0.1");
    assert.equal(back?.base.ref, "dev");
    assert.equal(back?.state, "open");
    assert.match(back?.title ?? "", /^chore\(release\): merge main back into dev after v2\.0\.1$/);
    assert.deepEqual(
      s.github.dispatches.filter((d) => d.ref === "backmerge/v2.0.1").map((d) => d.workflow),
      ["ci.yml", "semantic-pr.yml"],
    );
    // dev lacks the hotfix; the back-merge branch brings it without a push to main or dev.
    assert.equal(s.sha("main"), merge);
  });
});
