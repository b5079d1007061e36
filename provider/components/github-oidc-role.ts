import * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "../../lib/errors";
import {
  GithubOidcRole as LibGithubOidcRole,
  type GithubOidcRoleArgs as LibGithubOidcRoleArgs,
} from "../../lib/github/github-oidc-role";
import type { GithubSubject } from "../../lib/github/trust-policy";
import type { PolicyDocument } from "../../lib/iam/policy-document";
import { policyFromJson } from "./policy-json";

/** What kind of GitHub Actions run may assume the role. */
export enum GithubSubjectKind {
  /** Workflows running on a branch push (`name`, e.g. `main`). */
  Branch = "branch",
  /** Workflows running for a tag (`pattern`, e.g. `v*`). */
  Tag = "tag",
  /** Jobs that declare a GitHub environment (`name`, e.g. `production`). */
  Environment = "environment",
  /** Workflows triggered by `pull_request` events (no name). */
  PullRequest = "pullRequest",
}

/** One subject of the role's trust policy. */
export interface GithubSubjectSpec {
  /** `branch`, `tag`, `environment` or `pullRequest`. */
  kind: GithubSubjectKind;
  /**
   * The branch or environment name; required for `branch` and `environment`.
   * @default - none
   */
  name?: string;
  /**
   * The tag pattern (`*` and `?` wildcards); required for `tag`.
   * @default - none
   */
  pattern?: string;
}

/** Arguments of the `pantstack:index:GithubOidcRole` component. */
export interface GithubOidcRoleArgs {
  /** The one GitHub repository allowed to assume the role, as `owner/repo`. Wildcards are refused. */
  repository: string;
  /** The branches, tags, environments or pull requests of that repository that may assume the role. */
  subjects: GithubSubjectSpec[];
  /**
   * ARN of an existing GitHub OIDC provider. AWS allows one per account, so every role but the first reuses it.
   * @default - a new provider is created as a child of this role
   */
  providerArn?: pulumi.Input<string>;
  /**
   * Inline policies by name, each an IAM policy document in JSON: the least-privilege permissions of the role's job.
   * @default {}
   */
  inlinePolicies?: Record<string, pulumi.Input<string>>;
  /**
   * Managed policy ARNs to attach.
   * @default []
   */
  managedPolicyArns?: pulumi.Input<string>[];
  /**
   * Longest session, in seconds (AWS allows 3600 to 43200).
   * @default 3600
   */
  maxSessionDuration?: number;
  /**
   * IAM path, e.g. `/pantstack/ci/`. Permission boundaries and `iam:PassRole` grants can be scoped to it.
   * @default "/"
   */
  path?: string;
  /**
   * The role description shown in the IAM console.
   * @default - names the repository and subjects
   */
  description?: string;
}

/**
 * An IAM role that GitHub Actions assumes through OIDC, so no AWS access key is ever stored in GitHub.
 * Trust is limited to one repository and the listed subjects. Wraps the TypeScript `GithubOidcRole`.
 */
export class GithubOidcRole extends pulumi.ComponentResource {
  /** The role ARN. */
  declare readonly arn: pulumi.Output<string>;
  /** The role name. */
  declare readonly roleName: pulumi.Output<string>;
  /** The OIDC provider's ARN (created or given). */
  declare readonly providerArn: pulumi.Output<string>;

  constructor(name: string, args: GithubOidcRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    const libArgs = toLibRoleArgs(name, args);
    super("pantstack:index:GithubOidcRole", name, {}, opts);
    const role = new LibGithubOidcRole(name, libArgs, { parent: this });
    this.arn = role.arn;
    this.roleName = role.roleName;
    this.providerArn = role.providerArn;
    this.registerOutputs({ arn: this.arn, roleName: this.roleName, providerArn: this.providerArn });
  }
}

/** The TypeScript component's arguments for the facade's (subjects rebuilt as the discriminated union). */
export function toLibRoleArgs(name: string, args: GithubOidcRoleArgs): LibGithubOidcRoleArgs {
  const key = `GithubOidcRole(${name})`;
  const { subjects, inlinePolicies, ...rest } = args;
  const policies: Record<string, pulumi.Input<PolicyDocument>> = {};
  for (const [policyName, json] of Object.entries(inlinePolicies ?? {})) {
    policies[policyName] = policyFromJson(`${key}.inlinePolicies.${policyName}`, json);
  }
  return {
    ...rest,
    subjects: (subjects ?? []).map((subject, i) => toLibSubject(`${key}.subjects[${i}]`, subject)),
    ...(inlinePolicies ? { inlinePolicies: policies } : {}),
  };
}

function toLibSubject(key: string, subject: GithubSubjectSpec): GithubSubject {
  const { kind, name, pattern } = subject;
  const requireOnly = (field: "name" | "pattern" | undefined) => {
    for (const [other, value] of [
      ["name", name],
      ["pattern", pattern],
    ] as const) {
      if (other !== field && value !== undefined) {
        throw new ValidationError(
          `${key}.${other}`,
          value,
          `a ${kind} subject takes ${field ?? "no name or pattern"}`,
        );
      }
    }
    if (field && typeof subject[field] !== "string") {
      throw new ValidationError(`${key}.${field}`, subject[field], `a ${kind} subject needs a ${field}`);
    }
  };
  switch (kind) {
    case GithubSubjectKind.Branch:
      requireOnly("name");
      return { kind: "branch", name: name as string };
    case GithubSubjectKind.Environment:
      requireOnly("name");
      return { kind: "environment", name: name as string };
    case GithubSubjectKind.Tag:
      requireOnly("pattern");
      return { kind: "tag", pattern: pattern as string };
    case GithubSubjectKind.PullRequest:
      requireOnly(undefined);
      return { kind: "pullRequest" };
    default:
      throw new ValidationError(`${key}.kind`, kind, "expected branch, tag, environment or pullRequest");
  }
}
