import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import ts from "typescript";

const ROOT = join(__dirname, "../..");
/** The page that documents the components. */
const LIBRARY_PAGE = "docs/library.md";
const README = readFileSync(join(ROOT, LIBRARY_PAGE), "utf8");

/** The members of an interface (required or not) and the `declare readonly` members of a class. */
function declared(
  file: string,
  argsInterface: string,
  className: string,
): { required: string[]; optional: string[]; outputs: string[] } {
  const source = ts.createSourceFile(
    file,
    readFileSync(join(ROOT, file), "utf8"),
    ts.ScriptTarget.ES2022,
    true,
  );
  const required: string[] = [];
  const optional: string[] = [];
  const outputs: string[] = [];
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === argsInterface) {
      for (const member of node.members) {
        if (ts.isPropertySignature(member))
          (member.questionToken ? optional : required).push(member.name.getText());
      }
      // The arguments of an interface it extends (the Fargate components' FargateTaskArgs).
      for (const base of (node.heritageClauses ?? []).flatMap((c) => c.types)) {
        const name = base.expression.getText();
        const from = source.statements.find(
          (s) =>
            ts.isImportDeclaration(s) &&
            s.importClause?.namedBindings &&
            ts.isNamedImports(s.importClause.namedBindings) &&
            s.importClause.namedBindings.elements.some((e) => e.name.text === name),
        ) as ts.ImportDeclaration | undefined;
        const baseFile = from
          ? join(dirname(file), `${(from.moduleSpecifier as ts.StringLiteral).text}.ts`)
          : file;
        const inherited = declared(baseFile, name, "");
        required.push(...inherited.required);
        optional.push(...inherited.optional);
      }
    }
    if (ts.isClassDeclaration(node) && node.name?.text === className) {
      for (const member of node.members) {
        const modifiers = ts.canHaveModifiers(member) ? (ts.getModifiers(member) ?? []) : [];
        const isDeclared = modifiers.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword);
        if (ts.isPropertyDeclaration(member) && isDeclared) outputs.push(member.name.getText());
      }
    }
  });
  return { required: required.sort(), optional, outputs: outputs.sort() };
}

/** What the library page's reference says of a component: its table's arguments and its outputs paragraph. */
function documented(component: string) {
  const start = README.indexOf(`**\`${component}(`);
  assert.ok(start >= 0, `no reference entry for ${component}`);
  const end = README.slice(start + 1).search(/\n\*\*`|\n##/);
  const entry = README.slice(start, end < 0 ? undefined : start + 1 + end);
  const required: string[] = [];
  const optional: string[] = [];
  for (const row of entry.split("\n").filter((line) => /^\| `/.test(line))) {
    const [names, need] = row.split("|").slice(1, 3);
    const list = [...names.matchAll(/`(\w+)`/g)].map((m) => m[1]);
    (need.trim().startsWith("yes") ? required : optional).push(...list);
  }
  const outputsLine = /Outputs: ([\s\S]*?)(?:\n\n|$)/.exec(entry)?.[1] ?? "";
  // Plain identifiers only: `aws.ecr.Repository` and `imageUri(tag)` are types and methods, not members.
  const outputs = [...outputsLine.matchAll(/`([a-z]\w*)`/g)].map((m) => m[1]);
  return { required: required.sort(), optional, outputs: outputs.sort() };
}

const COMPONENTS: [string, string, string][] = [
  ["EcrRepository", "lib/ecr/ecr-repository.ts", "EcrRepositoryArgs"],
  ["GithubOidcRole", "lib/github/github-oidc-role.ts", "GithubOidcRoleArgs"],
  ["EcsApiService", "lib/ecs/ecs-api-service.ts", "EcsApiServiceArgs"],
  ["PreviewEnvironment", "lib/preview/preview-environment.ts", "PreviewEnvironmentArgs"],
  ["Network", "lib/network/network.ts", "NetworkArgs"],
  ["HttpsLoadBalancer", "lib/network/https-load-balancer.ts", "HttpsLoadBalancerArgs"],
  ["EcsBackendService", "lib/ecs/ecs-backend-service.ts", "EcsBackendServiceArgs"],
  ["ServiceNamespace", "lib/network/service-namespace.ts", "ServiceNamespaceArgs"],
  ["EcsWorkerService", "lib/ecs/ecs-worker-service.ts", "EcsWorkerServiceArgs"],
  ["ScheduledTask", "lib/ecs/scheduled-task.ts", "ScheduledTaskArgs"],
  ["AlarmTopic", "lib/monitoring/alarm-topic.ts", "AlarmTopicArgs"],
  ["AlarmSet", "lib/monitoring/alarm-set.ts", "AlarmSetArgs"],
];

/** Where a component's args interface is declared, when not beside the class. */
const ARGS_FILES: Record<string, string> = {
  EcsApiService: "lib/ecs/ecs-api-service-args.ts",
  EcsBackendService: "lib/ecs/ecs-backend-service-args.ts",
  EcsWorkerService: "lib/ecs/ecs-worker-service-args.ts",
  ScheduledTask: "lib/ecs/scheduled-task-args.ts",
};

describe("the component reference in docs/library.md", () => {
  for (const [component, file, argsInterface] of COMPONENTS) {
    it(`lists ${component}'s required arguments and outputs exactly, and only real optional arguments`, () => {
      const argsFile = ARGS_FILES[component] ?? file;
      const args = declared(argsFile, argsInterface, component);
      const outputs = declared(file, argsInterface, component).outputs;
      const readme = documented(component);
      assert.deepEqual(readme.required, args.required, "required arguments");
      assert.deepEqual(
        readme.optional.filter((name) => !args.optional.includes(name)),
        [],
        "documented optional arguments that do not exist",
      );
      assert.ok(readme.optional.length >= 2, "the main optional arguments");
      assert.deepEqual(readme.outputs, outputs, "outputs");
    });
  }

  it("says why Network is not awsx.ec2.Vpc and why there is no @pulumi/random", () => {
    assert.match(README, /## Why not `awsx\.ec2\.Vpc`, and no `@pulumi\/random`/);
    assert.match(README, /remote \(multi-language\) components/);
  });
});
