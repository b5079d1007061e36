import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { didYouMean } from "../../lib/did-you-mean";

/** A property's type, in the package schema's form (https://www.pulumi.com/docs/iac/extending-pulumi/schema/). */
export interface PropertySpec {
  type?: "string" | "number" | "integer" | "boolean" | "array" | "object";
  items?: PropertySpec;
  additionalProperties?: PropertySpec;
  $ref?: string;
  oneOf?: PropertySpec[];
}

/** An object or enum type of the schema. */
export interface TypeSpec {
  type: "object" | "string" | "number" | "integer" | "boolean";
  properties?: Record<string, PropertySpec>;
  required?: string[];
  enum?: { value: string | number | boolean }[];
}

/** A resource's input side. */
export interface ResourceSpec {
  inputProperties: Record<string, PropertySpec>;
  requiredInputs: string[];
}

/** The vendored subset: what it holds, where it came from, and the resources and types themselves. */
export interface ProviderSchemaSubset {
  /** Where this came from and how to regenerate it. */
  $comment: string;
  /** The provider package, e.g. `aws`. */
  name: string;
  /** The provider version the subset was read from. */
  version: string;
  /** How it was read (the upstream schema, or the SDK declarations generated from it). */
  source: string;
  resources: Record<string, ResourceSpec>;
  types: Record<string, TypeSpec>;
}

// How the provider protocol marks a value not known during a preview, a secret and a resource reference.
const {
  unknownValue: UNKNOWN,
  specialSigKey: SIGNATURE_KEY,
  specialSecretSig: SECRET_SIG,
  specialResourceSig: RESOURCE_SIG,
} = rpc;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * What the provider would refuse in a resource's inputs, checked as the engine checks them against the
 * schema before calling the provider: each problem is `<path>: <what is wrong>`. Empty when valid.
 */
export function inputProblems(
  schema: Pick<ProviderSchemaSubset, "resources" | "types">,
  type: string,
  inputs: Record<string, unknown>,
): string[] {
  const resource = schema.resources[type];
  if (!resource) return [`${type}: not in the vendored schema subset (regenerate it)`];
  return objectProblems(schema, "", resource.inputProperties, resource.requiredInputs, inputs);
}

function objectProblems(
  schema: Pick<ProviderSchemaSubset, "types">,
  path: string,
  properties: Record<string, PropertySpec>,
  required: readonly string[],
  value: Record<string, unknown>,
): string[] {
  const at = (key: string) => (path ? `${path}.${key}` : key);
  const problems: string[] = [];
  for (const key of required)
    if (value[key] === undefined || value[key] === null) problems.push(`${at(key)}: required, missing`);
  const known = Object.keys(properties);
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const spec = properties[key];
    if (!spec) problems.push(`${at(key)}: not an input${didYouMean(key, known)}`);
    else problems.push(...valueProblems(schema, at(key), spec, v));
  }
  return problems;
}

function valueProblems(
  schema: Pick<ProviderSchemaSubset, "types">,
  path: string,
  spec: PropertySpec,
  value: unknown,
): string[] {
  if (value === UNKNOWN || value === null) return [];
  // A secret is checked as the value it wraps; a resource reference stands for the resource's ID.
  if (isObject(value) && value[SIGNATURE_KEY] === SECRET_SIG)
    return valueProblems(schema, path, spec, value.value);
  if (isObject(value) && value[SIGNATURE_KEY] === RESOURCE_SIG)
    return valueProblems(schema, path, spec, value.id ?? UNKNOWN);
  const wrong = (expected: string) => [`${path}: expected ${expected}, got ${JSON.stringify(value)}`];
  if (spec.oneOf) {
    return spec.oneOf.some((s) => valueProblems(schema, path, s, value).length === 0)
      ? []
      : wrong(spec.oneOf.map((s) => s.type ?? s.$ref).join(" or "));
  }
  if (spec.$ref) {
    if (spec.$ref.startsWith("pulumi.json#/")) return [];
    const type = schema.types[spec.$ref.replace(/^#\/types\//, "")];
    if (!type) return [`${path}: ${spec.$ref} is not in the vendored schema subset`];
    if (type.enum) {
      const allowed = type.enum.map((e) => e.value);
      return allowed.includes(value as string) ? [] : wrong(`one of ${allowed.join(", ")}`);
    }
    if (!isObject(value)) return wrong("an object");
    return objectProblems(schema, path, type.properties ?? {}, type.required ?? [], value);
  }
  switch (spec.type) {
    case "string":
      return typeof value === "string" ? [] : wrong("a string");
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? [] : wrong("a number");
    case "integer":
      return Number.isInteger(value) ? [] : wrong("an integer");
    case "boolean":
      return typeof value === "boolean" ? [] : wrong("a boolean");
    case "array":
      if (!Array.isArray(value)) return wrong("a list");
      return value.flatMap((item, i) =>
        spec.items ? valueProblems(schema, `${path}[${i}]`, spec.items, item) : [],
      );
    case "object":
      if (!isObject(value)) return wrong("an object");
      return Object.entries(value).flatMap(([k, v]) =>
        spec.additionalProperties ? valueProblems(schema, `${path}.${k}`, spec.additionalProperties, v) : [],
      );
    default:
      return [];
  }
}
