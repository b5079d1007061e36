import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import ts from "typescript";
import type { PropertySpec, ProviderSchemaSubset, ResourceSpec, TypeSpec } from "./schema-subset";

/**
 * Reads a subset of a Pulumi bridged provider's package schema (the input side: each resource's input
 * properties and required inputs, with the object and enum types they use) from its Node.js SDK's type
 * declarations, which Pulumi's code generator writes from that schema: `<Resource>Args` from a resource's
 * `inputProperties`/`requiredInputs`, `types/input.d.ts` from its object types, `types/enums` from its enums.
 *
 * The declarations lose two things the schema has: `integer` (TypeScript has only `number`) and the exact
 * token of object types (rebuilt here as `<pkg>:<module>/<Type>:<Type>`, the form the bridge uses).
 */
export class SdkDeclarations {
  private readonly root: string;
  private readonly pkg: string;
  private readonly sources = new Map<string, ts.SourceFile>();
  private readonly inputTypes = new Map<string, ts.InterfaceDeclaration>();
  private readonly types: Record<string, TypeSpec> = {};

  /** `npmPackage`: e.g. `@pulumi/aws`; `pkg`: the schema's package name, e.g. `aws`. */
  constructor(npmPackage: string, pkg: string, resolveFrom: string) {
    this.root = dirname(require.resolve(`${npmPackage}/package.json`, { paths: [resolveFrom] }));
    this.pkg = pkg;
  }

  /** The SDK's version, from its package.json. */
  version(): string {
    return (JSON.parse(readFileSync(join(this.root, "package.json"), "utf8")) as { version: string }).version;
  }

  /** The subset for these resource tokens (`aws:ecs/service:Service`), with every type they reach. */
  subset(tokens: readonly string[]): Pick<ProviderSchemaSubset, "resources" | "types"> {
    const resources: Record<string, ResourceSpec> = {};
    for (const token of [...tokens].sort()) resources[token] = this.resource(token);
    const types: Record<string, TypeSpec> = {};
    for (const name of Object.keys(this.types).sort()) types[name] = this.types[name];
    return { resources, types };
  }

  private resource(token: string): ResourceSpec {
    const match = /^([^:]+):([^/]+)\/([^:]+):([^:]+)$/.exec(token);
    if (!match || match[1] !== this.pkg) throw new Error(`${token}: not a ${this.pkg} resource token`);
    const [, , module, file, name] = match;
    const path = module === "index" ? `${file}.d.ts` : `${module}/${file}.d.ts`;
    const args = this.interfaceIn(path, `${name}Args`);
    const { properties, required } = this.members(args, `${token} (${path})`);
    return { inputProperties: properties, requiredInputs: required };
  }

  private source(path: string): ts.SourceFile {
    let source = this.sources.get(path);
    if (!source) {
      source = ts.createSourceFile(
        path,
        readFileSync(join(this.root, path), "utf8"),
        ts.ScriptTarget.ES2022,
        true,
      );
      this.sources.set(path, source);
    }
    return source;
  }

  private interfaceIn(path: string, name: string): ts.InterfaceDeclaration {
    for (const statement of this.source(path).statements)
      if (ts.isInterfaceDeclaration(statement) && statement.name.text === name) return statement;
    throw new Error(`${path}: no interface ${name}`);
  }

  /** `types/input.d.ts`: `namespace ecs { interface ServiceAlarms … }` by `ecs.ServiceAlarms`. */
  private inputType(qualified: string): ts.InterfaceDeclaration {
    if (this.inputTypes.size === 0) {
      const visit = (statements: ts.NodeArray<ts.Statement>, prefix: string) => {
        for (const s of statements) {
          if (ts.isInterfaceDeclaration(s)) this.inputTypes.set(`${prefix}${s.name.text}`, s);
          else if (ts.isModuleDeclaration(s) && s.body && ts.isModuleBlock(s.body))
            visit(s.body.statements, `${prefix}${s.name.getText(this.source("types/input.d.ts"))}.`);
        }
      };
      visit(this.source("types/input.d.ts").statements, "");
    }
    const found = this.inputTypes.get(qualified);
    if (!found) throw new Error(`types/input.d.ts: no interface ${qualified}`);
    return found;
  }

  private members(node: ts.InterfaceDeclaration, where: string) {
    const source = node.getSourceFile();
    const properties: Record<string, PropertySpec> = {};
    const required: string[] = [];
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const name = member.name.getText(source);
      properties[name] = this.spec(member.type, `${where}.${name}`);
      if (!member.questionToken) required.push(name);
    }
    return { properties, required: required.sort() };
  }

  private spec(node: ts.TypeNode, where: string): PropertySpec {
    const source = node.getSourceFile();
    if (ts.isParenthesizedTypeNode(node)) return this.spec(node.type, where);
    if (node.kind === ts.SyntaxKind.StringKeyword) return { type: "string" };
    if (node.kind === ts.SyntaxKind.NumberKeyword) return { type: "number" };
    if (node.kind === ts.SyntaxKind.BooleanKeyword) return { type: "boolean" };
    if (node.kind === ts.SyntaxKind.AnyKeyword) return { $ref: "pulumi.json#/Any" };
    if (ts.isArrayTypeNode(node)) return { type: "array", items: this.spec(node.elementType, `${where}[]`) };
    if (ts.isTypeLiteralNode(node)) {
      const [index] = node.members;
      if (node.members.length === 1 && index && ts.isIndexSignatureDeclaration(index) && index.type)
        return { type: "object", additionalProperties: this.spec(index.type, `${where}{}`) };
    }
    if (ts.isUnionTypeNode(node)) return this.union(node, where);
    if (ts.isTypeReferenceNode(node)) {
      const name = node.typeName.getText(source);
      if (name === "pulumi.Input" && node.typeArguments?.length === 1)
        return this.spec(node.typeArguments[0], where);
      if (name === "pulumi.ID") return { type: "string" };
      if (name === "pulumi.asset.Archive") return { $ref: "pulumi.json#/Archive" };
      if (name === "pulumi.asset.Asset" || name === "pulumi.asset.AssetOrArchive")
        return { $ref: "pulumi.json#/Asset" };
      if (name.startsWith("inputs.")) return this.objectRef(name.slice("inputs.".length), where);
      if (name.startsWith("enums.")) return this.enumRef(name.slice("enums.".length), where);
    }
    throw new Error(`${where}: a type the reader does not know: ${node.getText(source)}`);
  }

  /**
   * `T | undefined` is T. `string | <enum>` is any string (the bridge's enums name known values, they do not
   * restrict). `string | PolicyDocument` is a JSON string or the document as an object (the provider
   * serializes it). `string | <Resource class>` is the resource's ID or name, a string.
   */
  private union(node: ts.UnionTypeNode, where: string): PropertySpec {
    const source = node.getSourceFile();
    const members = node.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword);
    if (members.length === 1) return this.spec(members[0], where);
    const names = members.map((t) => t.getText(source));
    if (names.every((n) => n === "string" || n.startsWith("enums."))) return { type: "string" };
    if (names.length === 2 && names[0] === "string") {
      if (/^inputs\.\w+\.\w*Document$/.test(names[1]))
        return { oneOf: [{ type: "string" }, { type: "object" }] };
      if (/^[A-Z]\w*$/.test(names[1])) return { type: "string" };
    }
    throw new Error(`${where}: a union the reader does not know: ${node.getText(source)}`);
  }

  private objectRef(qualified: string, where: string): PropertySpec {
    const [module, name] = qualified.includes(".") ? qualified.split(".") : ["index", qualified];
    const token = `${this.pkg}:${module}/${name}:${name}`;
    if (!this.types[token]) {
      this.types[token] = { type: "object", properties: {} };
      const { properties, required } = this.members(this.inputType(qualified), `${where} → ${qualified}`);
      this.types[token] = { type: "object", properties, ...(required.length > 0 ? { required } : {}) };
    }
    return { $ref: `#/types/${token}` };
  }

  /** `types/enums/<module>/index.d.ts`: `export declare const X: { readonly A: "a"; … }`. */
  private enumRef(qualified: string, where: string): PropertySpec {
    const [module, name] = qualified.split(".");
    const token = `${this.pkg}:${module}/${name}:${name}`;
    if (!this.types[token]) {
      const source = this.source(`types/enums/${module}/index.d.ts`);
      let values: string[] | undefined;
      for (const statement of source.statements) {
        if (!ts.isVariableStatement(statement)) continue;
        for (const decl of statement.declarationList.declarations) {
          if (decl.name.getText(source) !== name || !decl.type || !ts.isTypeLiteralNode(decl.type)) continue;
          values = decl.type.members.flatMap((m) =>
            ts.isPropertySignature(m) &&
            m.type &&
            ts.isLiteralTypeNode(m.type) &&
            ts.isStringLiteral(m.type.literal)
              ? [m.type.literal.text]
              : [],
          );
        }
      }
      if (!values) throw new Error(`${where}: no enum ${qualified}`);
      this.types[token] = { type: "string", enum: values.map((value) => ({ value })) };
    }
    return { $ref: `#/types/${token}` };
  }
}
