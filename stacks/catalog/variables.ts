import type { ServiceKind } from "./schema";

/**
 * The environment variable through which a caller finds a dependency: `PANTSTACK_<NAME>_URL` for a web or
 * backend service, `PANTSTACK_<NAME>_QUEUE_URL` for a worker's queue. Dashes become underscores.
 */
export function dependencyVariable(name: string, kind: ServiceKind): string {
  const upper = name.toUpperCase().replace(/-/g, "_");
  return kind === "worker" ? `PANTSTACK_${upper}_QUEUE_URL` : `PANTSTACK_${upper}_URL`;
}
