import type { RecordedResource } from "../../engine/recording-monitor";

/** `6 resources, 2 components, 2 stack references`: cloud resources apart from what only organizes them. */
export function summarize(resources: RecordedResource[]): string {
  const references = resources.filter((r) => r.type === "pulumi:pulumi:StackReference").length;
  const components = resources.filter((r) => !r.custom).length;
  const cloud = resources.length - references - components;
  const parts = [`${cloud} resources`, `${components} components`];
  if (references > 0) parts.push(`${references} stack reference${references === 1 ? "" : "s"}`);
  return parts.join(", ");
}
