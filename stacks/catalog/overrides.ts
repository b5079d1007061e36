import { z } from "zod";
import { ValidationError } from "../../lib/errors";
import { validateCatalog } from "./catalog";
import type { Catalog } from "./schema";

/** The structured config key holding per-stack overrides: `pantstack:services: {api: {cpu: 512}}`. */
export const OVERRIDES_KEY = "pantstack:services";

/**
 * What a stack may change of a service: its size, counts, variables, secrets and host label. Its kind, image,
 * port and dependencies stay the catalog's, so every environment runs the same topology.
 */
const OVERRIDE = z.strictObject({
  cpu: z.number().optional(),
  memory: z.number().optional(),
  desiredCount: z.number().optional(),
  minCount: z.number().optional(),
  maxCount: z.number().optional(),
  environment: z.record(z.string(), z.string()).optional(),
  secrets: z.record(z.string(), z.string()).optional(),
  hostLabel: z.string().optional(),
});

const OVERRIDES = z.record(z.string(), OVERRIDE);

/**
 * Applies a stack's `pantstack:services` overrides to the catalog and validates the result as a whole, so an
 * override cannot produce what the catalog itself could not hold (a Fargate size AWS does not offer, a clashing
 * host label). Structured Pulumi config keeps an override next to the stack's other settings, where
 * `pulumi config` and the plan's `--config` already reach it; `environment` and `secrets` merge key by key.
 *
 * @param stackFile names the source in errors, e.g. `Pulumi.prod.yaml`
 */
export function applyOverrides(catalog: Catalog, overrides: unknown, stackFile: string): Catalog {
  if (overrides === undefined) return catalog;
  const where = `${stackFile}: ${OVERRIDES_KEY}`;
  const parsed = OVERRIDES.safeParse(overrides);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]] : issue.path;
    const allowed =
      issue.code === "unrecognized_keys"
        ? `a stack may override only ${Object.keys(OVERRIDE.shape).join(", ")}`
        : issue.message;
    const value = path.reduce<unknown>(
      (here, key) =>
        here !== null && typeof here === "object" ? (here as Record<PropertyKey, unknown>)[key] : undefined,
      overrides,
    );
    throw new ValidationError(`${where}.${path.join(".")}`, value, allowed);
  }
  const names = catalog.services.map((s) => s.name);
  for (const name of Object.keys(parsed.data)) {
    if (!names.includes(name)) {
      throw new ValidationError(
        `${where}.${name}`,
        name,
        `expected a service of the catalog: ${names.join(", ")}`,
      );
    }
  }
  const services = catalog.services.map((s) => {
    const o = parsed.data[s.name];
    if (!o) return s;
    const { environment, secrets, ...rest } = o;
    return {
      ...s,
      ...rest,
      environment: { ...s.environment, ...environment },
      secrets: { ...s.secrets, ...secrets },
    };
  });
  return validateCatalog({ services }, `${where} (on services.yaml)`);
}
