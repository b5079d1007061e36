// A semantic-release plugin for the analyzeCommits step: the conventional-commits verdict of each commit,
// overridden by the `release:*` labels of the pull request(s) the commit came from. Commit messages are never
// rewritten: the labels are read from GitHub at release time.
//
// Which PR a commit came from is read from the commits themselves, not from GitHub's commit → PR association
// (`GET /repos/{owner}/{repo}/commits/{sha}/pulls`), which answers differently for a commit that is not on
// the default branch: on `dev`, or on `main` before the merge is the default branch's history.
// - A merge commit names its PR: GitHub's default message is "Merge pull request #N from owner/branch", and
//   a squash merge's (or a merge commit titled after the PR) subject ends with "(#N)".
// - A merge commit's PR covers every commit it merged: `git rev-list M^1..M^2`, so the dev → main PR's
//   label governs all of dev's commits in the release.
// - A commit with no PR number (a rebase merge, a direct push) gets no label: its message decides.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { TOOL_OCTOKIT_LOG } from "../cli/octokit-log";
import { labelVerdict, type ReleaseType, releaseType } from "./release-labels";

/** A commit as semantic-release passes it to plugins (the fields this plugin reads). */
export interface ReleaseCommit {
  hash: string;
  message: string;
  [field: string]: unknown;
}

/** The semantic-release context of the analyzeCommits step (the fields this plugin reads). */
export interface AnalyzeContext {
  commits: ReleaseCommit[];
  logger: { log(message: string, ...args: unknown[]): void };
  cwd?: string;
  env?: Record<string, string | undefined>;
  options?: { repositoryUrl?: string };
  [field: string]: unknown;
}

/** The plugin's options in `release.config.cjs` (also handed to the commit analyzer). */
export interface LabelPluginConfig {
  /** conventional-changelog preset for the commit messages. @default "conventionalcommits" */
  preset?: string;
  /** `owner/name`. @default - env GITHUB_REPOSITORY, else the repository URL's owner/name */
  repository?: string;
  [option: string]: unknown;
}

/**
 * The one Octokit call this plugin makes, `pulls.get` (https://docs.github.com/en/rest/pulls/pulls#get-a-pull-request):
 * `new Octokit()` satisfies it (at `GITHUB_API_URL` when set). An unknown number (an issue's, or none at all) answers 404.
 */
export interface PullRequestLabels {
  rest: {
    pulls: {
      get(params: { owner: string; repo: string; pull_number: number }): Promise<{
        data: { number: number; labels: { name?: string }[] };
      }>;
    };
  };
}

/** The commits a merge commit brought in (`git rev-list M^1..M^2`); none for a commit with one parent. */
export type MergedCommits = (hash: string, cwd: string) => Promise<string[]>;

/** The commit analyzer's step: `@semantic-release/commit-analyzer` unless a test passes another. */
export type CommitAnalyzer = (config: LabelPluginConfig, context: AnalyzeContext) => Promise<string | null>;

/** What the plugin needs from outside; each defaults to the real thing. */
export interface LabelPluginDependencies {
  /** Builds the GitHub client. @default - Octokit at env GITHUB_API_URL (else api.github.com), authenticated with env GITHUB_TOKEN or GH_TOKEN */
  github?: (env: Record<string, string | undefined>) => PullRequestLabels | Promise<PullRequestLabels>;
  /** @default - `analyzeCommits` of `@semantic-release/commit-analyzer` */
  analyzeCommits?: CommitAnalyzer;
  /** @default - `git rev-list` in the release's working directory */
  mergedCommits?: MergedCommits;
}

/**
 * The PR number a commit message names: "Merge pull request #N from …" (GitHub's merge commit), or a
 * subject ending in "(#N)" (a squash merge, or a merge commit titled after its PR). Undefined otherwise.
 */
export function pullRequestNumber(message: string): number | undefined {
  const subject = message.split("\n", 1)[0].trim();
  const match = /^Merge pull request #(\d+) from \S+/.exec(subject) ?? /\(#(\d+)\)$/.exec(subject);
  return match ? Number(match[1]) : undefined;
}

const run = promisify(execFile);

/** {@link MergedCommits} with git: a commit without a second parent merged nothing. */
export const gitMergedCommits: MergedCommits = async (hash, cwd) => {
  const { stdout: parents } = await run("git", ["rev-list", "--parents", "-n", "1", hash], { cwd });
  if (parents.trim().split(/\s+/).length < 3) return [];
  const { stdout } = await run("git", ["rev-list", `${hash}^1..${hash}^2`], { cwd });
  return stdout.split("\n").filter((l) => l !== "");
};

/** `owner/name` from the plugin config, the Actions environment or a GitHub repository URL. */
export function repositoryOf(
  config: LabelPluginConfig,
  context: AnalyzeContext,
): { owner: string; repo: string } {
  const env = context.env ?? process.env;
  const fromUrl = /github\.com[/:]([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(context.options?.repositoryUrl ?? "");
  const slug = config.repository ?? env.GITHUB_REPOSITORY ?? (fromUrl ? `${fromUrl[1]}/${fromUrl[2]}` : "");
  const [owner, repo, ...rest] = slug.split("/");
  if (!owner || !repo || rest.length > 0) {
    throw new Error(
      "release labels: cannot tell the GitHub repository; set `repository: owner/name` in the plugin's options or GITHUB_REPOSITORY",
    );
  }
  return { owner, repo };
}

async function octokitFromEnv(env: Record<string, string | undefined>): Promise<PullRequestLabels> {
  const token = env.GITHUB_TOKEN ?? env.GH_TOKEN;
  if (!token) throw new Error("release labels: set GITHUB_TOKEN (or GH_TOKEN) to read the PR labels");
  const { Octokit } = await import("@octokit/rest");
  // GITHUB_API_URL: set by Actions on every runner (GitHub Enterprise Server's own API there), as
  // @semantic-release/github reads it too; Octokit's default is api.github.com.
  const baseUrl = env.GITHUB_API_URL || undefined;
  return new Octokit({ auth: token, log: TOOL_OCTOKIT_LOG, ...(baseUrl ? { baseUrl } : {}) });
}

async function commitAnalyzer(config: LabelPluginConfig, context: AnalyzeContext): Promise<string | null> {
  const { analyzeCommits } = await import("@semantic-release/commit-analyzer");
  return analyzeCommits(config, context);
}

/**
 * Builds the plugin. It finds each commit's PRs from the commits' own messages and merges (see the top of
 * this file), reads each PR's `release:*` labels with `pulls.get`: a labelled commit takes the highest
 * label (`release:skip` = no release); the unlabelled commits go to the commit analyzer together (so a
 * revert still cancels what it reverts). The release is the highest of all.
 */
export function createLabelPlugin(dependencies: LabelPluginDependencies = {}) {
  const analyze = dependencies.analyzeCommits ?? commitAnalyzer;
  const makeGithub = dependencies.github ?? octokitFromEnv;
  const mergedCommits = dependencies.mergedCommits ?? gitMergedCommits;
  return {
    async analyzeCommits(config: LabelPluginConfig, context: AnalyzeContext): Promise<ReleaseType | null> {
      const analyzerConfig = { preset: "conventionalcommits", ...config };
      delete analyzerConfig.repository;
      if (context.commits.length === 0) return null;
      const { owner, repo } = repositoryOf(config, context);
      const github = await makeGithub(context.env ?? process.env);
      const log = (message: string) => context.logger.log(message);

      // Each commit's PRs: the one its message names, and the PRs of the merge commits that brought it in.
      const prsOf = new Map<string, Set<number>>(context.commits.map((c) => [c.hash, new Set<number>()]));
      for (const commit of context.commits) {
        const pr = pullRequestNumber(commit.message);
        if (pr === undefined) continue;
        prsOf.get(commit.hash)?.add(pr);
        for (const hash of await mergedCommits(commit.hash, context.cwd ?? process.cwd())) {
          prsOf.get(hash)?.add(pr);
        }
      }

      const labelsOf = new Map<number, string[]>();
      for (const pr of new Set([...prsOf.values()].flatMap((set) => [...set]))) {
        labelsOf.set(pr, await labelsOfPullRequest(github, { owner, repo }, pr, log));
      }

      const labelled: (ReleaseType | null)[] = [];
      const unlabelled: ReleaseCommit[] = [];
      for (const commit of context.commits) {
        const prs = [...(prsOf.get(commit.hash) ?? [])].sort((a, b) => a - b);
        const short = commit.hash.slice(0, 7);
        if (prs.length === 0) {
          log(
            `Commit ${short}: names no pull request (a direct push or a rebase merge): no label, its message decides`,
          );
        }
        const verdict = labelVerdict(prs.flatMap((pr) => labelsOf.get(pr) ?? []));
        if (verdict === undefined) {
          unlabelled.push(commit);
          continue;
        }
        const names = prs.map((pr) => `#${pr}`).join(", ");
        log(`Commit ${short}: labels of ${names} say ${verdict ?? "no release"}`);
        labelled.push(verdict);
      }
      const fromMessages =
        unlabelled.length > 0 ? await analyze(analyzerConfig, { ...context, commits: unlabelled }) : null;
      return releaseType(labelled, fromMessages as ReleaseType | null);
    },
  };
}

/** A PR's label names; none when GitHub knows no such PR (404: the number in a message named an issue). */
async function labelsOfPullRequest(
  github: PullRequestLabels,
  repository: { owner: string; repo: string },
  pr: number,
  log: (message: string) => void,
): Promise<string[]> {
  try {
    const { data } = await github.rest.pulls.get({ ...repository, pull_number: pr });
    return data.labels.map((l) => l.name ?? "");
  } catch (err) {
    if ((err as { status?: number }).status !== 404) throw err;
    log(`#${pr} is not a pull request of ${repository.owner}/${repository.repo} (404): no label from it`);
    return [];
  }
}

/** The plugin as `release.config.cjs` uses it: real Octokit and the real commit analyzer. */
export const labelPlugin = createLabelPlugin();
