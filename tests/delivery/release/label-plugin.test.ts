import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { components } from "@octokit/openapi-types";
import { Octokit } from "@octokit/rest";
import {
  type AnalyzeContext,
  createLabelPlugin,
  gitMergedCommits,
  pullRequestNumber,
  repositoryOf,
} from "../../../delivery/release/label-plugin";
import { labelVerdict } from "../../../delivery/release/release-labels";

type PullRequest = components["schemas"]["pull-request"];
type Label = PullRequest["labels"][number];
type BasicError = components["schemas"]["basic-error"];

const REPO = "pantstack/pantstack";
/** Octokit logs each failed request; the tests assert on the plugin's own log instead. */
const QUIET = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
const API = `https://api.github.com/repos/${REPO}`;

/**
 * GitHub's answer to `GET /repos/{owner}/{repo}/pulls/{pull_number}`
 * (https://docs.github.com/en/rest/pulls/pulls#get-a-pull-request), typed by GitHub's own OpenAPI
 * description (@octokit/openapi-types): the fields of a `pull-request` object this plugin could read, each
 * with its documented type, and labels as the documented label objects.
 */
function pullRequestBody(number: number, labels: string[]) {
  const body: Pick<
    PullRequest,
    | "url"
    | "id"
    | "node_id"
    | "html_url"
    | "number"
    | "state"
    | "locked"
    | "title"
    | "body"
    | "labels"
    | "created_at"
    | "updated_at"
    | "closed_at"
    | "merged_at"
    | "merge_commit_sha"
    | "merged"
    | "draft"
  > = {
    url: `${API}/pulls/${number}`,
    id: 1000 + number,
    node_id: "MDExOlB1bGxSZXF1ZXN0MQ==",
    html_url: `https://github.com/${REPO}/pull/${number}`,
    number,
    state: "closed",
    locked: false,
    title: "a pull request",
    body: null,
    labels: labels.map(
      (name, i): Label => ({
        id: 208045946 + i,
        node_id: "MDU6TGFiZWwyMDgwNDU5NDY=",
        url: `${API}/labels/${encodeURIComponent(name)}`,
        name,
        description: null,
        color: "f29513",
        default: false,
      }),
    ),
    created_at: "2026-11-20T10:00:00Z",
    updated_at: "2026-11-21T10:00:00Z",
    closed_at: "2026-11-21T10:00:00Z",
    merged_at: "2026-11-21T10:00:00Z",
    merge_commit_sha: "e5bd3914e2e596debea16f433f57875b5b90bcd6",
    merged: true,
    draft: false,
  };
  return body;
}

/**
 * A real Octokit whose `fetch` answers as api.github.com documents: the PR for a known number, 404 with
 * GitHub's error body for any other (an issue's number, or none). Records the URLs asked.
 */
function documentedGithub(labels: Record<number, string[]>) {
  const requests: { method: string; url: string; authorization: string | null }[] = [];
  const fetch = async (url: string, init: { method?: string; headers: Record<string, string> }) => {
    requests.push({
      method: init.method ?? "GET",
      url,
      authorization: new Headers(init.headers).get("authorization"),
    });
    const number = Number(/\/pulls\/(\d+)$/.exec(url)?.[1]);
    const known = Object.hasOwn(labels, number);
    const notFound: BasicError = {
      message: "Not Found",
      documentation_url: "https://docs.github.com/rest/pulls/pulls#get-a-pull-request",
      status: "404",
    };
    return new Response(JSON.stringify(known ? pullRequestBody(number, labels[number]) : notFound), {
      status: known ? 200 : 404,
      headers: { "content-type": "application/json; charset=utf-8" },
    });
  };
  return { client: new Octokit({ auth: "t0ken", request: { fetch }, log: QUIET }), requests };
}

/** A commit of the table: its message, and (for a merge commit) the commits of the table it brought in. */
interface Commit {
  message: string;
  merges?: number[];
}

const hashOf = (i: number) => `c${String(i + 1).padStart(39, "0")}`;

async function releaseTypeOf(commits: Commit[], labels: Record<number, string[]> = {}) {
  const { client, requests } = documentedGithub(labels);
  const logs: string[] = [];
  const plugin = createLabelPlugin({
    github: () => client,
    mergedCommits: async (hash) => (commits[Number(hash.replace(/^c0*/, "")) - 1].merges ?? []).map(hashOf),
  });
  const context: AnalyzeContext = {
    commits: commits.map((c, i) => ({ hash: hashOf(i), message: c.message })),
    logger: { log: (m: string) => logs.push(m) },
    cwd: process.cwd(),
    env: { GITHUB_REPOSITORY: REPO },
  };
  const type = await plugin.analyzeCommits({ preset: "conventionalcommits" }, context);
  return { type, requests, logs };
}

const merge = (pr: number, branch: string, merges: number[]): Commit => ({
  message: `Merge pull request #${pr} from pantstack/${branch}\n\nthe PR's title`,
  merges,
});

describe("release type from commits and PR labels", () => {
  const table: [
    name: string,
    commits: Commit[],
    labels: Record<number, string[]>,
    expected: string | null,
  ][] = [
    ["feat is minor", [{ message: "feat: orders" }], {}, "minor"],
    ["fix is patch", [{ message: "fix: 404 on a missing order" }], {}, "patch"],
    ["perf is patch", [{ message: "perf(api): cache the catalogue" }], {}, "patch"],
    ["feat! is major", [{ message: "feat(api)!: drop v1" }], {}, "major"],
    [
      "a BREAKING CHANGE footer is major",
      [{ message: "fix: ids\n\nBREAKING CHANGE: ids are UUIDs" }],
      {},
      "major",
    ],
    [
      "docs, chore, test, ci, refactor, build are no release",
      ["docs: a", "chore: b", "test: c", "ci: d", "refactor: e", "build: f"].map((message) => ({ message })),
      {},
      null,
    ],
    [
      "the highest commit wins",
      [{ message: "fix: a" }, { message: "feat: b" }, { message: "docs: c" }],
      {},
      "minor",
    ],
    [
      // semantic-release lists commits newest first, as `git log` does.
      "a reverted feat cancels out",
      [{ message: `Revert "feat: a"\n\nThis reverts commit ${hashOf(1)}.` }, { message: "feat: a" }],
      {},
      null,
    ],
    [
      "release:minor on a squash-merged PR makes docs a minor release",
      [{ message: "docs: a (#7)" }],
      { 7: ["release:minor"] },
      "minor",
    ],
    [
      "release:patch turns a feat into a patch",
      [{ message: "feat: a (#7)" }],
      { 7: ["release:patch"] },
      "patch",
    ],
    ["release:major on a fix", [{ message: "fix: a (#7)" }], { 7: ["docs", "release:major"] }, "major"],
    ["release:skip means no release", [{ message: "feat!: a (#7)" }], { 7: ["release:skip"] }, null],
    ["labels that are not release:* change nothing", [{ message: "fix: a (#7)" }], { 7: ["bug"] }, "patch"],
    [
      "a skipped PR and an unlabelled fix: the fix releases",
      [{ message: "feat: a (#7)" }, { message: "fix: b (#8)" }],
      { 7: ["release:skip"], 8: [] },
      "patch",
    ],
    [
      "several PRs in one release: the highest label wins",
      [{ message: "fix: a (#7)" }, { message: "docs: b (#8)" }, { message: "feat: c (#9)" }],
      { 7: ["release:patch"], 8: ["release:major"], 9: ["release:skip"] },
      "major",
    ],
    [
      "release:skip on the dev→main PR: its merge commit's label governs every commit it merged",
      [merge(20, "dev", [1, 2]), { message: "feat: a (#7)" }, { message: "fix: b (#8)" }],
      { 20: ["release:skip"], 7: [], 8: [] },
      null,
    ],
    [
      "release:patch on the dev→main PR turns its feats into a patch",
      [merge(20, "dev", [1]), { message: "feat: a (#7)" }],
      { 20: ["release:patch"], 7: [] },
      "patch",
    ],
    [
      "release:major on the dev→main PR, its commits merged into dev by merge commits",
      [merge(20, "dev", [1, 2]), merge(7, "feature/a", [2]), { message: "docs: a" }],
      { 20: ["release:major"], 7: [] },
      "major",
    ],
    [
      "a commit in a feature PR and in the dev→main PR takes the higher label",
      [merge(20, "dev", [1]), { message: "fix: a (#7)" }],
      { 7: ["release:minor"], 20: ["release:skip"] },
      "minor",
    ],
    [
      "the dev→main PR without a release label: the messages decide",
      [merge(20, "dev", [1]), { message: "feat: a (#7)" }],
      { 20: [], 7: [] },
      "minor",
    ],
    [
      "only skipped PRs: no release",
      [{ message: "feat: a (#7)" }, { message: "fix: b (#8)" }],
      { 7: ["release:skip"], 8: ["release:skip"] },
      null,
    ],
  ];
  for (const [name, commits, labels, expected] of table) {
    it(`${name} → ${expected ?? "no release"}`, async () => {
      const { type, requests } = await releaseTypeOf(commits, labels);
      assert.equal(type, expected);
      // One `pulls.get` per PR number the commits name, never the commit → PR association endpoint.
      const named = [
        ...new Set(commits.map((c) => pullRequestNumber(c.message)).filter((n) => n !== undefined)),
      ];
      assert.deepEqual(
        requests.map((r) => `${r.method} ${r.url}`).sort(),
        named.map((n) => `GET ${API}/pulls/${n}`).sort(),
      );
      assert.ok(requests.every((r) => !r.url.includes("/commits/")));
    });
  }

  it("a commit with no PR number gets no label, and the log says so", async () => {
    const { type, requests, logs } = await releaseTypeOf([{ message: "feat: pushed straight to dev" }], {});
    assert.equal(type, "minor");
    assert.deepEqual(requests, []);
    assert.deepEqual(logs.slice(0, 1), [
      "Commit c000000: names no pull request (a direct push or a rebase merge): no label, its message decides",
    ]);
  });

  it("a number that names no pull request (GitHub answers 404) gives no label, and the log says so", async () => {
    const { type, requests, logs } = await releaseTypeOf([{ message: "fix: see the report (#123)" }], {});
    assert.equal(type, "patch");
    assert.deepEqual(
      requests.map((r) => [r.url, r.authorization]),
      [[`${API}/pulls/123`, "token t0ken"]],
    );
    assert.ok(
      logs.includes("#123 is not a pull request of pantstack/pantstack (404): no label from it"),
      logs.join("\n"),
    );
  });

  it("fails the release on any other GitHub error rather than ignore the labels", async () => {
    const fetch = async () =>
      new Response(
        JSON.stringify({ message: "Bad credentials", documentation_url: "https://docs.github.com/rest" }),
        {
          status: 401,
          headers: { "content-type": "application/json" },
        },
      );
    const plugin = createLabelPlugin({
      github: () => new Octokit({ request: { fetch }, log: QUIET }),
      mergedCommits: async () => [],
    });
    await assert.rejects(
      plugin.analyzeCommits(
        {},
        {
          commits: [{ hash: hashOf(0), message: "feat: a (#7)" }],
          logger: { log: () => undefined },
          env: { GITHUB_REPOSITORY: REPO },
        },
      ),
      /Bad credentials/,
    );
  });

  it("reads the PR number from GitHub's merge-commit and squash-merge messages only", () => {
    assert.equal(pullRequestNumber("Merge pull request #42 from pantstack/dev\n\nRelease"), 42);
    assert.equal(pullRequestNumber("feat(api): orders (#43)\n\n* feat: a\n* fix: b"), 43);
    assert.equal(pullRequestNumber("feat(api): orders (#43) \n"), 43);
    assert.equal(pullRequestNumber("feat: orders"), undefined);
    assert.equal(pullRequestNumber("fix: #44 was wrong"), undefined);
    assert.equal(pullRequestNumber("feat: a\n\nMerge pull request #45 from x/y"), undefined);
    assert.equal(pullRequestNumber("Merge branch 'dev' into main (see #46 later)"), undefined);
  });

  it("asks GitHub nothing when there are no commits", async () => {
    const { type, requests } = await releaseTypeOf([]);
    assert.deepEqual([type, requests], [null, []]);
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

describe("the commits a merge commit brought in, from git", () => {
  let dir: string;
  const env = {
    PATH: process.env.PATH,
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "T",
    GIT_AUTHOR_EMAIL: "t@example.com",
    GIT_COMMITTER_NAME: "T",
    GIT_COMMITTER_EMAIL: "t@example.com",
  };
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, env, encoding: "utf8" }).trim();
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "pantstack-merges-"));
    git("init", "-q", "-b", "main");
    git("commit", "-q", "--allow-empty", "-m", "chore: start");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("lists the merged side of a merge commit (M^1..M^2) and nothing for a plain commit", async () => {
    git("checkout", "-q", "-b", "dev");
    git("commit", "-q", "--allow-empty", "-m", "feat: a (#7)");
    const a = git("rev-parse", "HEAD");
    git("commit", "-q", "--allow-empty", "-m", "fix: b (#8)");
    const b = git("rev-parse", "HEAD");
    git("checkout", "-q", "main");
    git("commit", "-q", "--allow-empty", "-m", "fix: hotfix (#9)");
    const hotfix = git("rev-parse", "HEAD");
    git("merge", "-q", "--no-ff", "-m", "Merge pull request #20 from pantstack/dev", "dev");
    const m = git("rev-parse", "HEAD");
    assert.deepEqual((await gitMergedCommits(m, dir)).sort(), [a, b].sort());
    assert.deepEqual(await gitMergedCommits(hotfix, dir), []);
  });
});
