import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { z } from "zod";
import { ValidationError } from "../../lib/errors";
import { findCycle } from "./graph";
import { CATALOG, type Catalog, fargateMemoryFor, type Service } from "./schema";

/** The catalog every stack and the pipeline read, at the repository root. */
export const DEFAULT_CATALOG_FILE = "services.yaml";

/**
 * Parses and validates a catalog's YAML text. The first problem becomes one {@link ValidationError} whose key
 * names the file and the key path (`services.yaml: services[1].port`), before any resource exists.
 */
export function parseCatalog(text: string, file: string): Catalog {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new ValidationError(
      `${file}`,
      "(unparsable)",
      `expected YAML: ${(err as Error).message.split("\n")[0]}`,
    );
  }
  return validateCatalog(raw, file);
}

/** Validates a catalog already read into a plain object; errors name `file` and the key path. */
export function validateCatalog(raw: unknown, file: string): Catalog {
  const parsed = CATALOG.safeParse(raw);
  if (!parsed.success) throw fromZod(file, raw, parsed.error);
  checkAcrossServices(file, parsed.data.services);
  return parsed.data;
}

/** Reads and validates a catalog file. */
export function loadCatalog(file: string = DEFAULT_CATALOG_FILE): Catalog {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new ValidationError("--services", file, "expected a readable services.yaml file");
  }
  return parseCatalog(text, file);
}

function keyPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let here: unknown = raw;
  for (const p of path) {
    if (here === null || typeof here !== "object") return undefined;
    here = (here as Record<PropertyKey, unknown>)[p];
  }
  return here;
}

function fromZod(file: string, raw: unknown, error: z.ZodError): ValidationError {
  const issue = error.issues[0];
  let path = issue.path;
  // An unknown key: name the key itself, not the object holding it.
  if (issue.code === "unrecognized_keys") path = [...path, issue.keys[0]];
  const value = valueAt(raw, path);
  const allowed =
    issue.code === "unrecognized_keys"
      ? "this key is not part of a service of this kind"
      : value === undefined && issue.code === "invalid_type"
        ? "this key is required"
        : issue.message;
  return new ValidationError(`${file}: ${keyPath(path)}`, value, allowed);
}

function checkAcrossServices(file: string, services: readonly Service[]): void {
  const at = (i: number, key: string) => `${file}: services[${i}].${key}`;
  const names = new Map<string, number>();
  const hosts = new Map<string, string>();
  const paths = new Map<string, string>();
  services.forEach((s, i) => {
    if (names.has(s.name)) {
      throw new ValidationError(
        at(i, "name"),
        s.name,
        `names must be unique; services[${names.get(s.name)}] has it`,
      );
    }
    names.set(s.name, i);
    const memory = fargateMemoryFor(s.cpu);
    if (!memory.includes(s.memory)) {
      throw new ValidationError(
        at(i, "memory"),
        s.memory,
        `with cpu ${s.cpu}, Fargate memory must be one of ${memory.join(", ")}`,
      );
    }
    if ((s.minCount === undefined) !== (s.maxCount === undefined)) {
      throw new ValidationError(
        at(i, s.minCount === undefined ? "minCount" : "maxCount"),
        undefined,
        "set minCount and maxCount together",
      );
    }
    if (s.minCount !== undefined && s.maxCount !== undefined && s.minCount > s.maxCount) {
      throw new ValidationError(at(i, "maxCount"), s.maxCount, `expected at least minCount (${s.minCount})`);
    }
    if (s.kind === "web") {
      const host = s.hostLabel ?? "";
      for (const p of s.paths.length > 0 ? s.paths : ["/*"]) {
        const rule = `${host} ${p}`;
        const other = paths.get(rule);
        if (other) {
          throw new ValidationError(
            at(i, s.paths.length > 0 ? "paths" : "hostLabel"),
            s.paths.length > 0 ? p : s.hostLabel,
            `clashes with web service ${other}; give a different host label or path`,
          );
        }
        paths.set(rule, s.name);
      }
      if (s.hostLabel) hosts.set(s.hostLabel, s.name);
    }
  });
  services.forEach((s, i) => {
    s.dependsOn.forEach((dep, j) => {
      if (!names.has(dep)) {
        throw new ValidationError(
          at(i, `dependsOn[${j}]`),
          dep,
          `expected a service of this catalog: ${[...names.keys()].join(", ")}`,
        );
      }
      const target = services[names.get(dep) as number];
      if (target.kind === "job") {
        throw new ValidationError(
          at(i, `dependsOn[${j}]`),
          dep,
          "a job has no address to call; depend on a web, backend or worker service",
        );
      }
    });
  });
  const cycle = findCycle(services);
  if (cycle) {
    const i = names.get(cycle[0]) as number;
    throw new ValidationError(
      at(i, "dependsOn"),
      services[i].dependsOn,
      `dependsOn must not form a cycle: ${cycle.join(" -> ")}`,
    );
  }
}
