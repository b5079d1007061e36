// Derives the AWS provider's taggable resource types from the installed @pulumi/aws: a resource is taggable
// when it takes a `tags` map and computes `tagsAll` (the provider's default tags merged in). The policy pack
// keeps a copy (policies/support/aws-taggable-types.ts, which cannot import from node_modules of the repo);
// tests/policies/taggable-types.test.ts keeps the two equal.
// Regenerate after upgrading @pulumi/aws: npx tsx tests/support/aws-taggable-types.ts --write
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const AWS = join(__dirname, "../../node_modules/@pulumi/aws");
export const GENERATED = join(__dirname, "../../policies/support/aws-taggable-types.ts");

/** Every custom resource type of the installed AWS provider that is taggable, sorted. */
export function taggableTypesOfProvider(root = AWS): string[] {
  const types: string[] = [];
  for (const module of readdirSync(root)) {
    const dir = join(root, module);
    if (!statSync(dir).isDirectory() || module === "types" || module === "node_modules") continue;
    for (const file of readdirSync(dir)) {
      if (!file.endsWith(".js")) continue;
      const source = readFileSync(join(dir, file), "utf8");
      const type = /static __pulumiType = '([^']+)'/.exec(source)?.[1];
      if (
        type &&
        source.includes('resourceInputs["tags"] = args?.tags') &&
        source.includes('resourceInputs["tagsAll"] = undefined')
      ) {
        types.push(type);
      }
    }
  }
  return [...new Set(types)].sort();
}

/** The policy pack's copy of the list, as a module. */
export function generatedModule(types: string[]): string {
  const version = (JSON.parse(readFileSync(join(AWS, "package.json"), "utf8")) as { version: string })
    .version;
  return `// Generated from @pulumi/aws ${version} by tests/support/aws-taggable-types.ts: do not edit.
// The AWS resource types that take a \`tags\` map (and compute \`tagsAll\` with the provider's default tags).

/** Taggable AWS resource types (Pulumi type tokens). */
export const AWS_TAGGABLE_TYPES: ReadonlySet<string> = new Set([
${types.map((t) => `  "${t}",`).join("\n")}
]);
`;
}

if (require.main === module && process.argv.includes("--write")) {
  writeFileSync(GENERATED, generatedModule(taggableTypesOfProvider()));
}
