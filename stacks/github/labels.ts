import * as github from "@pulumi/github";
import type * as pulumi from "@pulumi/pulumi";

/** The labels that override the version a merged pull request releases (read by semantic-release). */
export const RELEASE_LABELS = {
  "release:major": { color: "b60205", description: "Release a new major version (breaking change)" },
  "release:minor": { color: "0e8a16", description: "Release a new minor version (feature)" },
  "release:patch": { color: "1d76db", description: "Release a new patch version (fix)" },
  "release:skip": { color: "cccccc", description: "Release nothing for this pull request" },
} as const;

/** Labels the pipeline's tools put on the issues they open: `drift` (npm run drift -- report). */
export const ISSUE_LABELS = {
  drift: { color: "d93f0b", description: "A stack's resources in AWS differ from its program (drift.yml)" },
} as const;

/** Creates the labels of {@link ISSUE_LABELS}; returns their names. */
export function createIssueLabels(repository: string, opts: pulumi.CustomResourceOptions): string[] {
  return Object.entries(ISSUE_LABELS).map(([name, label]) => {
    new github.IssueLabel(
      name,
      { repository, name, color: label.color, description: label.description },
      opts,
    );
    return name;
  });
}

/** Creates the `release:*` labels; returns their names. */
export function createReleaseLabels(repository: string, opts: pulumi.CustomResourceOptions): string[] {
  return Object.entries(RELEASE_LABELS).map(([name, label]) => {
    new github.IssueLabel(
      name,
      { repository, name, color: label.color, description: label.description },
      opts,
    );
    return name;
  });
}
