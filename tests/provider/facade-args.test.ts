import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import ts from "typescript";

const ROOT = join(__dirname, "../..");

/**
 * The property names of an exported interface, read from the TypeScript source, with those of the interfaces
 * it extends (followed through relative imports).
 */
function fieldsOf(file: string, name: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), "utf8"), ts.ScriptTarget.ES2022);
  const fields: string[] = [];
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === name) {
      for (const member of node.members)
        if (ts.isPropertySignature(member)) fields.push(member.name.getText(source));
      for (const clause of node.heritageClauses ?? [])
        for (const base of clause.types)
          fields.push(...fieldsOf(baseFile(source, file, base), base.getText(source)));
    }
  });
  assert.ok(fields.length > 0, `${file}: no interface ${name}`);
  return [...new Set(fields)].sort();
}

/** The file that declares `base`: this one, or the one it imports `base` from. */
function baseFile(source: ts.SourceFile, file: string, base: ts.ExpressionWithTypeArguments): string {
  const name = base.expression.getText(source);
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings) && bindings.elements.some((e) => e.name.text === name))
      return join(dirname(file), `${statement.moduleSpecifier.text}.ts`);
  }
  return file;
}

/**
 * The facade re-declares each component's arguments in a schema-friendly form, so a new argument of a
 * TypeScript component must be added to its facade too (or named here as TypeScript-only, with docs/python.md).
 */
const COMPONENTS: [component: string, lib: string, facade: string, typescriptOnly: string[]][] = [
  ["EcrRepository", "lib/ecr/ecr-repository.ts", "provider/components/ecr-repository.ts", []],
  [
    "EcsApiService",
    "lib/ecs/ecs-api-service-args.ts",
    "provider/components/ecs-api-service.ts",
    ["transform"],
  ],
  ["GithubOidcRole", "lib/github/github-oidc-role.ts", "provider/components/github-oidc-role.ts", []],
  [
    "PreviewEnvironment",
    "lib/preview/preview-environment.ts",
    "provider/components/preview-environment.ts",
    [],
  ],
  ["Network", "lib/network/network.ts", "provider/components/network.ts", []],
  [
    "EcsBackendService",
    "lib/ecs/ecs-backend-service-args.ts",
    "provider/components/ecs-backend-service.ts",
    ["transform"],
  ],
  [
    "EcsWorkerService",
    "lib/ecs/ecs-worker-service-args.ts",
    "provider/components/ecs-worker-service.ts",
    ["transform"],
  ],
  ["ScheduledTask", "lib/ecs/scheduled-task-args.ts", "provider/components/scheduled-task.ts", ["transform"]],
  ["ServiceNamespace", "lib/network/service-namespace.ts", "provider/components/service-namespace.ts", []],
  ["AlarmTopic", "lib/monitoring/alarm-topic.ts", "provider/components/alarm-topic.ts", []],
];

describe("the component package's facade", () => {
  for (const [component, lib, facade, typescriptOnly] of COMPONENTS) {
    it(`${component} takes every argument of the TypeScript component but ${typescriptOnly.join(", ") || "none"}`, () => {
      const expected = fieldsOf(lib, `${component}Args`).filter((f) => !typescriptOnly.includes(f));
      assert.deepEqual(fieldsOf(facade, `${component}Args`), expected);
    });
  }
});
