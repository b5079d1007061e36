import assert from "node:assert/strict";
import type { RecordedResource } from "../../engine/recording-monitor";
import type { PolicyDocument } from "../../lib/iam/policy-document";
import type { StackPlan } from "../../plan/plan";
import { type Decision, evaluate, type Principal } from "../support/iam-evaluation";
import { plannedStack } from "../support/planned";
import { type PlannedWorld, type ProviderCall, providerCalls } from "./provider-calls";

/**
 * What the CI role evaluations share: the planned `shared`, `test`, `prod` and `preview-pr-7` stacks, the
 * documents `shared` plans (role policies, boundaries, repository policies), and a tallied evaluation.
 */

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";

export type RoleName = "image-push" | "deploy-test" | "deploy-prod" | "preview";

/** Everything planned, and the principals built from `shared`'s planned documents. */
export interface Planned {
  plans: Record<"shared" | "test" | "prod" | "preview", StackPlan>;
  world: PlannedWorld;
  roles: Record<RoleName, Principal>;
  boundaries: Record<"test" | "prod" | "preview", PolicyDocument>;
  repositoryPolicies: Record<"release" | "preview", PolicyDocument>;
}

export const doc = (value: unknown) => JSON.parse(String(value)) as PolicyDocument;
export const tagsOf = (r: RecordedResource) => (r.inputs.tags as Record<string, string>) ?? {};
export function find(plan: StackPlan, type: string, name: string): RecordedResource {
  const found = plan.resources.find((r) => r.type === type && r.name === name);
  if (!found) throw new Error(`no ${type} ${name} in ${plan.stack}`);
  return found;
}

/**
 * Every policy `shared` plans for the CI role `name`: its inline policies (`<name>-permissions`) and the managed
 * policies attached to it, in that order.
 */
export function identityOf(shared: StackPlan, name: string): PolicyDocument[] {
  const role = find(shared, "aws:iam/role:Role", name);
  const inline = shared.resources.filter(
    (r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.inputs.role === role.outputs.name,
  );
  const attached = shared.resources
    .filter(
      (r) =>
        r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" && r.inputs.role === role.outputs.name,
    )
    .map((a) => {
      const policy = shared.resources.find(
        (r) => r.type === "aws:iam/policy:Policy" && r.outputs.arn === a.inputs.policyArn,
      );
      if (!policy) throw new Error(`${name}: attached ${String(a.inputs.policyArn)} is not planned`);
      return policy;
    });
  assert.deepEqual(
    inline.map((r) => r.name),
    [`${name}-permissions`],
  );
  return [...inline, ...attached].map((r) => doc(r.inputs.policy));
}

let planned: Promise<Planned> | undefined;

/** Plans the four stacks once per process, under the project's engine, with their committed config. */
export function loadPlanned(): Promise<Planned> {
  planned ??= (async () => {
    const [shared, test, prod] = await Promise.all(["shared", "test", "prod"].map((s) => plannedStack(s)));
    const preview = await plannedStack("preview-pr-7", { "pantstack:imageTag": "pr-7-abc1234" });
    const role = (name: RoleName): Principal => ({
      arn: String(find(shared, "aws:iam/role:Role", name).outputs.arn),
      identity: identityOf(shared, name),
    });
    const boundary = (env: string) =>
      doc(find(shared, "aws:iam/policy:Policy", `${env}-boundary`).inputs.policy);
    const repositoryPolicy = (name: string) =>
      doc(find(shared, "aws:ecr/repositoryPolicy:RepositoryPolicy", name).inputs.policy);
    return {
      plans: { shared, test, prod, preview },
      world: {
        region: REGION,
        account: ACCOUNT,
        resources: [shared, test, prod, preview].flatMap((p) => p.resources),
      },
      roles: {
        "image-push": role("image-push"),
        "deploy-test": role("deploy-test"),
        "deploy-prod": role("deploy-prod"),
        preview: role("preview"),
      },
      boundaries: { test: boundary("test"), prod: boundary("prod"), preview: boundary("preview") },
      repositoryPolicies: {
        release: repositoryPolicy("images-policy"),
        preview: repositoryPolicy("preview-images-policy"),
      },
    };
  })();
  return planned;
}

/** The calls the AWS provider makes for every resource of `plan`. */
export const callsOf = (p: Planned, plan: StackPlan) =>
  plan.resources.flatMap((r) => providerCalls(r, p.world));

/** A table of evaluations: each row counts; failures are collected and reported together. */
export class EvaluationTable {
  rows = 0;
  allowed = 0;
  denied = 0;

  constructor(private readonly planned: () => Planned) {}

  /** Evaluates a principal's request and counts it; returns a failure message when it is not `expected`. */
  async expect(
    principal: RoleName | Principal,
    call: Omit<ProviderCall, "phase" | "of" | "context"> & { of?: string; context?: ProviderCall["context"] },
    expected: "Allowed" | "Denied",
    resourcePolicy?: PolicyDocument,
  ): Promise<string | undefined> {
    const who = typeof principal === "string" ? this.planned().roles[principal] : principal;
    const decision: Decision = await evaluate(who, call, resourcePolicy);
    this.rows++;
    if (decision === "Allowed") this.allowed++;
    else this.denied++;
    const ok = expected === "Allowed" ? decision === "Allowed" : decision !== "Allowed";
    const name = typeof principal === "string" ? principal : principal.arn;
    return ok
      ? undefined
      : `${name} ${call.action} on ${call.resource} (${call.of ?? "row"}): ${decision}, expected ${expected}`;
  }

  /** Asserts that no row failed. */
  async all(rows: Promise<string | undefined>[]): Promise<void> {
    const failures = (await Promise.all(rows)).filter((f): f is string => f !== undefined);
    assert.deepEqual(failures, []);
  }

  /**
   * Asserts the table evaluated rows both ways (a table that allowed or denied nothing checks nothing), in
   * place of printing its counts between the reporter's dots.
   */
  checked(title: string): void {
    assert.ok(
      this.allowed > 0 && this.denied > 0,
      `${title}: ${this.rows} rows, ${this.allowed} allowed, ${this.denied} denied`,
    );
  }
}
