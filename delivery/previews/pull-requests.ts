/** The state of a pull request as the sweep needs it. */
export type PullRequestState = "open" | "closed" | "merged";

/**
 * The part of Octokit's REST client the sweep uses (`new Octokit({ auth }).rest` satisfies it), injected so
 * tests answer it without the network.
 */
export interface PullRequestsClient {
  pulls: {
    get(params: { owner: string; repo: string; pull_number: number }): Promise<{
      data: { state: string; merged?: boolean | null; merged_at?: string | null };
    }>;
  };
}

/** A repository as `GITHUB_REPOSITORY` names it: `owner/name`. */
export interface Repository {
  owner: string;
  repo: string;
}

/** Reads the state of PR `pr`: open, closed, or merged (closed by a merge). */
export async function pullRequestState(
  client: PullRequestsClient,
  repository: Repository,
  pr: number,
): Promise<PullRequestState> {
  const { data } = await client.pulls.get({ ...repository, pull_number: pr });
  if (data.state === "open") return "open";
  return data.merged || data.merged_at ? "merged" : "closed";
}
