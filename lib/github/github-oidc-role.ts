import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { requireIntegerInRange, ValidationError } from "../errors";
import type { PolicyDocument } from "../iam/policy-document";
import { AUTONAME_SUFFIX_LENGTH, checkName } from "../names";
import { createGithubOidcProvider } from "./github-oidc-provider";
import {
  checkGithubRepository,
  GITHUB_OIDC_PROVIDER_ARN,
  type GithubSubject,
  githubTrustPolicy,
} from "./trust-policy";

/** Arguments of {@link GithubOidcRole}. */
export interface GithubOidcRoleArgs {
  /** The one GitHub repository allowed to assume the role, as `owner/repo`. Wildcards are refused. */
  repository: string;
  /**
   * The branches, tags, environments or pull requests of that repository that may assume the role.
   * @example [{ kind: "branch", name: "main" }, { kind: "environment", name: "production" }]
   */
  subjects: GithubSubject[];
  /**
   * ARN of an existing GitHub OIDC provider. AWS allows one per account, so every role but the first reuses it.
   * @default - a new provider is created as a child of this role
   */
  providerArn?: pulumi.Input<string>;
  /**
   * Inline policies by name: the least-privilege permissions of the role's job.
   * @default {}
   */
  inlinePolicies?: Record<string, pulumi.Input<PolicyDocument>>;
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
 * Trust is limited to one repository and the listed subjects; `aud` is pinned to `sts.amazonaws.com`.
 */
export class GithubOidcRole extends pulumi.ComponentResource {
  /** The role. */
  declare readonly role: aws.iam.Role;
  /** The role ARN, for `aws-actions/configure-aws-credentials`' `role-to-assume`. */
  declare readonly arn: pulumi.Output<string>;
  /** The role name. */
  declare readonly roleName: pulumi.Output<string>;
  /** The OIDC provider ARN the role trusts (created here or passed in). */
  declare readonly providerArn: pulumi.Output<string>;

  constructor(name: string, args: GithubOidcRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    const key = `GithubOidcRole(${name})`;
    checkName(`${key}.name`, "iamRole", name, AUTONAME_SUFFIX_LENGTH);
    checkGithubRepository(`${key}.repository`, args.repository);
    // Building the document once with a placeholder runs every subject check before anything is registered.
    githubTrustPolicy(
      key,
      "arn:aws:iam::000000000000:oidc-provider/placeholder",
      args.repository,
      args.subjects,
    );
    const maxSessionDuration = requireIntegerInRange(
      `${key}.maxSessionDuration`,
      args.maxSessionDuration ?? 3600,
      3600,
      43200,
    );
    if (typeof args.providerArn === "string" && !GITHUB_OIDC_PROVIDER_ARN.test(args.providerArn)) {
      throw new ValidationError(
        `${key}.providerArn`,
        args.providerArn,
        "expected arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com",
      );
    }
    const path = args.path ?? "/";
    if (!/^\/(?:[\w+=,.@-]+\/)*$/.test(path) || path.length > 512) {
      throw new ValidationError(
        `${key}.path`,
        path,
        "an IAM path starts and ends with '/', e.g. /pantstack/ci/",
      );
    }
    for (const policyName of Object.keys(args.inlinePolicies ?? {})) {
      if (!/^[\w+=,.@-]{1,128}$/.test(policyName)) {
        throw new ValidationError(
          `${key}.inlinePolicies`,
          policyName,
          "policy names are 1 to 128 of [A-Za-z0-9+=,.@_-]",
        );
      }
    }
    super("pantstack:github:GithubOidcRole", name, {}, opts);

    const providerArn =
      args.providerArn !== undefined
        ? pulumi.output(args.providerArn)
        : createGithubOidcProvider(`${name}-oidc`, { parent: this }).arn;

    const role = new aws.iam.Role(
      name,
      {
        path,
        description: args.description ?? describeSubjects(args.repository, args.subjects),
        maxSessionDuration,
        assumeRolePolicy: providerArn.apply((arn) =>
          JSON.stringify(githubTrustPolicy(key, arn, args.repository, args.subjects)),
        ),
      },
      { parent: this },
    );

    for (const [policyName, document] of Object.entries(args.inlinePolicies ?? {})) {
      new aws.iam.RolePolicy(
        `${name}-${policyName}`,
        {
          role: role.name,
          name: policyName,
          policy: pulumi.output(document).apply((d) => JSON.stringify(d)),
        },
        { parent: this },
      );
    }
    (args.managedPolicyArns ?? []).forEach((policyArn, i) => {
      new aws.iam.RolePolicyAttachment(
        `${name}-managed-${i}`,
        { role: role.name, policyArn },
        { parent: this },
      );
    });

    this.role = role;
    this.arn = role.arn;
    this.roleName = role.name;
    this.providerArn = providerArn;
    this.registerOutputs({ arn: this.arn, roleName: this.roleName, providerArn });
  }
}

function describeSubjects(repository: string, subjects: GithubSubject[]): string {
  const parts = subjects.map((s) =>
    s.kind === "pullRequest" ? "pull requests" : `${s.kind} ${s.kind === "tag" ? s.pattern : s.name}`,
  );
  return `GitHub Actions of ${repository}: ${parts.join(", ")}`.slice(0, 1000);
}
