import { ValidationError } from "./errors";

/** The AWS resources whose names {@link checkName} checks. */
export type NamedKind = "loadBalancer" | "targetGroup" | "iamRole" | "ecrRepository";

/** What AWS allows in one kind of name. */
export interface NameRule {
  /** The name's kind in an error message, with its article: `a load balancer name`. */
  readonly noun: string;
  /** The longest name AWS accepts. */
  readonly maxLength: number;
  /** The characters and shape AWS accepts. */
  readonly pattern: RegExp;
  /** {@link pattern} in words, for the error message. */
  readonly allowed: string;
}

/** Name rules of the AWS resources whose names we choose or whose autonames we must keep short. */
export const NAME_LIMITS: Readonly<Record<NamedKind, NameRule>> = {
  /** Application load balancer and target group names. */
  loadBalancer: {
    noun: "a load balancer name",
    maxLength: 32,
    pattern: /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/,
    allowed: "letters, digits and hyphens, neither starting nor ending with a hyphen",
  },
  /** Target group names. */
  targetGroup: {
    noun: "a target group name",
    maxLength: 32,
    pattern: /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/,
    allowed: "letters, digits and hyphens, neither starting nor ending with a hyphen",
  },
  /** IAM role names (without the path). */
  iamRole: {
    noun: "an IAM role name",
    maxLength: 64,
    pattern: /^[\w+=,.@-]+$/,
    allowed: "letters, digits and the characters + = , . @ _ -",
  },
  /** ECR repository names: lowercase path segments. */
  ecrRepository: {
    noun: "an ECR repository name",
    maxLength: 256,
    pattern: /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/,
    allowed:
      "lowercase letters and digits, with single '.', '_' or '-' between them, in segments separated by '/' (e.g. team/api)",
  },
};

/** Characters Pulumi appends when it autonames a resource (`-` and 7 random hex digits). */
export const AUTONAME_SUFFIX_LENGTH = 8;

/**
 * Checks a physical name against the rules of `kind` and returns it.
 *
 * @param key what to name in the error, e.g. `EcsApiService(api).targetGroupName`
 * @param reserve characters the name must leave free (e.g. `AUTONAME_SUFFIX_LENGTH`, 8, when Pulumi autonames)
 */
export function checkName(key: string, kind: NamedKind, name: string, reserve = 0): string {
  const { noun, maxLength, pattern, allowed } = NAME_LIMITS[kind];
  const budget = maxLength - reserve;
  if (name.length === 0 || name.length > budget) {
    const suffix = reserve > 0 ? ` (${maxLength} minus ${reserve} for the autoname suffix)` : "";
    throw new ValidationError(key, name, `${noun} has 1 to ${budget} characters${suffix}`);
  }
  if (!pattern.test(name)) {
    throw new ValidationError(key, name, `${noun} may contain only ${allowed}`);
  }
  return name;
}
