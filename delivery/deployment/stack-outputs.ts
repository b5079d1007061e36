// Which services to follow, read from a stack's outputs (`pulumi stack output --json`).
import { ValidationError } from "../../lib/errors";

/** The cluster and its services. */
export interface Targets {
  cluster: string;
  services: string[];
}

/** The catalog's kinds that run as ECS services (a `job` is a scheduled task: no service, no deployment). */
const ECS_SERVICE_KINDS = new Set(["web", "backend", "worker"]);

/**
 * Reads the JSON `pulumi stack output --json` prints (one object, output name to value), as `test` and
 * `prod` export it: `clusterName`, and `services` (each catalog service's `kind` and ECS `serviceName`); a
 * stack from before the catalog has the one `serviceName`. Throws naming `--outputs` when the cluster or
 * every service is missing.
 */
export function targetsFromOutputs(file: string, text: string): Targets {
  let outputs: unknown;
  try {
    outputs = JSON.parse(text);
  } catch {
    throw new ValidationError("--outputs", file, "expected the JSON of `pulumi stack output --json`");
  }
  const record = (typeof outputs === "object" && outputs !== null ? outputs : {}) as Record<string, unknown>;
  const { clusterName, serviceName, services } = record;
  const fromCatalog =
    typeof services === "object" && services !== null
      ? Object.values(services as Record<string, { kind?: unknown; serviceName?: unknown }>)
          .filter((s) => ECS_SERVICE_KINDS.has(String(s?.kind)) && typeof s.serviceName === "string")
          .map((s) => s.serviceName as string)
      : [];
  const names = fromCatalog.length > 0 ? fromCatalog : typeof serviceName === "string" ? [serviceName] : [];
  if (typeof clusterName !== "string" || names.length === 0) {
    throw new ValidationError(
      "--outputs",
      file,
      `expected the stack outputs clusterName and services (or serviceName) (found: ${Object.keys(record).join(", ") || "none"})`,
    );
  }
  return { cluster: clusterName, services: [...new Set(names)] };
}
