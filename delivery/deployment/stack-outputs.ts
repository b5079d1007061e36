// Which services to follow, read from a stack's outputs (`pulumi stack output --json`).
import { ValidationError } from "../../lib/errors";

/** The cluster and its web services. */
export interface Targets {
  cluster: string;
  services: string[];
}

/**
 * Reads `clusterName` and `serviceName` from the JSON `pulumi stack output --json` prints (one object, output
 * name to value), as `test` and `prod` export them. Throws naming `--outputs` when either is missing.
 */
export function targetsFromOutputs(file: string, text: string): Targets {
  let outputs: unknown;
  try {
    outputs = JSON.parse(text);
  } catch {
    throw new ValidationError("--outputs", file, "expected the JSON of `pulumi stack output --json`");
  }
  const record = (typeof outputs === "object" && outputs !== null ? outputs : {}) as Record<string, unknown>;
  const { clusterName, serviceName } = record;
  if (typeof clusterName !== "string" || typeof serviceName !== "string") {
    throw new ValidationError(
      "--outputs",
      file,
      `expected the stack outputs clusterName and serviceName (found: ${Object.keys(record).join(", ") || "none"})`,
    );
  }
  return { cluster: clusterName, services: [serviceName] };
}
