import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

type Comment = { id: number; body: string; user: { type: string } };
type Upsert = ((
  clients: { github: unknown; context: unknown },
  env: Record<string, string | undefined>,
) => Promise<{ action: string; id: number }>) & { commentBody(marker: string, text: string): string };

const upsert = require("../../.github/scripts/upsert-comment.cjs") as Upsert;
const MARKER = "<!-- pantstack-preview -->";

/** A recorded fake of the Octokit calls the script makes. */
function fakeGithub(comments: Comment[]) {
  const calls: { method: string; args: Record<string, unknown> }[] = [];
  const record = (method: string, result: unknown) => async (args: Record<string, unknown>) => {
    calls.push({ method, args });
    return result;
  };
  const listComments = record("listComments", undefined);
  const github = {
    paginate: async (fn: unknown, args: Record<string, unknown>) => {
      assert.equal(fn, listComments);
      calls.push({ method: "paginate(listComments)", args });
      return comments;
    },
    rest: {
      issues: {
        listComments,
        updateComment: record("updateComment", { data: {} }),
        createComment: record("createComment", { data: { id: 99 } }),
      },
    },
  };
  return { github, calls };
}

describe(".github/scripts/upsert-comment.cjs: one comment per pull request", () => {
  let dir: string;
  let env: Record<string, string>;
  const context = { repo: { owner: "acme", repo: "shop" } };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "upsert-"));
    writeFileSync(join(dir, "c.md"), "### Preview: https://preview-pr-7.example.dev");
    env = { MARKER, PR_NUMBER: "7", BODY_FILE: join(dir, "c.md") };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("updates the bot's comment that starts with the marker", async () => {
    const { github, calls } = fakeGithub([
      { id: 1, body: `quoting ${MARKER}`, user: { type: "User" } },
      { id: 2, body: `${MARKER}\nold`, user: { type: "Bot" } },
    ]);
    assert.deepEqual(await upsert({ github, context }, env), { action: "updated", id: 2 });
    assert.deepEqual(calls[1], {
      method: "updateComment",
      args: {
        owner: "acme",
        repo: "shop",
        comment_id: 2,
        body: `${MARKER}\n### Preview: https://preview-pr-7.example.dev`,
      },
    });
    assert.equal(calls.length, 2);
  });

  it("creates one when only a person's comment carries the marker", async () => {
    const { github, calls } = fakeGithub([{ id: 1, body: `${MARKER} copied`, user: { type: "User" } }]);
    assert.deepEqual(await upsert({ github, context }, env), { action: "created", id: 99 });
    assert.equal(calls[1].method, "createComment");
    assert.equal(calls[1].args.issue_number, 7);
  });

  it("refuses a bad marker or PR number before calling GitHub", async () => {
    const { github, calls } = fakeGithub([]);
    await assert.rejects(upsert({ github, context }, { ...env, MARKER: "pantstack" }), /MARKER/);
    await assert.rejects(upsert({ github, context }, { ...env, PR_NUMBER: "" }), /PR_NUMBER/);
    assert.equal(calls.length, 0);
  });

  it("cuts a body above GitHub's limit and says where the rest is", () => {
    const body = upsert.commentBody(MARKER, "x".repeat(70000));
    assert.ok(body.length < 65536);
    assert.ok(body.startsWith(MARKER));
    assert.match(body, /cut: the full report is in the workflow run's summary/);
  });
});
