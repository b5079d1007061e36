import { ValidationError } from "../errors";
import { type PolicyDocument, type PolicyStatement, policyDocument } from "../iam/policy-document";

/** GitHub's OIDC issuer host; also the condition key prefix in trust policies. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
/** The ARN of an account's GitHub OIDC provider. */
export const GITHUB_OIDC_PROVIDER_ARN =
  /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/;

/** The audience `aws-actions/configure-aws-credentials` requests. */
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

/**
 * Who may assume a role, in GitHub's terms. `name`/`pattern` may use `*` and `?` (then the subject is
 * matched with `StringLike`), but never be a bare `*`.
 */
export type GithubSubject =
  | {
      /** Workflows running on a branch push. */
      kind: "branch";
      /** The branch, e.g. `main`. */
      name: string;
    }
  | {
      /** Workflows running for a tag. */
      kind: "tag";
      /** The tag or a pattern, e.g. `v*`. */
      pattern: string;
    }
  | {
      /** Jobs that declare a GitHub environment. With environments, this is the only subject GitHub sends. */
      kind: "environment";
      /** The environment, e.g. `production`. */
      name: string;
    }
  | {
      /** Workflows triggered by `pull_request` events. */
      kind: "pullRequest";
    };

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;

/** Checks `owner/repo` strictly: no wildcard and no missing half. */
export function checkGithubRepository(key: string, repository: string): string {
  const parts = repository.split("/");
  const valid =
    parts.length === 2 &&
    OWNER.test(parts[0]) &&
    REPO.test(parts[1]) &&
    parts[1] !== "." &&
    parts[1] !== "..";
  if (!valid) {
    throw new ValidationError(
      key,
      repository,
      "expected one GitHub repository as 'owner/repo' (letters, digits, '-', '_', '.'; no wildcards)",
    );
  }
  return repository;
}

/** The `sub` claim GitHub sends for `subject` in `repository`. */
export function subjectClaim(repository: string, subject: GithubSubject): string {
  const prefix = `repo:${repository}:`;
  switch (subject.kind) {
    case "branch":
      return `${prefix}ref:refs/heads/${subject.name}`;
    case "tag":
      return `${prefix}ref:refs/tags/${subject.pattern}`;
    case "environment":
      return `${prefix}environment:${subject.name}`;
    case "pullRequest":
      return `${prefix}pull_request`;
  }
}

function subjectValue(subject: GithubSubject): string | undefined {
  if (subject.kind === "branch" || subject.kind === "environment") return subject.name;
  if (subject.kind === "tag") return subject.pattern;
  return undefined;
}

function isWildcard(claim: string): boolean {
  return /[*?]/.test(claim);
}

/**
 * The trust policy for a role assumed from GitHub Actions. `aud` is always pinned with `StringEquals`.
 * Exact subjects are matched with `StringEquals`; subjects with wildcards get their own statement with
 * `StringLike`, because two operators on one key in one statement would both have to match.
 */
export function githubTrustPolicy(
  key: string,
  providerArn: string,
  repository: string,
  subjects: GithubSubject[],
): PolicyDocument {
  checkGithubRepository(`${key}.repository`, repository);
  if (subjects.length === 0) {
    throw new ValidationError(
      `${key}.subjects`,
      subjects,
      "give at least one subject (branch, tag, environment, pullRequest)",
    );
  }
  subjects.forEach((subject, i) => {
    const value = subjectValue(subject);
    if (value === undefined) return;
    if (value.trim() === "" || /^[*?]+$/.test(value) || /\s/.test(value)) {
      throw new ValidationError(
        `${key}.subjects[${i}]`,
        value,
        `${subject.kind === "environment" ? "an" : "a"} ${subject.kind} must be a name or a pattern with fixed text, never a bare wildcard`,
      );
    }
  });
  const claims = [...new Set(subjects.map((s) => subjectClaim(repository, s)))];
  const exact = claims.filter((c) => !isWildcard(c));
  const patterns = claims.filter(isWildcard);
  const statement = (operator: "StringEquals" | "StringLike", subs: string[]): PolicyStatement => ({
    Sid: operator === "StringEquals" ? "GithubExactSubjects" : "GithubSubjectPatterns",
    Effect: "Allow",
    Principal: { Federated: providerArn },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: {
      StringEquals: {
        [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
        ...(operator === "StringEquals" ? { [`${GITHUB_OIDC_HOST}:sub`]: one(subs) } : {}),
      },
      ...(operator === "StringLike" ? { StringLike: { [`${GITHUB_OIDC_HOST}:sub`]: one(subs) } } : {}),
    },
  });
  const statements: PolicyStatement[] = [];
  if (exact.length > 0) statements.push(statement("StringEquals", exact));
  if (patterns.length > 0) statements.push(statement("StringLike", patterns));
  return policyDocument(...statements);
}

function one(values: string[]): string | string[] {
  return values.length === 1 ? values[0] : values;
}
