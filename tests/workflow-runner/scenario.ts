/**
 * Scenarios: the real workflows run by the test runner (harness.ts) against a repository and fake services.
 *
 * A {@link Scenario} owns:
 * - a bare git remote holding this project's files (the working tree, committed once as `main` and `dev`),
 *   which `actions/checkout` clones, with the project's installed node_modules linked in;
 * - the recorded fakes first on PATH (fakes/bin: `pulumi`, `docker`, `aws`, `pants`, `gh`, `npm`, `npx`), each
 *   appending every call to one recording ({@link Scenario.calls}) and keeping its state in a state dir
 *   ({@link Scenario.pulumi}, {@link Scenario.ecr}, ...);
 * - one GitHub ({@link GitHubFake}) for github-script steps and for `gh`;
 * - an ECR endpoint for the AWS SDK in the tools, and a service answering `/<stack>/health` for the smoke test;
 * - one {@link Runner}: one concurrency space, so runs started together queue as GitHub queues them.
 *
 * `npm ci` is a no-op; every other `npm run X` runs the project's real tool. What is not modelled is listed in
 * run.ts's header and in README.md.
 *
 * @example
 * const s = await Scenario.create();
 * const pr = s.openPullRequest({ number: 7, branch: "feat/x", commits: ["feat: x"] });
 * const run = await s.run("pr-preview.yml", s.pullRequestEvent(pr, "opened"));
 * assert.equal(run.job("deploy").result, "success");
 * assert.deepEqual(s.pulumi().stacks.map((st) => st.name), ["preview-pr-7"]);
 * await s.dispose();
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { EcrServer } from "./ecr-server";
import type { Json } from "./expressions";
import type { EcrState, FakeCall, PantsState, PulumiStack, PulumiState } from "./fake-state";
import { GitHubFake, type PullRequest } from "./github-fake";
import { Runner } from "./harness";
import type { ActionHandler, RunRecord } from "./run";

const ROOT = path.resolve(__dirname, "../..");
const WORKFLOWS = path.join(ROOT, ".github/workflows");
const FAKES = path.join(__dirname, "fakes/bin");
/** Node's compile cache for the processes the steps start, shared by every scenario and test run. */
const COMPILE_CACHE = path.join(os.tmpdir(), "pantstack-scenario-compile-cache");

/**
 * git config (by environment, https://git-scm.com/docs/git-config#ENVIRONMENT) that makes github.com's URLs of
 * the repository reach the bare remote, as an Actions job reaches GitHub: semantic-release pushes its tag to
 * the package.json `repository` URL with the job's token (`https://x-access-token:<token>@github.com/<repo>.git`
 * when GITHUB_ACTION is set). That URL is the remote; any other github.com URL, the same one without a
 * token included (`persist-credentials: false` leaves none), reaches no repository and fails at once.
 */
/** The installation token the recorded actions/create-github-app-token mints. */
export const APP_TOKEN = "ghs_app_fake";

function pushUrlRewrite(repository: string, remote: string, dir: string): Record<string, string> {
  return {
    GIT_CONFIG_COUNT: "3",
    GIT_CONFIG_KEY_0: `url.${remote}.insteadOf`,
    GIT_CONFIG_VALUE_0: `https://x-access-token:${GITHUB_TOKEN}@github.com/${repository}.git`,
    GIT_CONFIG_KEY_1: `url.${remote}.insteadOf`,
    GIT_CONFIG_VALUE_1: `https://x-access-token:${APP_TOKEN}@github.com/${repository}.git`,
    GIT_CONFIG_KEY_2: `url.${path.join(dir, "not-a-repository")}/.insteadOf`,
    GIT_CONFIG_VALUE_2: "https://github.com/",
  };
}

/** The token every run's `github.token` holds (run.ts). */
const GITHUB_TOKEN = "ghs_fake";

/** A fixed identity for every commit a scenario makes. */
const GIT_ENV = {
  GIT_AUTHOR_NAME: "Scenario",
  GIT_AUTHOR_EMAIL: "scenario@example.com",
  GIT_COMMITTER_NAME: "Scenario",
  GIT_COMMITTER_EMAIL: "scenario@example.com",
  GIT_CONFIG_NOSYSTEM: "1",
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, ...GIT_ENV, GIT_CONFIG_GLOBAL: "/dev/null" },
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();
}

let template: string | undefined;

/**
 * The project's working tree (tracked and new files, as they are now) committed once per process as `main`
 * and `dev`: every scenario clones it, so a change to a tool shows in the scenarios without a commit.
 */
function templateRepository(): string {
  if (template) return template;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scenario-template-"));
  const files = execFileSync("git", ["ls-files", "-z", "-co", "--exclude-standard"], {
    cwd: ROOT,
    encoding: "utf8",
  })
    .split("\0")
    .filter((f) => f && fs.existsSync(path.join(ROOT, f)));
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  }
  // The application's build is Pants (faked): the workflows build only where a pants.toml says so.
  fs.writeFileSync(path.join(dir, "pants.toml"), '[GLOBAL]\npants_version = "2.27.0"\n');
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "chore: initial");
  git(dir, "branch", "dev");
  template = dir;
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** What a scenario starts from; every field has a default. */
export interface ScenarioOptions {
  /** `owner/name` of the repository the workflows run in. @default "acme/app" */
  repository?: string;
  /** Repository variables (`vars`). @default {@link DEFAULT_VARS} */
  vars?: Record<string, string>;
  /** Secrets. @default a PULUMI_ACCESS_TOKEN */
  secrets?: Record<string, string>;
  /** The Pulumi backend's state before any run. @default no stacks */
  pulumi?: Partial<PulumiState>;
  /** ECR's state. @default the repositories of {@link DEFAULT_VARS}, empty and immutable */
  ecr?: Partial<EcrState>;
  /** What `pants` answers and which images `pants package` builds. @default all goals pass; `package` builds `pantstack:latest` */
  pants?: Partial<PantsState>;
  /** The pinned clock of the fakes (ISO). @default the real clock */
  now?: string;
}

export const DEFAULT_VARS: Record<string, string> = {
  AWS_REGION: "eu-west-1",
  AWS_ACCOUNT_ID: "123456789012",
  AWS_PREVIEW_ROLE_ARN: "arn:aws:iam::123456789012:role/pantstack-preview",
  AWS_IMAGE_PUSH_ROLE_ARN: "arn:aws:iam::123456789012:role/pantstack-image-push",
  AWS_DEPLOY_TEST_ROLE_ARN: "arn:aws:iam::123456789012:role/pantstack-deploy-test",
  AWS_DEPLOY_PROD_ROLE_ARN: "arn:aws:iam::123456789012:role/pantstack-deploy-prod",
  ECR_REGISTRY: "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
  ECR_REPOSITORY: "pantstack",
  ECR_PREVIEW_REPOSITORY: "pantstack-preview",
  PANTSTACK_DOMAIN: "preview.example.com",
};

/** The image `pants package` builds by default (a fixed local image ID). */
export const BUILT_IMAGE_ID = `sha256:${"1".repeat(64)}`;

export class Scenario {
  readonly dir: string;
  /** The bare remote `actions/checkout` clones and `git push` reaches. */
  readonly remote: string;
  readonly github: GitHubFake;
  readonly runner: Runner;
  readonly stateDir: string;
  private readonly recordFile: string;
  private readonly work: string;
  private readonly ecrServer: EcrServer;
  private service?: http.Server;

  private constructor(
    readonly options: Required<Pick<ScenarioOptions, "repository">> & ScenarioOptions,
    dir: string,
  ) {
    this.dir = dir;
    this.remote = path.join(dir, "remote.git");
    this.work = path.join(dir, "work");
    this.stateDir = path.join(dir, "state");
    this.recordFile = path.join(dir, "calls.jsonl");
    fs.mkdirSync(this.stateDir);
    fs.writeFileSync(this.recordFile, "");
    git(dir, "clone", "-q", "--bare", templateRepository(), this.remote);
    git(dir, "clone", "-q", this.remote, this.work);
    this.github = new GitHubFake(options.repository, this.remote);
    this.ecrServer = new EcrServer(this.stateDir);
    this.runner = new Runner();
  }

  /** Sets up a scenario: the remote, the fakes' state and the servers. */
  static async create(options: ScenarioOptions = {}): Promise<Scenario> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scenario-"));
    const s = new Scenario({ repository: "acme/app", ...options }, dir);
    await s.start();
    return s;
  }

  private async start(): Promise<void> {
    const serviceUrl = await this.startService();
    // The environments' URLs (the github stack sets them from the stacks' outputs): the scenario's service.
    const vars: Record<string, string> = {
      TEST_URL: `${serviceUrl}/test`,
      PROD_URL: `${serviceUrl}/prod`,
      ...DEFAULT_VARS,
      ...this.options.vars,
    };
    this.writeState("pulumi", {
      org: "acme",
      project: "pantstack",
      backend: "cloud",
      stacks: [],
      failures: [],
      // `url`, and what a preview of the default catalog (one web service, api) outputs besides.
      outputs: { url: `${serviceUrl}/{stack}`, runs: ["api"], urls: { api: `${serviceUrl}/{stack}` } },
      ...this.options.pulumi,
    } satisfies PulumiState);
    const repositories = Object.fromEntries(
      [vars.ECR_REPOSITORY, vars.ECR_PREVIEW_REPOSITORY].map((name) => [
        name,
        { immutable: true, images: [] },
      ]),
    );
    this.writeState("ecr", {
      account: vars.AWS_ACCOUNT_ID,
      region: vars.AWS_REGION,
      repositories,
      ...this.options.ecr,
    } satisfies EcrState);
    this.writeState("pants", {
      goals: {},
      images: { "pantstack:latest": BUILT_IMAGE_ID },
      ...this.options.pants,
    } satisfies PantsState);
    this.writeState("docker", { images: {} });
    const [githubUrl, ecrUrl] = await Promise.all([this.github.listen(), this.ecrServer.listen()]);
    const env: Record<string, string> = {
      PATH: [FAKES, path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
      FAKE_STATE_DIR: this.stateDir,
      FAKE_RECORD: this.recordFile,
      FAKE_GITHUB_URL: githubUrl,
      AWS_ENDPOINT_URL_ECR: ecrUrl,
      ...GIT_ENV,
      GIT_CONFIG_GLOBAL: "/dev/null",
      npm_config_update_notifier: "false",
      // Node's on-disk code cache: every tool a step runs loads the same node_modules (one real path, linked
      // into each checkout), so from the second process on their code is not compiled again.
      NODE_COMPILE_CACHE: COMPILE_CACHE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      // `SCENARIO_TSX=1` runs the tools with tsx, as `npm run` does, instead of fakes/ts-loader.cjs.
      ...(process.env.SCENARIO_TSX ? { SCENARIO_TSX: process.env.SCENARIO_TSX } : {}),
      ...(this.options.now ? { FAKE_NOW: this.options.now } : {}),
      ...pushUrlRewrite(this.options.repository, this.remote, this.dir),
    };
    this.runner.defaults = {
      repository: this.options.repository,
      vars,
      secrets: { PULUMI_ACCESS_TOKEN: "pul-fake", ...this.options.secrets },
      env,
      actions: this.actions(),
      octokit: this.github.octokitAnswers(),
      apiUrl: githubUrl,
    };
  }

  /**
   * A service that answers `GET /<stack>/health` with the version its stack deployed (`imageTag` without `v`),
   * and `GET /<stack>/<service>/<path>` with that service's version in `pantstack:images`.
   */
  private async startService(): Promise<string> {
    this.service = http.createServer((req, res) => {
      const parts = (req.url ?? "/").split("/").slice(1);
      const [stackName, service] = [parts[0], parts.length >= 3 ? parts[1] : undefined];
      const stack = this.pulumi().stacks.find((st) => st.name === stackName);
      // `/<stack>/<service>/<health path>`: that service's version in the stack's pantstack:images.
      const images = service ? stack?.config["pantstack:images"]?.value : undefined;
      const tag = images
        ? (JSON.parse(images) as Record<string, { version?: string }>)[service ?? ""]?.version
        : stack?.config["pantstack:imageTag"]?.value;
      if (!stack || !tag) {
        res.writeHead(503, { "content-type": "application/json" });
        res.end(JSON.stringify({ status: "unavailable" }));
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: "ok", version: tag.replace(/^v/, "") }));
    });
    await new Promise<void>((resolve) => this.service!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.service!.address() as AddressInfo).port}`;
  }

  /** The recorded actions: checkout clones the remote; configure-aws-credentials exports fake keys. */
  private actions(): Record<string, ActionHandler> {
    return {
      "actions/checkout": (inputs, job) => {
        const dest = path.resolve(job.workspace, inputs.path ?? ".");
        fs.mkdirSync(dest, { recursive: true });
        git(dest, "clone", "-q", "--no-checkout", this.remote, ".");
        const ref = inputs.ref || job.env.GITHUB_SHA;
        git(dest, "checkout", "-q", "--detach", ref);
        // The project's installed packages stand in for `npm ci`.
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dest, "node_modules"));
        if (fs.existsSync(path.join(ROOT, "policies/node_modules")))
          fs.symlinkSync(path.join(ROOT, "policies/node_modules"), path.join(dest, "policies/node_modules"));
        return undefined;
      },
      "aws-actions/configure-aws-credentials": (inputs, job) => {
        fs.appendFileSync(
          job.env.GITHUB_ENV,
          [
            "AWS_ACCESS_KEY_ID=ASIAFAKE",
            "AWS_SECRET_ACCESS_KEY=fake",
            "AWS_SESSION_TOKEN=fake",
            `AWS_REGION=${inputs["aws-region"]}`,
            `AWS_DEFAULT_REGION=${inputs["aws-region"]}`,
            `FAKE_AWS_ROLE=${inputs["role-to-assume"]}`,
            "",
          ].join("\n"),
        );
        return undefined;
      },
      "aws-actions/amazon-ecr-login": () => ({ registry: DEFAULT_VARS.ECR_REGISTRY }),
      // An installation token of the App the client ID names (`ghs_` like every installation token); the
      // action fails without a private key (https://github.com/actions/create-github-app-token#inputs).
      "actions/create-github-app-token": (inputs) => {
        if (!inputs["private-key"]) throw new Error("[@octokit/auth-app] privateKey option is required");
        if (!inputs["client-id"]) throw new Error("Input required and not supplied: client-id");
        return { token: APP_TOKEN, "app-slug": "pantstack-release" };
      },
      // Artifacts: upload copies `path` under the scenario's artifact store by name; download copies it back.
      "actions/upload-artifact": (inputs, job) => {
        const store = path.join(this.dir, "artifacts", inputs.name ?? "artifact");
        fs.mkdirSync(store, { recursive: true });
        for (const file of (inputs.path ?? "").split("\n").filter(Boolean))
          fs.cpSync(path.resolve(job.workspace, file), path.join(store, path.basename(file)), {
            recursive: true,
          });
        return undefined;
      },
      "actions/download-artifact": (inputs, job) => {
        const store = path.join(this.dir, "artifacts", inputs.name ?? "artifact");
        fs.cpSync(store, path.resolve(job.workspace, inputs.path ?? "."), { recursive: true });
        return undefined;
      },
    };
  }

  private writeState(name: string, value: unknown): void {
    fs.writeFileSync(path.join(this.stateDir, `${name}.json`), `${JSON.stringify(value, null, 2)}\n`);
  }

  private readState<T>(name: string): T {
    return JSON.parse(fs.readFileSync(path.join(this.stateDir, `${name}.json`), "utf8")) as T;
  }

  /** The Pulumi backend now. */
  pulumi(): PulumiState {
    return this.readState("pulumi");
  }

  /** Changes the Pulumi backend between runs (e.g. `s.setPulumi((p) => p.failures.push(...))`). */
  setPulumi(change: (state: PulumiState) => void): void {
    const state = this.pulumi();
    change(state);
    this.writeState("pulumi", state);
  }

  /** Adds a stack as a deploy would have left it; `lastUpdate` defaults to its creation. */
  addStack(stack: Partial<PulumiStack> & { name: string }): void {
    this.setPulumi((state) => {
      state.created = (state.created ?? 0) + 1;
      const createdAt = stack.createdAt ?? new Date().toISOString();
      state.stacks.push({
        createdAt,
        order: state.created,
        tags: {},
        config: {},
        outputs: {},
        history: [],
        pendingOperations: [],
        lastUpdate: createdAt,
        resourceCount: 12,
        ...stack,
      });
    });
  }

  ecr(): EcrState {
    return this.readState("ecr");
  }

  setEcr(change: (state: EcrState) => void): void {
    const state = this.ecr();
    change(state);
    this.writeState("ecr", state);
  }

  /** The next image `pants package` builds (a re-build with other content has another ID). */
  setBuiltImage(id: string, ref = "pantstack:latest"): void {
    const state = this.readState<PantsState>("pants");
    state.images[ref] = id;
    this.writeState("pants", state);
  }

  setPants(change: (state: PantsState) => void): void {
    const state = this.readState<PantsState>("pants");
    change(state);
    this.writeState("pants", state);
  }

  /** Every call the fakes recorded, in order; `tool` keeps one tool's. */
  calls(tool?: string): FakeCall[] {
    const lines = fs.readFileSync(this.recordFile, "utf8").split("\n").filter(Boolean);
    const calls = lines.map((l) => JSON.parse(l) as FakeCall);
    return tool ? calls.filter((c) => c.tool === tool) : calls;
  }

  /** The calls as command lines (`pulumi up --yes -s preview-pr-7 ...`), for readable assertions. */
  commandLines(tool?: string): string[] {
    return this.calls(tool).map((c) => [c.tool, ...c.argv].join(" "));
  }

  /**
   * Commits on `branch` of the remote (created from `from` if new), one commit per message; `files` are
   * written in the last commit (path → content). Returns the last commit's SHA.
   */
  commit(
    branch: string,
    messages: string[],
    options: { from?: string; files?: Record<string, string> } = {},
  ): string {
    git(this.work, "fetch", "-q", "origin");
    const exists = git(this.work, "ls-remote", "--heads", "origin", branch) !== "";
    git(
      this.work,
      "checkout",
      "-q",
      "-B",
      branch,
      exists ? `origin/${branch}` : `origin/${options.from ?? "dev"}`,
    );
    messages.forEach((message, i) => {
      if (i === messages.length - 1 && options.files) {
        for (const [file, content] of Object.entries(options.files)) {
          fs.mkdirSync(path.dirname(path.join(this.work, file)), { recursive: true });
          fs.writeFileSync(path.join(this.work, file), content);
        }
        git(this.work, "add", "-A");
      }
      git(this.work, "commit", "-q", "--allow-empty", "-m", message);
    });
    git(this.work, "push", "-q", "origin", `HEAD:refs/heads/${branch}`);
    return git(this.work, "rev-parse", "HEAD");
  }

  /** Creates tag `name` at `ref` in the remote. */
  tag(name: string, ref: string): void {
    git(this.remote, "tag", name, ref);
  }

  /** A ref's SHA in the remote (`dev`, `main`, `v1.2.0`). */
  sha(ref: string): string {
    return git(this.remote, "rev-parse", ref);
  }

  /** The remote's refs under `prefix` (`refs/tags`, `refs/heads`). */
  refs(prefix: string): string[] {
    return git(this.remote, "for-each-ref", "--format=%(refname)", prefix).split("\n").filter(Boolean);
  }

  /** A branch of `commits` from `base`, and its open pull request in the GitHub fake. */
  openPullRequest(pr: {
    number: number;
    branch?: string;
    base?: string;
    commits?: string[];
    title?: string;
    labels?: string[];
    user?: PullRequest["user"];
    /** A fork's `owner/name`: the head lives there, not in this repository. */
    fork?: string;
  }): PullRequest {
    const branch = pr.branch ?? `feature/${pr.number}`;
    const base = pr.base ?? "dev";
    const sha = this.commit(branch, pr.commits ?? [pr.title ?? `feat: change ${pr.number}`], { from: base });
    return this.github.addPull({
      number: pr.number,
      title: pr.title ?? `feat: change ${pr.number}`,
      labels: (pr.labels ?? []).map((name) => ({ name })),
      user: pr.user ?? { login: "octocat", type: "User" },
      head: { ref: branch, sha, repo: { full_name: pr.fork ?? this.options.repository } },
      base: { ref: base, sha: this.sha(base), repo: { full_name: this.options.repository } },
    });
  }

  /**
   * Merges an open pull request as GitHub's merge button does, and pushes its base: `merge` makes the merge
   * commit "Merge pull request #N from <owner>/<head>" with the title as its body; `squash` one commit on
   * the base, titled "<title> (#N)". The PR is then closed, `merged`, with its `merge_commit_sha`
   * (https://docs.github.com/rest/pulls/pulls#merge-a-pull-request). Returns the new head of the base.
   */
  mergePullRequest(pr: PullRequest, method: "merge" | "squash" = "merge"): string {
    git(this.work, "fetch", "-q", "origin");
    git(this.work, "checkout", "-q", "-B", pr.base.ref, `origin/${pr.base.ref}`);
    if (method === "merge") {
      const owner = this.options.repository.split("/")[0];
      const message = `Merge pull request #${pr.number} from ${owner}/${pr.head.ref}\n\n${pr.title}`;
      git(this.work, "merge", "-q", "--no-ff", "-m", message, pr.head.sha);
    } else {
      git(this.work, "merge", "-q", "--squash", pr.head.sha);
      git(this.work, "commit", "-q", "--allow-empty", "-m", `${pr.title} (#${pr.number})`);
    }
    git(this.work, "push", "-q", "origin", `HEAD:refs/heads/${pr.base.ref}`);
    const sha = git(this.work, "rev-parse", "HEAD");
    Object.assign(pr, { state: "closed", merged: true, merge_commit_sha: sha });
    return sha;
  }

  /** The `pull_request` payload GitHub sends for `action` (https://docs.github.com/webhooks/webhook-events-and-payloads#pull_request). */
  pullRequestEvent(
    pr: PullRequest,
    action: "opened" | "synchronize" | "reopened" | "closed" | "edited",
    eventName: "pull_request" | "pull_request_target" = "pull_request",
  ): StartEvent {
    return {
      eventName,
      ref: eventName === "pull_request" ? `refs/pull/${pr.number}/merge` : `refs/heads/${pr.base.ref}`,
      // The head commit stands in for the merge commit GitHub would test.
      sha: eventName === "pull_request" ? pr.head.sha : pr.base.sha,
      payload: {
        action,
        number: pr.number,
        pull_request: JSON.parse(JSON.stringify(pr)) as Json,
        repository: { full_name: this.options.repository, default_branch: "main" },
      },
    };
  }

  /** The `push` payload of `branch`'s head (https://docs.github.com/webhooks/webhook-events-and-payloads#push). */
  pushEvent(branch: string, before?: string): StartEvent {
    const after = this.sha(branch);
    const message = git(this.remote, "log", "-1", "--format=%B", after);
    return {
      eventName: "push",
      ref: `refs/heads/${branch}`,
      sha: after,
      payload: {
        ref: `refs/heads/${branch}`,
        before: before ?? "0".repeat(40),
        after,
        head_commit: { id: after, message },
        repository: { full_name: this.options.repository, default_branch: "main" },
      },
    };
  }

  /** Starts `.github/workflows/<file>`; resolves once it arrived at its concurrency group. */
  startRun(file: string, event: StartEvent) {
    return this.runner.start(path.join(WORKFLOWS, file), event);
  }

  /** Runs `.github/workflows/<file>` to its end. */
  async run(file: string, event: StartEvent): Promise<RunRecord> {
    return (await this.startRun(file, event)).finished;
  }

  async dispose(): Promise<void> {
    await Promise.all([
      this.github.close(),
      this.ecrServer.close(),
      new Promise<void>((resolve) => (this.service ? this.service.close(() => resolve()) : resolve())),
    ]);
    this.runner.dispose();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** What starts a run: the event and anything else a run may override. */
export type StartEvent = Parameters<Runner["start"]>[1];

/** A failed step's output in one string, for assertion messages. */
export function explain(run: RunRecord): string {
  return Object.values(run.jobs)
    .flatMap((j) =>
      j.steps
        .filter((st) => st.outcome === "failure")
        .map(
          (st) =>
            `${run.workflow}/${j.id}/${st.name || st.id}: exit ${st.exitCode}\n${st.stdout}\n${st.stderr}`,
        ),
    )
    .join("\n");
}

/** Each run step's time, slowest first (`job/step: ms`), to see where a scenario spends its time. */
export function timings(run: RunRecord): string[] {
  return Object.values(run.jobs)
    .flatMap((j) =>
      j.steps
        .filter((st) => st.durationMs > 0)
        .map((st) => [`${j.id}/${st.name || st.id || st.uses}`, st.durationMs] as const),
    )
    .sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => `${name}: ${ms} ms`);
}
