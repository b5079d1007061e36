import type { RecordedResource } from "../../engine/recording-monitor";

/** A resource with the depth and tree prefix it is drawn with. */
export interface TreeRow {
  resource: RecordedResource;
  prefix: string;
  /** What a second line of this row starts with, so the tree's guides run on past it. */
  continuation: string;
}

/** Orders resources as a tree (parents before children, registration order among siblings). */
export function treeRows(resources: RecordedResource[]): TreeRow[] {
  const children = new Map<string | undefined, RecordedResource[]>();
  const known = new Set(resources.map((r) => r.urn));
  for (const resource of resources) {
    const parent = resource.parent && known.has(resource.parent) ? resource.parent : undefined;
    children.set(parent, [...(children.get(parent) ?? []), resource]);
  }
  const rows: TreeRow[] = [];
  const walk = (parent: string | undefined, indent: string) => {
    const siblings = children.get(parent) ?? [];
    siblings.forEach((resource, i) => {
      const last = i === siblings.length - 1;
      const prefix = parent === undefined ? "" : `${indent}${last ? "└─ " : "├─ "}`;
      const childIndent = parent === undefined ? "" : `${indent}${last ? "   " : "│  "}`;
      const continuation = `${childIndent}${children.has(resource.urn) ? "│  " : ""}`;
      rows.push({ resource, prefix, continuation });
      walk(resource.urn, childIndent);
    });
  };
  walk(undefined, "");
  return rows;
}
