// The one preview comment per pull request: the workflow writes it (pr-preview.yml, through
// .github/scripts/upsert-comment.cjs), the sweep rewrites it when it removes the preview.
import * as path from "node:path";
import type { Repository } from "./pull-requests";

/** The hidden marker that finds the preview comment again (pr-preview.yml's `MARKER`). */
export const PREVIEW_COMMENT_MARKER = "<!-- pantstack-preview -->";

/** The Octokit the comment script calls: `paginate` and `rest.issues` (`new Octokit()` has both). */
export interface CommentsOctokit {
  paginate: unknown;
  rest: { issues: unknown };
}

/** Writes the preview comment of a pull request (updates it in place, or creates it). */
export interface PreviewComments {
  upsert(pr: number, text: string): Promise<"created" | "updated">;
}

type UpsertText = (
  clients: { github: CommentsOctokit; context: { repo: Repository } },
  args: { marker: string; issueNumber: number; text: string },
) => Promise<{ action: "created" | "updated"; id: number }>;

/** The workflow's own script, so both write and find the same comment the same way. */
const { upsertText } = require(path.join(__dirname, "../../.github/scripts/upsert-comment.cjs")) as {
  upsertText: UpsertText;
};

/** Preview comments through Octokit. */
export function previewComments(github: CommentsOctokit, repository: Repository): PreviewComments {
  return {
    async upsert(pr, text) {
      const context = { repo: repository };
      const result = await upsertText(
        { github, context },
        { marker: PREVIEW_COMMENT_MARKER, issueNumber: pr, text },
      );
      return result.action;
    },
  };
}
