import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "../errors";

/**
 * ALB listener-rule limits for host and path routing. A rule has at most one `path-pattern` condition; a
 * condition holds at most 3 values and a rule at most 5 across all its conditions. A path pattern is
 * case-sensitive, up to 128 characters of `A-Z a-z 0-9 _ - . $ / ~ " ' @ : + &`, with `*` (0 or more
 * characters) and `?` (exactly 1) as wildcards, and is compared with the URL's path only (not the query).
 * Source: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-rules.html and
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_PathPatternConditionConfig.html
 */
export const ALB_RULE_LIMITS = {
  /** Values one condition holds. */
  valuesPerCondition: 3,
  /** Values one rule holds across its conditions. */
  valuesPerRule: 5,
  /** Characters in one path pattern. */
  patternLength: 128,
} as const;

/**
 * Path patterns one service can have: one condition's worth. Its test rule (canary and linear) holds the
 * host (1 value), the paths and the test header (1 value): 1 + 3 + 1 = 5, the rule's limit.
 */
export const MAX_PATHS = Math.min(ALB_RULE_LIMITS.valuesPerCondition, ALB_RULE_LIMITS.valuesPerRule - 2);

/** What ALB accepts in a path pattern, starting with `/` as every request path does. */
const PATH_PATTERN = new RegExp(`^/[A-Za-z0-9_\\-.$/~"'@:+&*?]{0,${ALB_RULE_LIMITS.patternLength - 1}}$`);

/** Checks a service's path patterns before anything exists; returns them. */
export function checkPaths(key: string, paths: readonly string[] | undefined): string[] {
  const given = [...(paths ?? [])];
  if (given.length > MAX_PATHS) {
    throw new ValidationError(
      key,
      given,
      `at most ${MAX_PATHS} path patterns (one ALB condition holds ${ALB_RULE_LIMITS.valuesPerCondition} values, a rule ${ALB_RULE_LIMITS.valuesPerRule} with its host and test header)`,
    );
  }
  given.forEach((path, i) => {
    if (typeof path !== "string" || !PATH_PATTERN.test(path)) {
      throw new ValidationError(
        `${key}[${i}]`,
        path,
        `expected a path pattern starting with /, up to ${ALB_RULE_LIMITS.patternLength} of A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & and the wildcards * and ?`,
      );
    }
    if (given.indexOf(path) !== i) {
      throw new ValidationError(`${key}[${i}]`, path, "each path pattern once");
    }
  });
  return given;
}

/**
 * A service's listener rule conditions: its host, and its path patterns when it has any (one condition:
 * the rule matches when the path matches one of them).
 */
export function routeConditions(
  hostname: pulumi.Input<string>,
  paths: readonly string[],
): aws.types.input.lb.ListenerRuleCondition[] {
  return [
    { hostHeader: { values: [hostname] } },
    ...(paths.length > 0 ? [{ pathPattern: { values: [...paths] } }] : []),
  ];
}

/** Whether `pattern` matches the request path `path` (ALB's `*` and `?`, case-sensitive). */
export function pathMatches(pattern: string, path: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`).test(path);
}

/**
 * Whether every path `general` matches, `specific` matches too and not the reverse: `/api/*` covers
 * `/api/v2/*` and `/api/health`. Read by literal prefix: a pattern ending in its only `*` covers the
 * patterns that start with what comes before it. A host-only rule (no paths) covers every path.
 */
export function covers(general: readonly string[], specific: readonly string[]): boolean {
  if (general.length === 0) return specific.length > 0;
  return general.some((g) => {
    const star = g.indexOf("*");
    const prefixOnly = star === g.length - 1 && !g.includes("?");
    return specific.some((s) => s !== g && (prefixOnly ? s.startsWith(g.slice(0, -1)) : false));
  });
}

/** One web service's routing as the ordering reads it. */
export interface RoutedService {
  name: string;
  /** The host it answers; services on different hosts never compete. */
  host: string;
  /** Its path patterns; empty for host only. */
  paths: readonly string[];
}

/**
 * The order of listener rules (lowest priority number first) so that on each host a more specific rule
 * comes before one that covers it (`/api/v2/*` before `/api/*`, any path before host only); otherwise the
 * given order, so that adding paths to one service moves no other. Throws when two services cover each other.
 */
export function routingOrder(key: string, services: readonly RoutedService[]): string[] {
  const before = new Map<string, Set<string>>(services.map((s) => [s.name, new Set<string>()]));
  for (const a of services) {
    for (const b of services) {
      if (a === b || a.host !== b.host || !covers(b.paths, a.paths)) continue;
      if (covers(a.paths, b.paths)) {
        throw new ValidationError(
          key,
          `${a.name}, ${b.name}`,
          `their paths cover each other's on one host (${a.name}: ${a.paths.join(", ")}; ${b.name}: ${b.paths.join(", ")}), so no rule order routes both: split the patterns`,
        );
      }
      before.get(b.name)?.add(a.name);
    }
  }
  const order: string[] = [];
  const left = [...services];
  while (left.length > 0) {
    const next = left.findIndex((s) => [...(before.get(s.name) ?? [])].every((n) => order.includes(n)));
    // A cycle of three or more: no order routes all of them.
    if (next < 0) {
      throw new ValidationError(
        key,
        left.map((s) => s.name).join(", "),
        "their paths cover each other in a cycle",
      );
    }
    order.push(left[next].name);
    left.splice(next, 1);
  }
  return order;
}
