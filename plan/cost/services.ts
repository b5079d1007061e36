import type { CostedResource, CostLine } from "./estimate";

/** The component types the catalog's kinds are built from, by kind. */
export const SERVICE_COMPONENTS = {
  "pantstack:ecs:EcsApiService": "web",
  "pantstack:ecs:EcsBackendService": "backend",
  "pantstack:ecs:EcsWorkerService": "worker",
  "pantstack:ecs:ScheduledTask": "job",
} as const;

/** A catalog kind, or `platform` for what the services share (load balancer, NAT, cluster, namespace...). */
export type CostKind = (typeof SERVICE_COMPONENTS)[keyof typeof SERVICE_COMPONENTS] | "platform";

/** The order services are listed in: by kind as the catalog reference lists them, the platform last. */
export const KIND_ORDER: readonly CostKind[] = ["web", "backend", "worker", "job", "platform"];

/** What one item (compute, logs, alarms...) costs a service: its lines of that item summed. */
export interface ItemCost {
  item: string;
  monthlyUsd: number;
  monthlyUsdMax: number;
}

/** One service's monthly cost: the lines of every resource under its component. */
export interface ServiceCost {
  /** The component's name (the catalog's service name), or `platform`. */
  name: string;
  kind: CostKind;
  /** The component's URN; unset for the platform. */
  urn?: string;
  monthlyUsd: number;
  monthlyUsdMax: number;
  /** Most expensive first; an item with no cost (a namespace) is kept, so each priced resource shows. */
  items: ItemCost[];
}

const cents = (n: number) => Math.round(n * 100) / 100;

/** Item names as a service summary reads them: a service's several alarms are one `alarms` item. */
const ITEM_GROUPS: Record<string, string> = { alarm: "alarms", "scaling alarms": "alarms" };

/**
 * The cost by service: each line goes to the nearest service component above its resource (by parent), the
 * rest to `platform`. Services are listed by kind (web, backend, worker, job), in plan order within a kind.
 * Empty when the stack has no service component (e.g. `shared`).
 */
export function serviceCosts(
  resources: readonly CostedResource[],
  lines: readonly CostLine[],
): ServiceCost[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const components = resources.filter((r) => r.type in SERVICE_COMPONENTS);
  if (components.length === 0) return [];
  const owner = new Map<string, string | undefined>();
  const ownerOf = (urn: string): string | undefined => {
    if (owner.has(urn)) return owner.get(urn);
    const seen = new Set<string>();
    let at = byUrn.get(urn);
    let found: string | undefined;
    while (at && !seen.has(at.urn)) {
      seen.add(at.urn);
      if (at.type in SERVICE_COMPONENTS) {
        found = at.urn;
        break;
      }
      at = at.parent ? byUrn.get(at.parent) : undefined;
    }
    owner.set(urn, found);
    return found;
  };
  const groups = new Map<string | undefined, CostLine[]>();
  for (const line of lines) {
    const key = ownerOf(line.urn);
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  const summary = (name: string, kind: CostKind, urn: string | undefined): ServiceCost => {
    const own = groups.get(urn) ?? [];
    const items = new Map<string, ItemCost>();
    for (const line of own) {
      const item = ITEM_GROUPS[line.item] ?? line.item;
      const sum = items.get(item) ?? { item, monthlyUsd: 0, monthlyUsdMax: 0 };
      sum.monthlyUsd += line.monthlyUsd;
      sum.monthlyUsdMax += line.monthlyUsdMax;
      items.set(item, sum);
    }
    const sorted = [...items.values()]
      .map((i) => ({ ...i, monthlyUsd: cents(i.monthlyUsd), monthlyUsdMax: cents(i.monthlyUsdMax) }))
      .sort((a, b) => b.monthlyUsdMax - a.monthlyUsdMax || b.monthlyUsd - a.monthlyUsd);
    return {
      name,
      kind,
      ...(urn ? { urn } : {}),
      monthlyUsd: cents(own.reduce((t, l) => t + l.monthlyUsd, 0)),
      monthlyUsdMax: cents(own.reduce((t, l) => t + l.monthlyUsdMax, 0)),
      items: sorted,
    };
  };
  const services = components.map((c) =>
    summary(c.name, SERVICE_COMPONENTS[c.type as keyof typeof SERVICE_COMPONENTS], c.urn),
  );
  services.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  return [...services, summary("platform", "platform", undefined)];
}
