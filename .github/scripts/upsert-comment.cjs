// Creates or updates the one pull-request comment a workflow owns, found by a hidden marker.
// Called from actions/github-script: `await require(".github/scripts/upsert-comment.cjs")({ github, context })`
// with env MARKER (an HTML comment), BODY_FILE (markdown) and PR_NUMBER.
const { readFileSync } = require("node:fs");

/** GitHub refuses comment bodies above 65536 characters. */
const MAX_BODY = 65000;

/** The comment text: the marker first (so it is found again), the body cut to GitHub's limit. */
function commentBody(marker, text) {
  const body = `${marker}\n${text}`;
  if (body.length <= MAX_BODY) return body;
  return `${body.slice(0, MAX_BODY)}\n\n… (cut: the full report is in the workflow run's summary)`;
}

/**
 * Finds the comment by `marker` among the pull request's comments written by a bot (a person quoting the
 * marker must not capture the comment), then updates it, or creates it when there is none.
 * Returns what it did, for the log and for tests.
 */
async function upsertComment({ github, context }, env = process.env) {
  const marker = env.MARKER;
  if (!marker || !/^<!-- [\w:.-]+ -->$/.test(marker))
    throw new Error(`MARKER: "${marker}" is not <!-- name -->`);
  const issueNumber = Number(env.PR_NUMBER);
  if (!Number.isInteger(issueNumber) || issueNumber < 1) throw new Error(`PR_NUMBER: "${env.PR_NUMBER}"`);
  return upsertText({ github, context }, { marker, issueNumber, text: readFileSync(env.BODY_FILE, "utf8") });
}

/**
 * The same without a workflow's env: `text` is the markdown body. The preview sweep (delivery/previews)
 * calls this with its own Octokit, so the comment it rewrites is the one the preview workflow wrote.
 */
async function upsertText({ github, context }, { marker, issueNumber, text }) {
  const body = commentBody(marker, text);
  const { owner, repo } = context.repo;
  const comments = await github.paginate(github.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  const existing = comments.find((c) => c.user?.type === "Bot" && c.body?.startsWith(marker));
  if (existing) {
    await github.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
    return { action: "updated", id: existing.id };
  }
  const created = await github.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
  return { action: "created", id: created.data.id };
}

module.exports = upsertComment;
module.exports.commentBody = commentBody;
module.exports.upsertText = upsertText;
