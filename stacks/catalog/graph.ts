/** Dependency graph helpers over a catalog's `dependsOn` edges: pure, so previews and plans share them. */
export interface Node {
  name: string;
  dependsOn: readonly string[];
}

/** A cycle as a list of names ending where it started, or null when the graph has none. */
export function findCycle(services: readonly Node[]): string[] | null {
  const byName = new Map(services.map((s) => [s.name, s]));
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (name: string): string[] | null => {
    if (state.get(name) === "done") return null;
    if (state.get(name) === "visiting") return [...stack.slice(stack.indexOf(name)), name];
    state.set(name, "visiting");
    stack.push(name);
    for (const dep of byName.get(name)?.dependsOn ?? []) {
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(name, "done");
    return null;
  };
  for (const s of services) {
    const cycle = visit(s.name);
    if (cycle) return cycle;
  }
  return null;
}

/** Names ordered so each service comes after what it depends on; catalog order breaks ties. */
export function topologicalOrder(services: readonly Node[]): string[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const dep of byName.get(name)?.dependsOn ?? []) visit(dep);
    out.push(name);
  };
  for (const s of services) visit(s.name);
  return out;
}

/** Every service whose `dependsOn` reaches one of `names`, transitively (excluding `names` themselves). */
export function dependentsOf(services: readonly Node[], names: readonly string[]): string[] {
  const found = new Set<string>();
  let frontier = new Set(names);
  while (frontier.size > 0) {
    const next = new Set<string>();
    for (const s of services) {
      if (names.includes(s.name) || found.has(s.name)) continue;
      if (s.dependsOn.some((d) => frontier.has(d))) {
        found.add(s.name);
        next.add(s.name);
      }
    }
    frontier = next;
  }
  return services.map((s) => s.name).filter((n) => found.has(n));
}

/**
 * What a preview runs for a PR that changed `changed`: those services and every caller of them
 * (so each entry point into the changed code is in the preview); the rest is borrowed from test.
 */
export function previewSelection(
  services: readonly Node[],
  changed: readonly string[],
): { runs: string[]; borrows: string[] } {
  const known = changed.filter((c) => services.some((s) => s.name === c));
  const running = new Set([...known, ...dependentsOf(services, known)]);
  const order = topologicalOrder(services);
  return {
    runs: order.filter((n) => running.has(n)),
    borrows: order.filter((n) => !running.has(n)),
  };
}
