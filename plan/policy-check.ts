import type {
  EnforcementLevel,
  Policies,
  PolicyResource,
  ResourceValidationArgs,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { RecordedResource } from "../engine/recording-monitor";
import { pantstackPolicies } from "../policies/policies";

/** One policy finding, as the plan reports it. */
export interface Violation {
  policy: string;
  level: Exclude<EnforcementLevel, "disabled" | "remediate">;
  urn: string;
  message: string;
}

/** Per-policy config as in a `--policy-pack-config` file: a level, or properties with an optional level. */
export type PolicyConfig = Record<
  string,
  EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)
>;

/** What {@link checkPolicies} needs besides the resources. */
export interface PolicyCheckOptions {
  /** @default the `pantstack` pack's policies */
  policies?: Policies;
  config?: PolicyConfig;
  stackTags?: ReadonlyMap<string, string>;
  /** The pack's own level, below each policy's. @default "advisory" (as the engine does) */
  packEnforcementLevel?: EnforcementLevel;
}

class NotApplicable extends Error {}

/** Runs one check; `notApplicable` ends it quietly, any other error is a bug in the policy and propagates. */
async function attempt(check: () => unknown): Promise<void> {
  try {
    await check();
  } catch (err) {
    if (!(err instanceof NotApplicable)) throw err;
  }
}

const notApplicable = (reason?: string): never => {
  throw new NotApplicable(reason);
};

/**
 * Evaluates policies on a planned stack in this process, with the engine's semantics: the effective level
 * is the configured one, else the policy's, else the pack's, else advisory; `remediate` reports as mandatory;
 * `disabled` skips; a policy's `getConfig` sees only the configured properties (the engine, not the pack,
 * applies schema defaults); `notApplicable` ends a check without a finding. Props are the resource inputs,
 * which is what the engine gives analyzers during a preview.
 */
export async function checkPolicies(
  resources: RecordedResource[],
  options: PolicyCheckOptions = {},
): Promise<Violation[]> {
  const analyzed = resources.filter((r) => r.custom && !r.type.startsWith("pulumi:"));
  const stackTags = options.stackTags ?? new Map<string, string>();
  const violations: Violation[] = [];
  for (const policy of options.policies ?? pantstackPolicies) {
    const configured = options.config?.[policy.name];
    const { enforcementLevel: configuredLevel, ...properties } =
      typeof configured === "string" ? { enforcementLevel: configured } : (configured ?? {});
    const level = configuredLevel ?? policy.enforcementLevel ?? options.packEnforcementLevel ?? "advisory";
    if (level === "disabled") continue;
    const reported = level === "remediate" ? "mandatory" : level;
    const getConfig = <T extends object>() => properties as T;
    const reporter = (fallbackUrn: string) => (message: string, urn?: string) =>
      violations.push({ policy: policy.name, level: reported, urn: urn ?? fallbackUrn, message });
    if ("validateStack" in policy) {
      const args: StackValidationArgs = {
        resources: policyResources(analyzed),
        stackTags,
        getConfig,
        notApplicable,
      };
      await attempt(() => (policy as StackValidationPolicy).validateStack(args, reporter("")));
      continue;
    }
    const validations = policy.validateResource === undefined ? [] : [policy.validateResource].flat();
    for (const resource of analyzed) {
      const args = resourceArgs(resource, stackTags, getConfig);
      for (const validate of validations) await attempt(() => validate(args, reporter(resource.urn)));
    }
  }
  return violations;
}

function options(resource: RecordedResource) {
  return {
    protect: resource.options.protect,
    ignoreChanges: resource.options.ignoreChanges,
    deleteBeforeReplace: resource.options.deleteBeforeReplace,
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    parent: resource.parent,
  };
}

// Type checks by class need @pulumi/aws classes, which the pack does not load: by token only.
const byTokenOnly = () => false;

function resourceArgs(
  resource: RecordedResource,
  stackTags: ReadonlyMap<string, string>,
  getConfig: <T extends object>() => T,
): ResourceValidationArgs {
  return {
    type: resource.type,
    props: resource.inputs,
    urn: resource.urn,
    name: resource.name,
    opts: options(resource),
    stackTags,
    isType: byTokenOnly,
    asType: () => undefined,
    getConfig,
    notApplicable,
  };
}

/** The resources as a stack policy sees them, with parents and dependencies resolved to resources. */
function policyResources(resources: RecordedResource[]): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  for (const resource of resources) {
    byUrn.set(resource.urn, {
      type: resource.type,
      props: resource.inputs,
      urn: resource.urn,
      name: resource.name,
      opts: options(resource),
      dependencies: [],
      propertyDependencies: {},
      isType: byTokenOnly,
      asType: () => undefined,
    });
  }
  const resolve = (urns: string[]) =>
    urns.map((u) => byUrn.get(u)).filter((r): r is PolicyResource => r !== undefined);
  for (const resource of resources) {
    const entry = byUrn.get(resource.urn) as PolicyResource;
    entry.parent = resource.parent ? byUrn.get(resource.parent) : undefined;
    entry.dependencies = resolve(resource.options.dependencies);
    entry.propertyDependencies = Object.fromEntries(
      Object.entries(resource.options.propertyDependencies).map(([key, urns]) => [key, resolve(urns)]),
    );
  }
  return [...byUrn.values()];
}
