import { ValidationError } from "./errors";

/** Name rules of the AWS resources whose names we choose or whose autonames we must keep short. */
export const NAME_LIMITS = {
  /** Application load balancer and target group names. */
  loadBalancer: { maxLength: 32, pattern: /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/ },
  targetGroup: { maxLength: 32, pattern: /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/ },
  /** IAM role names (without the path). */
  iamRole: { maxLength: 64, pattern: /^[\w+=,.@-]+$/ },
  /** ECR repository names: lowercase path segments. */
  ecrRepository: {
    maxLength: 256,
    pattern: /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/,
  },
} as const;

export type NamedKind = keyof typeof NAME_LIMITS;

/** Characters Pulumi appends when it autonames a resource (`-` and 7 random hex digits). */
export const AUTONAME_SUFFIX_LENGTH = 8;

/**
 * Checks a physical name against the rules of `kind` and returns it.
 *
 * @param key what to name in the error, e.g. `EcsApiService(api).targetGroupName`
 * @param reserve characters the name must leave free (e.g. {@link AUTONAME_SUFFIX_LENGTH} when Pulumi autonames)
 */
export function checkName(key: string, kind: NamedKind, name: string, reserve = 0): string {
  const { maxLength, pattern } = NAME_LIMITS[kind];
  const budget = maxLength - reserve;
  if (name.length === 0 || name.length > budget) {
    const suffix = reserve > 0 ? ` (${maxLength} minus ${reserve} for the autoname suffix)` : "";
    throw new ValidationError(key, name, `a ${kind} name must have 1 to ${budget} characters${suffix}`);
  }
  if (!pattern.test(name)) {
    throw new ValidationError(key, name, `a ${kind} name must match ${pattern}`);
  }
  return name;
}
