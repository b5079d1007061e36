// Regenerates the vendored provider schema subsets in vendor/ from the installed SDKs' declarations, for every
// resource type the planned stacks register. Run it after bumping @pulumi/aws or @pulumi/github, or when a
// stack starts using a new resource type:
//
//     npx tsx tests/provider-schema/regenerate.ts
//
// With a provider's own schema.json at hand (the same version as the SDK), read that provider's subset from it
// instead: `npx tsx tests/provider-schema/regenerate.ts --schema path/to/schema.json`.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { plannedStacks } from "../support/planned";
import { SdkDeclarations } from "./declarations";
import { type PackageSchemaFile, subsetFromSchema } from "./package-schema";
import { DEFAULT_CATALOG, EXAMPLE_CATALOG } from "./planned-requests";
import type { ProviderSchemaSubset } from "./schema-subset";

/** The bridged providers the stacks use: schema package name → npm package of its Node.js SDK. */
export const PROVIDERS = { aws: "@pulumi/aws", github: "@pulumi/github" } as const;

export const VENDOR_DIR = join(__dirname, "vendor");

/** Every resource type of `pkg` that the planned stacks register. */
export async function plannedTypes(pkg: string): Promise<string[]> {
  const plans = await Promise.all([DEFAULT_CATALOG, ...EXAMPLE_CATALOG].map((r) => plannedStacks(r)));
  const types = new Set<string>();
  for (const plan of plans.flat())
    for (const r of plan.resources) if (r.custom && r.type.startsWith(`${pkg}:`)) types.add(r.type);
  return [...types].sort();
}

/** The subset for `pkg`, as vendor/<pkg>.json holds it: from `schemaFile` when given, else the SDK. */
export async function subsetFor(
  pkg: keyof typeof PROVIDERS,
  schemaFile?: string,
): Promise<ProviderSchemaSubset> {
  const sdk = new SdkDeclarations(PROVIDERS[pkg], pkg, __dirname);
  const version = sdk.version();
  if (schemaFile) {
    const schema = JSON.parse(readFileSync(schemaFile, "utf8")) as PackageSchemaFile;
    if (schema.version !== undefined && schema.version !== version)
      throw new Error(
        `${schemaFile} is ${pkg} ${schema.version}; the installed ${PROVIDERS[pkg]} is ${version}`,
      );
    return {
      $comment:
        `The input side of the ${pkg} provider's package schema, v${version}, for the resource types the ` +
        "stacks register. Regenerate: npx tsx tests/provider-schema/regenerate.ts --schema <schema.json>",
      name: pkg,
      version,
      source: `the ${pkg} provider's schema.json, v${version}`,
      ...subsetFromSchema(schema, await plannedTypes(pkg)),
    };
  }
  return {
    $comment:
      `The input side of the ${pkg} provider's package schema, v${version}, for the resource types the stacks ` +
      "register, read from the Node.js SDK's declarations, which Pulumi generates from that schema (see " +
      "vendor/SOURCE.md). Regenerate: npx tsx tests/provider-schema/regenerate.ts",
    name: pkg,
    version,
    source: `${PROVIDERS[pkg]}@${version} type declarations (<Resource>Args, types/input.d.ts, types/enums)`,
    ...sdk.subset(await plannedTypes(pkg)),
  };
}

if (require.main === module) {
  (async () => {
    const at = process.argv.indexOf("--schema");
    const schemaFile = at > 0 ? process.argv[at + 1] : undefined;
    const schemaName = schemaFile
      ? (JSON.parse(readFileSync(schemaFile, "utf8")) as PackageSchemaFile).name
      : "";
    for (const pkg of Object.keys(PROVIDERS) as (keyof typeof PROVIDERS)[]) {
      const subset = await subsetFor(pkg, pkg === schemaName ? schemaFile : undefined);
      writeFileSync(join(VENDOR_DIR, `${pkg}.json`), `${JSON.stringify(subset, null, 1)}\n`);
      console.log(
        `${pkg}: ${Object.keys(subset.resources).length} resources, ${Object.keys(subset.types).length} types`,
      );
    }
  })().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
