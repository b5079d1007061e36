import { TEST_PRIORITY_OFFSET } from "../../lib/ecs/deployment-strategy";
import { routingOrder } from "../../lib/ecs/path-patterns";
import { ValidationError } from "../../lib/errors";
import type { Catalog, Service, WebService } from "../catalog";
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

const webServices = (catalog: Catalog) => catalog.services.filter((s): s is WebService => s.kind === "web");

/**
 * The listener rule priority of each web service of the catalog: 100, 101, … in catalog order, except that on
 * a shared host a service comes before one whose paths cover its own (`/api/v2/*` before `/api/*`, paths
 * before host only), since ALB takes the first rule that matches. Refuses paths that cover each other,
 * naming `file`'s key.
 */
export function webPriorities(catalog: Catalog, file = "services.yaml"): Record<string, number> {
  const web = webServices(catalog);
  // A canary or linear test rule sits TEST_PRIORITY_OFFSET below its production rule: more web services
  // than that would give a test rule the priority of another service's production rule.
  if (web.length > TEST_PRIORITY_OFFSET) {
    throw new ValidationError(
      `${file}: services`,
      `${web.length} web services`,
      `at most ${TEST_PRIORITY_OFFSET}, so each rule's priority stays unique on the listener`,
    );
  }
  const routed = web.map((s) => ({ name: s.name, host: s.hostLabel ?? "", paths: s.paths }));
  const order = routingOrder(`${file}: services[].paths`, routed);
  return Object.fromEntries(order.map((name, i) => [name, WEB_RULE_PRIORITY + i]));
}

/** Whether `service` is the first web service of the catalog on its host (the one that owns its DNS record). */
export function firstOnHost(catalog: Catalog, service: WebService): boolean {
  return (
    webServices(catalog).find((s) => (s.hostLabel ?? "") === (service.hostLabel ?? ""))?.name === service.name
  );
}
