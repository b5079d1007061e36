import type { PropertySpec, ProviderSchemaSubset, TypeSpec } from "./schema-subset";

/** The parts of a Pulumi package schema (`schema.json`, see tests/provider/vendor/pulumi.json) read here. */
export interface PackageSchemaFile {
  name: string;
  version?: string;
  resources: Record<string, { inputProperties?: Record<string, RawProperty>; requiredInputs?: string[] }>;
  types: Record<
    string,
    {
      type: TypeSpec["type"];
      properties?: Record<string, RawProperty>;
      required?: string[];
      enum?: { value: string | number | boolean }[];
    }
  >;
}

type RawProperty = PropertySpec & {
  items?: RawProperty;
  additionalProperties?: RawProperty;
  oneOf?: RawProperty[];
};

/**
 * The subset of a provider's own `schema.json` (e.g. pulumi-aws's `provider/cmd/pulumi-resource-aws/schema.json`
 * at the pinned tag) for `tokens`, in the form `SdkDeclarations` reads from the SDK: the preferred source
 * when that file is at hand (`regenerate.ts --schema <file>`), as it keeps `integer` and the exact tokens.
 */
export function subsetFromSchema(
  schema: PackageSchemaFile,
  tokens: readonly string[],
): Pick<ProviderSchemaSubset, "resources" | "types"> {
  const types: Record<string, TypeSpec> = {};
  const strip = (p: RawProperty): PropertySpec => {
    const out: PropertySpec = {};
    const ref = p.$ref?.startsWith("#/types/") ? p.$ref.slice("#/types/".length) : undefined;
    if (ref !== undefined && schema.types[ref]) {
      out.$ref = p.$ref;
      addType(ref);
    } else if (p.$ref?.startsWith("pulumi.json#/")) out.$ref = p.$ref;
    // A reference to a resource (or another package) stands for its ID: only the plain type is kept.
    if (p.type !== undefined && out.$ref === undefined) out.type = p.type;
    if (p.items) out.items = strip(p.items);
    if (p.additionalProperties) out.additionalProperties = strip(p.additionalProperties);
    if (p.oneOf) out.oneOf = p.oneOf.map(strip);
    return out;
  };
  const addType = (token: string) => {
    if (types[token]) return;
    const t = schema.types[token];
    types[token] = { type: t.type };
    if (t.enum) {
      types[token] = { type: t.type, enum: t.enum.map((e) => ({ value: e.value })) };
      return;
    }
    const properties: Record<string, PropertySpec> = {};
    for (const [name, p] of Object.entries(t.properties ?? {})) properties[name] = strip(p);
    types[token] = {
      type: t.type,
      properties,
      ...(t.required?.length ? { required: [...t.required].sort() } : {}),
    };
  };
  const resources: ProviderSchemaSubset["resources"] = {};
  for (const token of [...tokens].sort()) {
    const r = schema.resources[token];
    if (!r) throw new Error(`${token}: not a resource of the ${schema.name} schema`);
    const inputProperties: Record<string, PropertySpec> = {};
    for (const [name, p] of Object.entries(r.inputProperties ?? {})) inputProperties[name] = strip(p);
    resources[token] = { inputProperties, requiredInputs: [...(r.requiredInputs ?? [])].sort() };
  }
  const sorted: Record<string, TypeSpec> = {};
  for (const token of Object.keys(types).sort()) sorted[token] = types[token];
  return { resources, types: sorted };
}
