/**
 * One GitHub for a scenario: pull requests, issue comments, releases, workflow dispatches and the branches
 * of the scenario's bare remote. github-script steps reach it through the recorded Octokit
 * ({@link GitHubFake.octokitAnswers}); `gh` and other processes through its HTTP endpoint ({@link GitHubFake.url}).
 * Both go through one router, so both see the same state. Answers follow the REST API's documented shapes
 * (https://docs.github.com/rest); a route it does not model answers 404 and is recorded, so a test notices.
 */
import { execFileSync } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { OctokitAnswers } from "./octokit-fake";

/** A pull request as the REST API returns it (the fields the workflows and tools read). */
export interface PullRequest {
  number: number;
  title: string;
  state: "open" | "closed";
  body: string;
  user: { login: string; type: "User" | "Bot" };
  labels: { name: string }[];
  head: { ref: string; sha: string; repo: { full_name: string } };
  base: { ref: string; sha: string; repo: { full_name: string } };
  merged: boolean;
  merge_commit_sha: string | null;
  html_url: string;
}

export interface IssueComment {
  id: number;
  issue_number: number;
  body: string;
  user: { login: string; type: "User" | "Bot" };
}

/** A release as the REST API returns it (https://docs.github.com/rest/releases/releases#get-a-release). */
export interface Release {
  id: number;
  tag_name: string;
  target_commitish: string;
  name: string;
  body: string;
  draft: boolean;
  prerelease: boolean;
  created_at: string;
  published_at: string;
  html_url: string;
}

/** One call that reached the fake, from a script or a process. */
export interface GitHubCall {
  method: string;
  path: string;
  body?: unknown;
  status: number;
  /** The token of the `Authorization` header (`token X` or `Bearer X`), for calls over HTTP. */
  token?: string;
}

type Handler = (
  match: RegExpExecArray,
  body: Record<string, unknown>,
  query: URLSearchParams,
) => [number, unknown];

export class GitHubFake {
  readonly pulls: PullRequest[] = [];
  readonly comments: IssueComment[] = [];
  readonly releases: Release[] = [];
  readonly dispatches: { workflow: string; ref: string; inputs: Record<string, unknown> }[] = [];
  readonly calls: GitHubCall[] = [];
  private nextId = 1000;
  private server?: http.Server;
  /** `http://127.0.0.1:<port>` once {@link listen} resolved. */
  url = "";

  /** @param repository `owner/name`. @param remote the bare git remote behind `git/refs` and `compare`. */
  constructor(
    readonly repository: string,
    private readonly remote: string,
  ) {}

  /** Adds a pull request (defaults: open, by a person, head and base in this repository). */
  addPull(
    pr: Omit<Partial<PullRequest>, "head"> & {
      number: number;
      head: { ref: string; sha: string; repo?: { full_name: string } };
    },
  ): PullRequest {
    const full: PullRequest = {
      title: `feat: change ${pr.number}`,
      state: "open",
      body: "",
      user: { login: "octocat", type: "User" },
      labels: [],
      base: { ref: "dev", sha: this.git("rev-parse", "dev"), repo: { full_name: this.repository } },
      merged: false,
      merge_commit_sha: null,
      html_url: `https://github.com/${this.repository}/pull/${pr.number}`,
      ...pr,
      head: { ...pr.head, repo: pr.head.repo ?? { full_name: this.repository } },
    };
    this.pulls.push(full);
    return full;
  }

  /** The comments on PR `number`, oldest first. */
  commentsOn(number: number): IssueComment[] {
    return this.comments.filter((c) => c.issue_number === number);
  }

  private git(...args: string[]): string {
    return execFileSync("git", ["-C", this.remote, ...args], { encoding: "utf8" }).trim();
  }

  private readonly routes: [string, RegExp, Handler][] = [
    ["GET", /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/, (m) => [200, this.commentsOn(Number(m[1]))]],
    [
      "POST",
      /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/,
      (m, body) => {
        const comment: IssueComment = {
          id: this.nextId++,
          issue_number: Number(m[1]),
          body: String(body.body),
          user: { login: "github-actions[bot]", type: "Bot" },
        };
        this.comments.push(comment);
        return [201, comment];
      },
    ],
    [
      "PATCH",
      /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/,
      (m, body) => {
        const comment = this.comments.find((c) => c.id === Number(m[1]));
        if (!comment) return [404, { message: "Not Found" }];
        comment.body = String(body.body);
        return [200, comment];
      },
    ],
    [
      "GET",
      /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)$/,
      (m) => {
        const pr = this.pulls.find((p) => p.number === Number(m[1]));
        return pr ? [200, pr] : [404, { message: "Not Found" }];
      },
    ],
    [
      "GET",
      /^\/repos\/([^/]+)\/[^/]+\/pulls$/,
      (_m, _b, q) => [
        200,
        this.pulls.filter(
          (p) =>
            (q.get("state") ?? "open") === (q.get("state") === "all" ? "all" : p.state) &&
            (!q.get("base") || p.base.ref === q.get("base")) &&
            (!q.get("head") || `${this.repository.split("/")[0]}:${p.head.ref}` === q.get("head")),
        ),
      ],
    ],
    [
      "POST",
      /^\/repos\/[^/]+\/[^/]+\/pulls$/,
      (_m, body) => {
        const head = String(body.head);
        const number = Math.max(0, ...this.pulls.map((p) => p.number)) + 1;
        const pr = this.addPull({
          number,
          title: String(body.title),
          body: String(body.body ?? ""),
          user: { login: "github-actions[bot]", type: "Bot" },
          head: { ref: head, sha: this.git("rev-parse", `refs/heads/${head}`) },
          base: {
            ref: String(body.base),
            sha: this.git("rev-parse", `refs/heads/${body.base}`),
            repo: { full_name: this.repository },
          },
        });
        return [201, pr];
      },
    ],
    [
      // The commits' pull requests (https://docs.github.com/rest/commits/commits#list-pull-requests-associated-with-a-commit).
      "GET",
      /^\/repos\/[^/]+\/[^/]+\/commits\/([0-9a-f]+)\/pulls$/,
      (m) => [200, this.pulls.filter((p) => p.merge_commit_sha === m[1] || p.head.sha === m[1])],
    ],
    [
      // https://docs.github.com/rest/git/refs#create-a-reference: 422 "Reference already exists".
      "POST",
      /^\/repos\/[^/]+\/[^/]+\/git\/refs$/,
      (_m, body) => {
        const ref = String(body.ref);
        try {
          this.git("rev-parse", "--verify", "--quiet", ref);
          return [422, { message: "Reference already exists", status: "422" }];
        } catch {
          this.git("update-ref", ref, String(body.sha));
          return [201, { ref, object: { sha: body.sha, type: "commit" } }];
        }
      },
    ],
    [
      "PATCH",
      /^\/repos\/[^/]+\/[^/]+\/git\/refs\/(.+)$/,
      (m, body) => {
        this.git("update-ref", `refs/${m[1]}`, String(body.sha));
        return [200, { ref: `refs/${m[1]}`, object: { sha: body.sha, type: "commit" } }];
      },
    ],
    [
      // https://docs.github.com/rest/commits/commits#compare-two-commits
      "GET",
      /^\/repos\/[^/]+\/[^/]+\/compare\/([^.]+)\.\.\.(.+)$/,
      (m) => {
        const ahead = Number(this.git("rev-list", "--count", `${m[1]}..${m[2]}`));
        const behind = Number(this.git("rev-list", "--count", `${m[2]}..${m[1]}`));
        const status = ahead && behind ? "diverged" : ahead ? "ahead" : behind ? "behind" : "identical";
        return [200, { status, ahead_by: ahead, behind_by: behind, total_commits: ahead }];
      },
    ],
    [
      "POST",
      /^\/repos\/[^/]+\/[^/]+\/actions\/workflows\/([^/]+)\/dispatches$/,
      (m, body) => {
        this.dispatches.push({
          workflow: m[1],
          ref: String(body.ref),
          inputs: (body.inputs ?? {}) as Record<string, unknown>,
        });
        return [204, null];
      },
    ],
    [
      // https://docs.github.com/rest/releases/releases#create-a-release: 201 with the release; a tag that has a
      // release already answers 422 (`already_exists` on `tag_name`). The tag itself was pushed before.
      "POST",
      /^\/repos\/[^/]+\/[^/]+\/releases$/,
      (_m, body) => {
        const tag = String(body.tag_name);
        if (this.releases.some((r) => r.tag_name === tag))
          return [
            422,
            {
              message: "Validation Failed",
              errors: [{ resource: "Release", code: "already_exists", field: "tag_name" }],
            },
          ];
        const at = new Date().toISOString();
        const release: Release = {
          id: this.nextId++,
          tag_name: tag,
          target_commitish: String(body.target_commitish ?? "main"),
          name: String(body.name ?? tag),
          body: String(body.body ?? ""),
          draft: body.draft === true,
          prerelease: body.prerelease === true,
          created_at: at,
          published_at: at,
          html_url: `https://github.com/${this.repository}/releases/tag/${tag}`,
        };
        this.releases.push(release);
        return [201, release];
      },
    ],
    [
      // https://docs.github.com/rest/releases/releases#get-a-release-by-tag-name (what `gh release view <tag>` calls)
      "GET",
      /^\/repos\/[^/]+\/[^/]+\/releases\/tags\/(.+)$/,
      (m) => {
        const release = this.releases.find((r) => r.tag_name === decodeURIComponent(m[1]));
        return release ? [200, release] : [404, { message: "Not Found" }];
      },
    ],
    [
      // https://docs.github.com/rest/repos/repos#get-a-repository: @semantic-release/github checks the name it
      // pushes to (`clone_url`). An installation token (GITHUB_TOKEN) gets no `permissions` object.
      "GET",
      /^\/repos\/([^/]+)\/([^/]+)$/,
      (m) =>
        `${m[1]}/${m[2]}`.toLowerCase() === this.repository.toLowerCase()
          ? [
              200,
              {
                id: 1,
                name: this.repository.split("/")[1],
                full_name: this.repository,
                private: false,
                default_branch: "main",
                html_url: `https://github.com/${this.repository}`,
                clone_url: `https://github.com/${this.repository}.git`,
              },
            ]
          : [404, { message: "Not Found" }],
    ],
  ];

  /** Routes one REST call; records it. */
  handle(method: string, url: string, body: Record<string, unknown> = {}, token?: string): [number, unknown] {
    const [pathname, search = ""] = url.split("?");
    const who = token === undefined ? {} : { token };
    for (const [m, pattern, handler] of this.routes) {
      const match = m === method ? pattern.exec(pathname) : null;
      if (match) {
        const [status, data] = handler(match, body, new URLSearchParams(search));
        this.calls.push({ method, path: url, body, status, ...who });
        return [status, data];
      }
    }
    this.calls.push({ method, path: url, body, status: 404, ...who });
    return [404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" }];
  }

  /** The Octokit methods the workflows' scripts call, answered through {@link handle}. */
  octokitAnswers(): OctokitAnswers {
    const repo = `/repos/${this.repository}`;
    const call = (method: string, path: string, body?: Record<string, unknown>) => {
      const [status, data] = this.handle(method, path, body);
      if (status >= 400)
        throw Object.assign(new Error(`${(data as { message?: string }).message} (${status})`), { status });
      return data;
    };
    return {
      "issues.listComments": (p) => call("GET", `${repo}/issues/${p.issue_number}/comments`),
      "issues.createComment": (p) =>
        call("POST", `${repo}/issues/${p.issue_number}/comments`, { body: p.body }),
      "issues.updateComment": (p) =>
        call("PATCH", `${repo}/issues/comments/${p.comment_id}`, { body: p.body }),
      "pulls.get": (p) => call("GET", `${repo}/pulls/${p.pull_number}`),
      "pulls.list": (p) =>
        call(
          "GET",
          `${repo}/pulls?${new URLSearchParams(
            Object.entries(p)
              .filter(([k]) => ["state", "base", "head"].includes(k))
              .map(([k, v]): [string, string] => [k, String(v)]),
          )}`,
        ),
      "repos.listPullRequestsAssociatedWithCommit": (p) =>
        call("GET", `${repo}/commits/${p.commit_sha}/pulls`),
    };
  }

  /** Serves {@link handle} over HTTP for `gh` and other processes. */
  async listen(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let text = "";
      req.on("data", (d) => (text += d));
      req.on("end", () => {
        const token = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
        const [status, data] = this.handle(
          req.method ?? "GET",
          req.url ?? "/",
          text ? JSON.parse(text) : {},
          token,
        );
        res.writeHead(status, { "content-type": "application/json" });
        res.end(data === null ? "" : JSON.stringify(data));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this.url;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
