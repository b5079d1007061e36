import type { StackPlan } from "../plan";

/**
 * The machine view: `{"stacks":[{"stack","resources":[{urn,type,name,parent,inputs,outputs}],"outputs",
 * "policy":{"violations":[{policy,level,urn,message}]}}]}`.
 */
export function formatJson(plans: StackPlan[]): string {
  const stacks = plans.map((plan) => ({
    stack: plan.stack,
    resources: plan.resources.map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      parent: r.parent ?? null,
      inputs: r.inputs,
      outputs: r.outputs,
    })),
    outputs: plan.outputs,
    policy: { violations: plan.policy.violations },
  }));
  return `${JSON.stringify({ stacks }, null, 2)}\n`;
}
