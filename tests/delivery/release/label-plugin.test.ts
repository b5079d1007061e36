import assert from "node:assert/strict";
import {
  type AnalyzeContext,
  createLabelPlugin,
  type PullRequestsOfCommit,
  repositoryOf,
} from "../../../delivery/release/label-plugin";
import { labelVerdict } from "../../../delivery/release/release-labels";

/** A commit of the table: its message and the PRs (number → labels) GitHub says it came from. */
interface Commit {
  message: string;
  prs?: Record<number, string[]>;
}

/** A recorded fake of Octokit's `repos.listPullRequestsAssociatedWithCommit`. */
function fakeGithub(commits: Commit[]) {
  const calls: unknown[] = [];
  const client: PullRequestsOfCommit = {
    rest: {
      repos: {
        async listPullRequestsAssociatedWithCommit(params) {
          calls.push(params);
          const commit = commits[Number(params.commit_sha.replace(/^c0*/, "")) - 1];
          const data = Object.entries(commit.prs ?? {}).map(([n, labels]) => ({
            number: Number(n),
            labels: labels.map((name) => ({ name })),
          }));
          return { data };
        },
      },
    },
  };
  return { client, calls };
}

const hashOf = (i: number) => `c${String(i + 1).padStart(39, "0")}`;

async function releaseTypeOf(commits: Commit[]) {
  const { client, calls } = fakeGithub(commits);
  const plugin = createLabelPlugin({ github: () => client });
  const context: AnalyzeContext = {
    commits: commits.map((c, i) => ({ hash: hashOf(i), message: c.message })),
    logger: { log: () => undefined },
    cwd: process.cwd(),
    env: { GITHUB_REPOSITORY: "pantstack/pantstack" },
  };
  const type = await plugin.analyzeCommits({ preset: "conventionalcommits" }, context);
  return { type, calls };
}

describe("release type from commits and PR labels", () => {
  const table: [name: string, commits: Commit[], expected: string | null][] = [
    ["feat is minor", [{ message: "feat: orders" }], "minor"],
    ["fix is patch", [{ message: "fix: 404 on a missing order" }], "patch"],
    ["perf is patch", [{ message: "perf(api): cache the catalogue" }], "patch"],
    ["feat! is major", [{ message: "feat(api)!: drop v1" }], "major"],
    [
      "a BREAKING CHANGE footer is major",
      [{ message: "fix: ids\n\nBREAKING CHANGE: ids are UUIDs" }],
      "major",
    ],
    [
      "docs, chore, test, ci, refactor, build are no release",
      ["docs: a", "chore: b", "test: c", "ci: d", "refactor: e", "build: f"].map((message) => ({ message })),
      null,
    ],
    [
      "the highest commit wins",
      [{ message: "fix: a" }, { message: "feat: b" }, { message: "docs: c" }],
      "minor",
    ],
    [
      // semantic-release lists commits newest first, as `git log` does.
      "a reverted feat cancels out",
      [{ message: `Revert "feat: a"\n\nThis reverts commit ${hashOf(1)}.` }, { message: "feat: a" }],
      null,
    ],
    [
      "release:minor makes docs a minor release",
      [{ message: "docs: a", prs: { 7: ["release:minor"] } }],
      "minor",
    ],
    [
      "release:patch turns a feat into a patch",
      [{ message: "feat: a", prs: { 7: ["release:patch"] } }],
      "patch",
    ],
    ["release:major on a fix", [{ message: "fix: a", prs: { 7: ["docs", "release:major"] } }], "major"],
    ["release:skip means no release", [{ message: "feat!: a", prs: { 7: ["release:skip"] } }], null],
    ["labels that are not release:* change nothing", [{ message: "fix: a", prs: { 7: ["bug"] } }], "patch"],
    [
      "a skipped PR and an unlabelled fix: the fix releases",
      [
        { message: "feat: a", prs: { 7: ["release:skip"] } },
        { message: "fix: b", prs: { 8: [] } },
      ],
      "patch",
    ],
    [
      "several PRs in one release: the highest label wins",
      [
        { message: "fix: a", prs: { 7: ["release:patch"] } },
        { message: "docs: b", prs: { 8: ["release:major"] } },
        { message: "feat: c", prs: { 9: ["release:skip"] } },
      ],
      "major",
    ],
    [
      "a commit in a feature PR and in the dev→main PR takes the higher label",
      [{ message: "fix: a", prs: { 7: ["release:minor"], 20: ["release:skip"] } }],
      "minor",
    ],
    [
      "only skipped PRs: no release",
      [
        { message: "feat: a", prs: { 7: ["release:skip"] } },
        { message: "fix: b", prs: { 8: ["release:skip"] } },
      ],
      null,
    ],
  ];
  for (const [name, commits, expected] of table) {
    it(`${name} → ${expected ?? "no release"}`, async () => {
      const { type, calls } = await releaseTypeOf(commits);
      assert.equal(type, expected);
      assert.deepEqual(
        calls,
        commits.map((_, i) => ({
          owner: "pantstack",
          repo: "pantstack",
          commit_sha: hashOf(i),
          per_page: 100,
        })),
      );
    });
  }

  it("asks GitHub nothing when there are no commits", async () => {
    assert.deepEqual(await releaseTypeOf([]), { type: null, calls: [] });
  });

  it("reads labels with the highest first and skip lowest", () => {
    assert.equal(labelVerdict([]), undefined);
    assert.equal(labelVerdict(["release:skip"]), null);
    assert.equal(labelVerdict(["release:skip", "release:patch"]), "patch");
    assert.equal(labelVerdict(["release:minor", "release:major", "release:patch"]), "major");
  });

  it("finds the repository in the config, GITHUB_REPOSITORY or the repository URL", () => {
    const context = (env: Record<string, string>, repositoryUrl?: string): AnalyzeContext => ({
      commits: [],
      logger: { log: () => undefined },
      env,
      options: { repositoryUrl },
    });
    assert.deepEqual(repositoryOf({ repository: "a/b" }, context({ GITHUB_REPOSITORY: "c/d" })), {
      owner: "a",
      repo: "b",
    });
    assert.deepEqual(repositoryOf({}, context({ GITHUB_REPOSITORY: "c/d" })), { owner: "c", repo: "d" });
    assert.deepEqual(repositoryOf({}, context({}, "git@github.com:e/f.git")), { owner: "e", repo: "f" });
    assert.deepEqual(repositoryOf({}, context({}, "https://github.com/g/h")), { owner: "g", repo: "h" });
    assert.throws(
      () => repositoryOf({}, context({}, "file:///tmp/remote.git")),
      /set `repository: owner\/name`/,
    );
  });

  it("works with a real Octokit: one GET per commit to /commits/{sha}/pulls", async () => {
    const { Octokit } = await import("@octokit/rest");
    const requests: { url: string; authorization: string | null }[] = [];
    const fetch = async (url: string, init: { headers: Record<string, string> }) => {
      requests.push({ url, authorization: new Headers(init.headers).get("authorization") });
      const body = [{ number: 7, labels: [{ name: "release:major" }] }];
      return new Response(JSON.stringify(body), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    };
    const plugin = createLabelPlugin({ github: () => new Octokit({ auth: "t0ken", request: { fetch } }) });
    const type = await plugin.analyzeCommits(
      {},
      {
        commits: [{ hash: hashOf(0), message: "docs: a" }],
        logger: { log: () => undefined },
        env: { GITHUB_REPOSITORY: "pantstack/pantstack" },
      },
    );
    assert.equal(type, "major");
    assert.deepEqual(requests, [
      {
        url: `https://api.github.com/repos/pantstack/pantstack/commits/${hashOf(0)}/pulls?per_page=100`,
        authorization: "token t0ken",
      },
    ]);
  });

  it("refuses to run without a GitHub token rather than ignore the labels", async () => {
    const plugin = createLabelPlugin();
    await assert.rejects(
      plugin.analyzeCommits(
        {},
        {
          commits: [{ hash: hashOf(0), message: "feat: a" }],
          logger: { log: () => undefined },
          env: { GITHUB_REPOSITORY: "a/b" },
        },
      ),
      /set GITHUB_TOKEN/,
    );
  });
});
