import { previewHostname } from "../../lib/preview/naming";
import { previewSelection } from "./graph";
import type { Catalog, Service } from "./schema";
import { dependencyVariable } from "./variables";

/** One service a preview runs, with the address it serves and where each of its dependencies resolves. */
export interface OverlayService {
  service: Service;
  /** Web services only: `preview-pr-<N>.<domain>` for the catalog's first web service, else `preview-pr-<N>-<name>.<domain>`. */
  hostname?: string;
  /** `PANTSTACK_<NAME>_URL` / `_QUEUE_URL` for each dependency: the preview's copy when it runs, test's otherwise. */
  environment: Record<string, string>;
}

/** A PR preview as an overlay on test: what it runs and what it borrows. */
export interface Overlay {
  runs: OverlayService[];
  /** Names borrowed from test, in dependency order. */
  borrows: string[];
}

/**
 * Plans a preview that runs the services a PR changed and their callers, everything else borrowed from test.
 * A backend in the preview is reached through Service Connect as `<name>-pr-<N>`, so it does not take test's
 * `<name>` in the environment's shared namespace.
 *
 * @param testAddress the address test serves a service at (its URL, or a worker's queue URL)
 */
export function previewOverlay(
  catalog: Catalog,
  changed: readonly string[],
  options: { pr: number; domain: string; testAddress: (service: Service) => string },
): Overlay {
  const { runs, borrows } = previewSelection(catalog.services, changed);
  const byName = new Map(catalog.services.map((s) => [s.name, s]));
  const firstWeb = catalog.services.find((s) => s.kind === "web")?.name;
  const hostnameOf = (s: Service) =>
    s.name === firstWeb
      ? previewHostname(options.pr, options.domain)
      : `preview-pr-${options.pr}-${s.name}.${options.domain}`;
  const previewAddress = (s: Service): string => {
    if (s.kind === "web") return `https://${hostnameOf(s)}`;
    if (s.kind === "backend") return `http://${s.name}-pr-${options.pr}:${s.port}`;
    // A worker's queue belongs to the preview's own copy; its URL is known only once the queue exists.
    return `\${${s.name}.queueUrl}`;
  };
  return {
    borrows,
    runs: runs.map((name) => {
      const service = byName.get(name) as Service;
      const environment: Record<string, string> = {};
      for (const dep of service.dependsOn) {
        const target = byName.get(dep) as Service;
        environment[dependencyVariable(dep, target.kind)] = runs.includes(dep)
          ? previewAddress(target)
          : options.testAddress(target);
      }
      return { service, environment, ...(service.kind === "web" ? { hostname: hostnameOf(service) } : {}) };
    }),
  };
}
