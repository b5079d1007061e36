import type { RecordedResource } from "../engine/recording-monitor";
import { shortType } from "./format/text";

/** Mermaid node text: quotes become entities, so any name is safe inside `["…"]`. */
const label = (text: string) => text.replace(/"/g, "#quot;");

const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/**
 * A Mermaid flowchart of a stack: each component a subgraph (nested as the components are), each resource
 * a node, each dependency an edge from the resource to what it depends on. Protected or retained
 * resources get a thick border. GitHub renders it in a PR comment.
 */
export function mermaidDiagram(resources: RecordedResource[]): string {
  const ids = new Map(resources.map((r, i) => [r.urn, `${r.custom ? "n" : "c"}${i}`]));
  const children = new Map<string | undefined, RecordedResource[]>();
  for (const r of resources) {
    const parent = r.parent && ids.has(r.parent) ? r.parent : undefined;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const lines = ["flowchart LR"];
  const draw = (parent: string | undefined, indent: string) => {
    for (const r of children.get(parent) ?? []) {
      const id = ids.get(r.urn) as string;
      const text = label(`${r.name}<br/>${shortType(r.type).replace(/^aws:/, "")}`);
      if (!r.custom) {
        lines.push(`${indent}subgraph ${id}["${text}"]`);
        draw(r.urn, `${indent}  `);
        lines.push(`${indent}end`);
      } else if (r.type === STACK_REFERENCE) {
        lines.push(`${indent}${id}(["${label(`stack ${r.name}`)}"])`);
      } else {
        lines.push(`${indent}${id}["${text}"]`);
      }
    }
  };
  draw(undefined, "  ");
  for (const r of resources) {
    if (!r.custom) continue;
    const from = ids.get(r.urn) as string;
    const targets = [...r.options.dependencies, ...Object.values(r.options.propertyDependencies).flat()];
    const to = new Set<string>();
    for (const urn of targets) {
      const id = ids.get(urn);
      if (id && id !== from && urn !== r.parent) to.add(id);
    }
    // One line per resource (`a --> b & c`) keeps a PR comment's diagram short.
    if (to.size > 0) lines.push(`  ${from} --> ${[...to].join(" & ")}`);
  }
  const kept = resources
    .filter((r) => r.options.protect || r.options.retainOnDelete)
    .map((r) => ids.get(r.urn));
  if (kept.length > 0) {
    lines.push("  classDef kept stroke-width:4px", `  class ${kept.join(",")} kept`);
  }
  return lines.join("\n");
}
