import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../../..");
const SEMANTIC_RELEASE = join(ROOT, "node_modules/semantic-release/bin/semantic-release.js");

// The repository's release.config.cjs with two changes for an offline run, and nothing else:
// - @semantic-release/github is left out (it needs a token and api.github.com);
// - the label plugin reads PR labels from a fake \`pulls.get\` that knows the PRs in FAKE_PR_LABELS (JSON,
//   number → label names) and answers any other number 404, as GitHub does.
// Tags are pushed for real to the local bare remote.
const OFFLINE_CONFIG = `
const base = require(${JSON.stringify(join(ROOT, "release.config.cjs"))});
const { createLabelPlugin } = require(${JSON.stringify(join(ROOT, "delivery/release/label-plugin.ts"))});
const labels = JSON.parse(process.env.FAKE_PR_LABELS || "{}");
const pulls = {
  async get({ pull_number }) {
    if (!labels[pull_number]) throw Object.assign(new Error("Not Found"), { status: 404 });
    return { data: { number: pull_number, labels: labels[pull_number].map((name) => ({ name })) } };
  },
};
const offlineLabels = createLabelPlugin({ github: () => ({ rest: { pulls } }) });
module.exports = {
  ...base,
  plugins: base.plugins
    .filter((p) => p[0] !== "@semantic-release/github")
    .map((p) => (typeof p[0] === "object" && p[0].analyzeCommits ? [offlineLabels, { ...p[1], repository: "pantstack/pantstack" }] : p)),
};
`;

describe("semantic-release with the repository's config, offline", function () {
  this.timeout(60000);
  let dir: string;
  let remote: string;
  let work: string;
  // A clean environment: env-ci must not take this run for a CI job, and no token may leak in.
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    // Nobody's own git settings (signing, hooks, default branch) may change the run.
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "Test",
    GIT_AUTHOR_EMAIL: "test@example.com",
    GIT_COMMITTER_NAME: "Test",
    GIT_COMMITTER_EMAIL: "test@example.com",
  };
  const git = (...args: string[]) => execFileSync("git", args, { cwd: work, env, encoding: "utf8" }).trim();
  const commit = (message: string) => git("commit", "--allow-empty", "-q", "-m", message);
  const remoteTags = () =>
    execFileSync("git", ["--git-dir", remote, "tag", "--list"], { env, encoding: "utf8" }).trim().split("\n");

  /** Runs the real CLI on the checked-out branch and returns the version it announces. */
  function release(dryRun: boolean, labels: Record<number, string[]> = {}): string | undefined {
    const args = [SEMANTIC_RELEASE, "--no-ci", "--repository-url", `file://${remote}`];
    const run = spawnSync(process.execPath, dryRun ? [...args, "--dry-run"] : args, {
      cwd: work,
      env: { ...env, FAKE_PR_LABELS: JSON.stringify(labels) },
      encoding: "utf8",
    });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /Loaded plugin "analyzeCommits" from "Inline plugin"/);
    assert.doesNotMatch(run.stdout, /@semantic-release\/github/);
    return /The next release version is (\S+)/.exec(run.stdout)?.[1];
  }

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "pantstack-release-"));
    remote = join(dir, "remote.git");
    work = join(dir, "work");
    execFileSync("git", ["init", "-q", "--bare", remote], { env });
    // semantic-release fetches the remote's HEAD: point it at the release branch.
    execFileSync("git", ["--git-dir", remote, "symbolic-ref", "HEAD", "refs/heads/main"], { env });
    execFileSync("git", ["init", "-q", "-b", "main", work], { env });
    writeFileSync(join(work, "release.config.cjs"), OFFLINE_CONFIG);
    git("add", "release.config.cjs");
    commit("chore: initial import");
    git("tag", "v1.2.0");
    git("remote", "add", "origin", remote);
    git("push", "-q", "origin", "main", "v1.2.0");
    git("checkout", "-q", "-b", "dev");
    git("push", "-q", "origin", "dev");
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it("releases 1.2.0 → 1.3.0-dev.1 → 1.3.0-dev.2 on dev and 1.3.0 on main", () => {
    commit("feat(api): orders");
    commit("docs: orders in the README");
    git("push", "-q", "origin", "dev");
    const head = git("rev-parse", "HEAD");
    assert.equal(release(false), "1.3.0-dev.1");
    assert.ok(remoteTags().includes("v1.3.0-dev.1"));
    // No commit back: dev's head is still the pushed commit, the tag points at it, and no CHANGELOG.md exists.
    git("fetch", "-q", "--tags", "origin");
    assert.equal(git("rev-parse", "origin/dev"), head);
    assert.equal(git("rev-parse", "v1.3.0-dev.1^{commit}"), head);
    assert.equal(
      spawnSync("git", ["cat-file", "-e", "origin/dev:CHANGELOG.md"], { cwd: work, env }).status,
      128,
    );

    commit("fix(api): 404 for a missing order");
    git("push", "-q", "origin", "dev");
    assert.equal(release(true), "1.3.0-dev.2");
    assert.ok(!remoteTags().includes("v1.3.0-dev.2"), "a dry run creates no tag");

    git("checkout", "-q", "main");
    git("merge", "-q", "--no-ff", "-m", "chore: merge dev into main", "dev");
    git("push", "-q", "origin", "main");
    assert.equal(release(true), "1.3.0");
  });

  it("on main, the dev→main PR's label is read from the push's merge commit and governs what it merged", () => {
    // The same release merged as GitHub merges a pull request: its merge commit names PR #20.
    git("reset", "-q", "--hard", "HEAD^");
    git("merge", "-q", "--no-ff", "-m", "Merge pull request #20 from pantstack/dev\n\nRelease", "dev");
    git("push", "-q", "-f", "origin", "main");
    assert.equal(release(true), "1.3.0");
    assert.equal(release(true, { 20: ["release:major"] }), "2.0.0");
    assert.equal(release(true, { 20: ["release:patch"] }), "1.2.1");
    assert.equal(release(true, { 20: ["release:skip"] }), undefined);
  });
});
