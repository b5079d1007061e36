// One GitHub issue per drifting stack: opened, kept up to date, and closed once the drift is gone.
import type { Octokit } from "@octokit/rest";
import type { DriftResult } from "./check";
import { closedComment, DRIFT_LABEL, driftBody, driftMarker, driftTitle, type RunLink } from "./issue";

/** `owner/repo`, split. */
export interface Repository {
  owner: string;
  repo: string;
}

/** What the report did. */
export type ReportAction =
  | { action: "opened"; number: number; url: string }
  | { action: "updated"; number: number; url: string }
  | { action: "closed"; number: number; url: string }
  | { action: "none" };

interface IssueSummary {
  number: number;
  title: string;
  body?: string | null;
  html_url: string;
  pull_request?: unknown;
}

/**
 * The stack's open drift issue: open, labelled `drift`, with the stack's marker (or, if someone removed
 * it, the stack's title). GitHub's issues list also returns pull requests (those carry `pull_request`):
 * https://docs.github.com/en/rest/issues/issues#list-repository-issues
 */
async function openIssue(octokit: Octokit, repository: Repository, stack: string) {
  const open: IssueSummary[] = await octokit.paginate(octokit.rest.issues.listForRepo, {
    ...repository,
    state: "open",
    labels: DRIFT_LABEL,
    per_page: 100,
  });
  const issues = open.filter((i) => i.pull_request === undefined);
  return (
    issues.find((i) => (i.body ?? "").includes(driftMarker(stack))) ??
    issues.find((i) => i.title === driftTitle(stack))
  );
}

/**
 * Brings the stack's drift issue in line with a check's result: drift and no open issue opens one (label
 * `drift`); drift and an open issue replaces its body with the new diff; no drift and an open issue
 * comments and closes it as completed; no drift and none open does nothing.
 */
export async function reportDrift(
  octokit: Octokit,
  repository: Repository,
  result: DriftResult,
  run: RunLink = {},
): Promise<ReportAction> {
  const existing = await openIssue(octokit, repository, result.stack);
  if (result.drift) {
    const body = driftBody(result.stack, result.diff, result.checkedAt, run);
    if (existing) {
      const { data } = await octokit.rest.issues.update({
        ...repository,
        issue_number: existing.number,
        body,
      });
      return { action: "updated", number: data.number, url: data.html_url };
    }
    const { data } = await octokit.rest.issues.create({
      ...repository,
      title: driftTitle(result.stack),
      body,
      labels: [DRIFT_LABEL],
    });
    return { action: "opened", number: data.number, url: data.html_url };
  }
  if (!existing) return { action: "none" };
  await octokit.rest.issues.createComment({
    ...repository,
    issue_number: existing.number,
    body: closedComment(result.stack, result.checkedAt, run),
  });
  const { data } = await octokit.rest.issues.update({
    ...repository,
    issue_number: existing.number,
    state: "closed",
    state_reason: "completed",
  });
  return { action: "closed", number: data.number, url: data.html_url };
}

/** One line saying what the report did. */
export function describeReport(stack: string, report: ReportAction): string {
  switch (report.action) {
    case "opened":
      return `drift in ${stack}: opened #${report.number} ${report.url}`;
    case "updated":
      return `drift in ${stack}: updated #${report.number} ${report.url}`;
    case "closed":
      return `no drift in ${stack}: closed #${report.number} ${report.url}`;
    case "none":
      return `no drift in ${stack}, no open drift issue`;
  }
}
