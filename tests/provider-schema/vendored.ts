import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RecordedResource } from "../../engine/recording-monitor";
import { inputProblems, type ProviderSchemaSubset } from "./schema-subset";

const read = (pkg: string) =>
  JSON.parse(readFileSync(join(__dirname, "vendor", `${pkg}.json`), "utf8")) as ProviderSchemaSubset;

/** The vendored schema subsets of the bridged providers the stacks use, by package name. */
export const SCHEMAS: Readonly<Record<string, ProviderSchemaSubset>> = {
  aws: read("aws"),
  github: read("github"),
};

/**
 * Checks the inputs of every resource of a vendored provider among `resources`; each problem reads
 * `<urn>: <path>: <problem>`. Components, StackReferences and other packages are not counted.
 */
export function problemsOf(resources: readonly RecordedResource[]): { checked: number; problems: string[] } {
  let checked = 0;
  const problems: string[] = [];
  for (const r of resources) {
    const schema = SCHEMAS[r.type.split(":")[0]];
    if (!r.custom || !schema) continue;
    checked++;
    for (const problem of inputProblems(schema, r.type, r.inputs)) problems.push(`${r.urn}: ${problem}`);
  }
  return { checked, problems };
}
