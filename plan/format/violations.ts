import type { Violation } from "../policy-check";

/** The resource's logical name in a URN, or the stack for stack-wide findings. */
export function subject(violation: Violation): string {
  return violation.urn ? (violation.urn.split("::").pop() ?? violation.urn) : "(stack)";
}

/** Mandatory findings first, otherwise in the order found. */
export function sortViolations(violations: Violation[]): Violation[] {
  const order = { mandatory: 0, advisory: 1 } as const;
  return [...violations].sort((a, b) => order[a.level] - order[b.level]);
}

/** One line per finding, mandatory first: `[mandatory] policy: message (resource)`. */
export function violationLines(violations: Violation[]): string[] {
  return sortViolations(violations).map((v) => `[${v.level}] ${v.policy}: ${v.message} (${subject(v)})`);
}
