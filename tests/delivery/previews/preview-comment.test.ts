import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PREVIEW_COMMENT_MARKER, previewComments } from "../../../delivery/previews/preview-comment";

/** The Octokit calls the comment script makes, recorded; the PR has the bot's preview comment (id 2). */
function fakeOctokit() {
  const calls: { method: string; args: Record<string, unknown> }[] = [];
  const record = (method: string, result: unknown) => async (args: Record<string, unknown>) => {
    calls.push({ method, args });
    return result;
  };
  const listComments = record("listComments", undefined);
  const octokit = {
    paginate: async (fn: unknown, args: Record<string, unknown>) => {
      assert.equal(fn, listComments);
      calls.push({ method: "paginate(listComments)", args });
      return [
        { id: 1, body: `a person quoting ${PREVIEW_COMMENT_MARKER}`, user: { type: "User" } },
        {
          id: 2,
          body: `${PREVIEW_COMMENT_MARKER}\n### Preview: https://preview-pr-7.example.dev`,
          user: { type: "Bot" },
        },
      ];
    },
    rest: {
      issues: {
        listComments,
        updateComment: record("updateComment", { data: {} }),
        createComment: record("createComment", { data: { id: 9 } }),
      },
    },
  };
  return { octokit, calls };
}

describe("previews: the sweep rewrites the workflow's preview comment", () => {
  it("updates the bot's comment found by the workflow's marker, in place", async () => {
    const { octokit, calls } = fakeOctokit();
    const comments = previewComments(octokit, { owner: "acme", repo: "shop" });
    assert.equal(await comments.upsert(7, "### Preview removed"), "updated");
    assert.deepEqual(calls, [
      {
        method: "paginate(listComments)",
        args: { owner: "acme", repo: "shop", issue_number: 7, per_page: 100 },
      },
      {
        method: "updateComment",
        args: {
          owner: "acme",
          repo: "shop",
          comment_id: 2,
          body: `${PREVIEW_COMMENT_MARKER}\n### Preview removed`,
        },
      },
    ]);
  });

  it("uses the marker pr-preview.yml writes its comment with", () => {
    const workflow = readFileSync(join(__dirname, "../../../.github/workflows/pr-preview.yml"), "utf8");
    assert.match(workflow, new RegExp(`\\n  MARKER: "${PREVIEW_COMMENT_MARKER}"\\n`));
  });
});
