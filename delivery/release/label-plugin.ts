// A semantic-release plugin for the analyzeCommits step: the conventional-commits verdict of each commit,
// overridden by the `release:*` labels of the pull request(s) the commit came from. Commit messages are never
// rewritten: the labels are read from GitHub at release time.
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

/** The one Octokit call this plugin makes; `new Octokit()` satisfies it, tests pass a recorded fake. */
export interface PullRequestsOfCommit {
  rest: {
    repos: {
      listPullRequestsAssociatedWithCommit(params: {
        owner: string;
        repo: string;
        commit_sha: string;
        per_page: number;
      }): Promise<{ data: { number: number; labels: { name?: string }[] }[] }>;
    };
  };
}

/** The commit analyzer's step: `@semantic-release/commit-analyzer` unless a test passes another. */
export type CommitAnalyzer = (config: LabelPluginConfig, context: AnalyzeContext) => Promise<string | null>;

/** What the plugin needs from outside; each defaults to the real thing. */
export interface LabelPluginDependencies {
  /** Builds the GitHub client. @default - Octokit authenticated with env GITHUB_TOKEN or GH_TOKEN */
  github?: (env: Record<string, string | undefined>) => PullRequestsOfCommit | Promise<PullRequestsOfCommit>;
  /** @default - `analyzeCommits` of `@semantic-release/commit-analyzer` */
  analyzeCommits?: CommitAnalyzer;
}

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

async function octokitFromEnv(env: Record<string, string | undefined>): Promise<PullRequestsOfCommit> {
  const token = env.GITHUB_TOKEN ?? env.GH_TOKEN;
  if (!token) throw new Error("release labels: set GITHUB_TOKEN (or GH_TOKEN) to read the PR labels");
  const { Octokit } = await import("@octokit/rest");
  return new Octokit({ auth: token });
}

async function commitAnalyzer(config: LabelPluginConfig, context: AnalyzeContext): Promise<string | null> {
  const { analyzeCommits } = await import("@semantic-release/commit-analyzer");
  return analyzeCommits(config, context);
}

/**
 * Builds the plugin. For each commit it asks GitHub which PRs the commit belongs to and reads their
 * `release:*` labels: a labelled commit takes the highest label (`release:skip` = no release); the
 * unlabelled commits go to the commit analyzer together (so a revert still cancels what it reverts). The
 * release is the highest of all.
 */
export function createLabelPlugin(dependencies: LabelPluginDependencies = {}) {
  const analyze = dependencies.analyzeCommits ?? commitAnalyzer;
  const makeGithub = dependencies.github ?? octokitFromEnv;
  return {
    async analyzeCommits(config: LabelPluginConfig, context: AnalyzeContext): Promise<ReleaseType | null> {
      const analyzerConfig = { preset: "conventionalcommits", ...config };
      delete analyzerConfig.repository;
      if (context.commits.length === 0) return null;
      const { owner, repo } = repositoryOf(config, context);
      const github = await makeGithub(context.env ?? process.env);
      const labelled: (ReleaseType | null)[] = [];
      const unlabelled: ReleaseCommit[] = [];
      for (const commit of context.commits) {
        const { data } = await github.rest.repos.listPullRequestsAssociatedWithCommit({
          owner,
          repo,
          commit_sha: commit.hash,
          per_page: 100,
        });
        const labels = data.flatMap((pr) => pr.labels.map((l) => l.name ?? ""));
        const verdict = labelVerdict(labels);
        if (verdict === undefined) {
          unlabelled.push(commit);
          continue;
        }
        const prs = data.map((pr) => `#${pr.number}`).join(", ");
        context.logger.log(
          `Commit ${commit.hash.slice(0, 7)}: labels of ${prs} say ${verdict ?? "no release"}`,
        );
        labelled.push(verdict);
      }
      const fromMessages =
        unlabelled.length > 0 ? await analyze(analyzerConfig, { ...context, commits: unlabelled }) : null;
      return releaseType(labelled, fromMessages as ReleaseType | null);
    },
  };
}

/** The plugin as `release.config.cjs` uses it: real Octokit and the real commit analyzer. */
export const labelPlugin = createLabelPlugin();
