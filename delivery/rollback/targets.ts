// The resources a rollback updates, as full URNs. `pulumi up --target` takes URNs only: the spec's
// `--target "aws:ecs/service:api-service"` is a type and a name, not a URN, and the CLI would refuse it.

/** The component every environment's API is (`new EcsApiService("api", ...)` in stacks/environment). */
const API_COMPONENT = { type: "pantstack:ecs:EcsApiService", name: "api" } as const;

/** The component's children a new image changes: the task definition holds the image, the service points at it. */
const CHILDREN = {
  taskDefinition: { type: "aws:ecs/taskDefinition:TaskDefinition", name: `${API_COMPONENT.name}-task` },
  service: { type: "aws:ecs/service:Service", name: `${API_COMPONENT.name}-service` },
} as const;

/** The URNs to target, in the order `pulumi up --target` gets them. */
export interface RollbackTargets {
  taskDefinitionUrn: string;
  serviceUrn: string;
}

/**
 * Builds the URNs as the Pulumi engine does: `urn:pulumi:<stack>::<project>::<parent types joined by $>$<type>::<name>`
 * (the root stack's type is not part of the chain). The stack is its short name even in an organization.
 */
export function buildTargets(project: string, stack: string): RollbackTargets {
  const urn = (child: { type: string; name: string }) =>
    `urn:pulumi:${stack.split("/").pop()}::${project}::${API_COMPONENT.type}$${child.type}::${child.name}`;
  return { taskDefinitionUrn: urn(CHILDREN.taskDefinition), serviceUrn: urn(CHILDREN.service) };
}

/** The stack's own outputs `taskDefinitionUrn` and `serviceUrn` when it exports both (test and prod do). */
export function targetsFromOutputs(outputs: Record<string, { value: unknown }>): RollbackTargets | undefined {
  const taskDefinitionUrn = outputs.taskDefinitionUrn?.value;
  const serviceUrn = outputs.serviceUrn?.value;
  if (typeof taskDefinitionUrn !== "string" || typeof serviceUrn !== "string") return undefined;
  return { taskDefinitionUrn, serviceUrn };
}
