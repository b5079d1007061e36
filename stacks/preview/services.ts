import { ValidationError } from "../../lib/errors";
import { PREVIEW_PRIORITY_BASE } from "../../lib/preview/naming";
import type { Catalog } from "../catalog";
import { primaryService } from "../stack-catalog";

/** The config key naming the services a PR changed: `api,web` (default: the primary service). */
export const CHANGED_KEY = "pantstack:changedServices";

/** Parses `pantstack:changedServices`: catalog names, comma-separated; unset means the primary service. */
export function parseChangedServices(text: string | undefined, catalog: Catalog): string[] {
  if (text === undefined) return [primaryService(catalog).name];
  const names = catalog.services.map((s) => s.name);
  const changed = text
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  for (const name of changed) {
    if (!names.includes(name)) {
      throw new ValidationError(
        CHANGED_KEY,
        text,
        `expected catalog services, comma-separated: ${names.join(", ")}`,
      );
    }
  }
  if (changed.length === 0) throw new ValidationError(CHANGED_KEY, text, "expected at least one service");
  return changed;
}

/**
 * The listener rule priority of each web service a preview may run: the primary keeps `1000 + N`; the k-th
 * other web service adds k times the PR range, which shrinks to 49000 / (web services) PRs.
 */
export function previewPriorities(catalog: Catalog, pr: number): Record<string, number> {
  const web = catalog.services.filter((s) => s.kind === "web");
  const range = Math.floor((50000 - PREVIEW_PRIORITY_BASE) / Math.max(web.length, 1));
  if (pr > range) {
    throw new ValidationError(
      "stack",
      `preview-pr-${pr}`,
      `with ${web.length} web services a preview takes PR numbers 1 to ${range}`,
    );
  }
  const primary = primaryService(catalog).name;
  const others = web.filter((s) => s.name !== primary);
  return {
    [primary]: PREVIEW_PRIORITY_BASE + pr,
    ...Object.fromEntries(others.map((s, i) => [s.name, PREVIEW_PRIORITY_BASE + pr + (i + 1) * range])),
  };
}

/** A worker's queue URL in an overlay's variables, known once the preview's queue exists. */
const QUEUE_PLACEHOLDER = /^\$\{([a-z][a-z0-9-]*)\.queueUrl\}$/;

/**
 * The overlay's variables with each `${<worker>.queueUrl}` replaced by that preview worker's queue URL;
 * other values pass through. `queues` holds the workers created so far (dependencies come first).
 */
export function resolveQueueUrls<T>(
  environment: Record<string, string>,
  queues: Record<string, T>,
): Record<string, string | T> {
  return Object.fromEntries(
    Object.entries(environment).map(([name, value]) => {
      const worker = QUEUE_PLACEHOLDER.exec(value)?.[1];
      if (worker === undefined) return [name, value];
      const url = queues[worker];
      if (url === undefined) throw new Error(`${name}: the preview's ${worker} queue does not exist yet`);
      return [name, url];
    }),
  );
}
