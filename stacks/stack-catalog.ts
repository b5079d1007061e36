import { isAbsolute, join, resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ValidationError } from "../lib/errors";
import { applyOverrides, type Catalog, DEFAULT_CATALOG_FILE, loadCatalog, type Service } from "./catalog";

/** The repository root: `services.yaml` and the `Pulumi.<stack>.yaml` files live there. */
export const PROJECT_ROOT = resolve(__dirname, "..");

/**
 * The config keys of every stack that reads the catalog: which file (`pantstack:servicesFile`, relative to
 * the repository root, default `services.yaml`) and the stack's overrides (`pantstack:services`, structured
 * config, which reaches the program as JSON).
 */
export const CATALOG_KEYS = {
  servicesFile: z.string().min(1, "expected a path to a services.yaml file").default(DEFAULT_CATALOG_FILE),
  services: z.string().optional(),
};

/** The path of `file` as the stacks read it: relative paths start at the repository root, not the cwd. */
export function catalogPath(file: string): string {
  return isAbsolute(file) ? file : join(PROJECT_ROOT, file);
}

/**
 * The catalog this stack deploys: the file, validated, with the stack's `pantstack:services` overrides
 * applied and validated again as a whole. Errors name the file (or the stack file) and the key.
 */
export function readStackCatalog(config: { servicesFile: string; services?: string }): Catalog {
  let catalog: Catalog;
  try {
    catalog = loadCatalog(catalogPath(config.servicesFile));
  } catch (err) {
    // A missing file is the config key's fault; the catalog's own errors name its file and key already.
    if (err instanceof ValidationError && err.key === "--services") {
      throw new ValidationError(
        "pantstack:servicesFile",
        config.servicesFile,
        "expected a readable services.yaml, relative to the repository root",
      );
    }
    throw err;
  }
  if (config.services === undefined) return catalog;
  let overrides: unknown;
  try {
    overrides = JSON.parse(config.services);
  } catch {
    throw new ValidationError(
      "pantstack:services",
      config.services,
      "expected a map of service name to overrides, e.g. {api: {cpu: 512}}",
    );
  }
  return applyOverrides(catalog, overrides, `Pulumi.${pulumi.getStack()}.yaml`);
}

/**
 * The catalog's primary service: the first web service, else the first service. It keeps the names the
 * stacks used before the catalog (the release repository, `test.<domain>`/`api.<domain>`,
 * `preview-pr-<N>.<domain>`), so a running stack upgrades without a replacement.
 */
export function primaryService(catalog: Catalog): Service {
  return catalog.services.find((s) => s.kind === "web") ?? catalog.services[0];
}
