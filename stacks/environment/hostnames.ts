import type { Catalog, Service } from "../catalog";
import { HOST_LABELS } from "../shared/scope";

/** The environments whose stacks deploy the catalog's services themselves. */
export type ServiceEnvironment = keyof typeof HOST_LABELS;

/**
 * The host a web service answers in an environment. The primary service without a host label keeps the
 * environment's own host (`test.<domain>`, `api.<domain>`); a service with a label `app` answers at
 * `app.<domain>` in prod and `test-app.<domain>` in test, so test never takes a prod name and stays under
 * test's wildcard certificate `*.<domain>`.
 */
export function webHostname(environment: ServiceEnvironment, service: Service, domain: string): string {
  const label = service.kind === "web" ? service.hostLabel : undefined;
  // Without a label a service shares the environment's host (the catalog refuses two sharing host and path).
  if (label === undefined) return `${HOST_LABELS[environment]}.${domain}`;
  return environment === "prod" ? `${label}.${domain}` : `${HOST_LABELS.test}-${label}.${domain}`;
}

/** Listener rule priority of an environment's primary web service; its other web services follow it. */
export const WEB_RULE_PRIORITY = 100;

/** The listener rule priority of each web service of the catalog: 100, 101, … in catalog order. */
export function webPriorities(catalog: Catalog): Record<string, number> {
  const web = catalog.services.filter((s) => s.kind === "web");
  return Object.fromEntries(web.map((s, i) => [s.name, WEB_RULE_PRIORITY + i]));
}
