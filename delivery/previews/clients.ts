import * as path from "node:path";
import type { Workspace } from "@pulumi/pulumi/automation";
import { ValidationError } from "../../lib/errors";
import { TOOL_OCTOKIT_LOG } from "../cli/octokit-log";
import { type PreviewComments, previewComments } from "./preview-comment";
import type { PullRequestsClient, Repository } from "./pull-requests";

/** The clients, built lazily so `claim` never needs a GitHub token. */
export interface Clients {
  workspace(): Promise<Workspace>;
  pullRequests(
    env: NodeJS.ProcessEnv,
  ): Promise<{ client: PullRequestsClient; comments: PreviewComments; repository: Repository }>;
  now(): Date;
  sleep(ms: number): Promise<void>;
}

/** Reads `GITHUB_REPOSITORY` (owner/name); a missing or malformed value is a usage error naming it. */
export function repositoryFromEnv(env: NodeJS.ProcessEnv): Repository {
  const value = env.GITHUB_REPOSITORY;
  const match = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(value ?? "");
  if (!match)
    throw new ValidationError("GITHUB_REPOSITORY", value, "expected owner/name, e.g. pantstack/api");
  return { owner: match[1], repo: match[2] };
}

/** The real clients: the Automation API in the repository root, Octokit with GITHUB_TOKEN. */
export const realClients: Clients = {
  async workspace() {
    const { LocalWorkspace } = await import("@pulumi/pulumi/automation");
    try {
      return await LocalWorkspace.create({ workDir: path.resolve(__dirname, "..") });
    } catch (err) {
      // A missing CLI is a set-up problem to report in one line, not a bug with a stack trace.
      if (/ENOENT/.test(String(err))) {
        throw new ValidationError("pulumi", undefined, "install the Pulumi CLI and put it on PATH");
      }
      throw err;
    }
  },
  async pullRequests(env) {
    const repository = repositoryFromEnv(env);
    if (!env.GITHUB_TOKEN)
      throw new ValidationError(
        "GITHUB_TOKEN",
        undefined,
        "cleanup reads PR states and writes comments with it",
      );
    const { Octokit } = await import("@octokit/rest");
    // Actions sets GITHUB_API_URL to the API of the server the run is on (https://api.github.com on
    // github.com, https://HOST/api/v3 on GitHub Enterprise Server):
    // https://docs.github.com/en/actions/reference/workflows-and-actions/variables#default-environment-variables
    const baseUrl = env.GITHUB_API_URL || "https://api.github.com";
    const octokit = new Octokit({ auth: env.GITHUB_TOKEN, baseUrl, log: TOOL_OCTOKIT_LOG });
    return { client: octokit.rest, comments: previewComments(octokit, repository), repository };
  },
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
