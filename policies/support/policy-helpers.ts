import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { inEnvironment } from "./scope";

/** A resource policy's check, given the resource's props and the policy's config with defaults applied. */
export type Check<C> = (
  props: Record<string, unknown>,
  config: C,
  report: ReportViolation,
  args: ResourceValidationArgs,
) => void;

/** What defines one resource policy. */
export interface ResourcePolicySpec<C extends object> {
  name: string;
  description: string;
  enforcementLevel: "advisory" | "mandatory";
  /** The resource types checked (or a test of the resource); others are reported not applicable. */
  types: string[] | { test: (args: ResourceValidationArgs) => boolean; description: string };
  /** Only in preview stacks, only in prod, or everywhere. */
  scope?: "preview" | "prod";
  /** Config defaults: the engine does not apply schema defaults, so the policy does. */
  defaults: C;
  configSchema?: ResourceValidationPolicy["configSchema"];
  check: Check<C>;
}

/** Builds a resource policy that applies its own config defaults and its type and environment scope. */
export function resourcePolicy<C extends object>(spec: ResourcePolicySpec<C>): ResourceValidationPolicy {
  return {
    name: spec.name,
    description: spec.description,
    enforcementLevel: spec.enforcementLevel,
    configSchema: spec.configSchema,
    validateResource: (args, report) => {
      const types = spec.types;
      if (Array.isArray(types) ? !types.includes(args.type) : !types.test(args)) {
        args.notApplicable(`applies to ${Array.isArray(types) ? types.join(", ") : types.description}`);
      }
      if (spec.scope && !inEnvironment(args, spec.scope)) {
        args.notApplicable(`applies to ${spec.scope} stacks only`);
      }
      const config = { ...spec.defaults, ...withoutLevel(args.getConfig<Partial<C>>()) };
      spec.check(args.props, config, report, args);
    },
  };
}

/** The policy config without the engine's own `enforcementLevel` key. */
export function withoutLevel<C extends object>(config: C | undefined): Partial<C> {
  const { enforcementLevel: _level, ...rest } = (config ?? {}) as C & { enforcementLevel?: unknown };
  return rest as Partial<C>;
}

/** Parses a JSON document given as a string (IAM policies, container definitions); objects pass through. */
export function parseDocument(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** A value or list as a list. */
export function list<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
