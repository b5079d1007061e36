import { resourcePolicy } from "../support/policy-helpers";

/** A failing deploy stops, and by default rolls back, on its own. */
export const ecsCircuitBreaker = resourcePolicy({
  name: "ecs-circuit-breaker",
  description:
    "ECS services enable the deployment circuit breaker (with rollback unless configured otherwise).",
  enforcementLevel: "mandatory",
  types: ["aws:ecs/service:Service"],
  defaults: { requireRollback: true },
  configSchema: {
    properties: { requireRollback: { type: "boolean", default: true, description: "Require rollback too" } },
  },
  check: (props, { requireRollback }, report) => {
    const breaker = props.deploymentCircuitBreaker as { enable?: boolean; rollback?: boolean } | undefined;
    if (breaker?.enable !== true) report("deploymentCircuitBreaker.enable must be true");
    else if (requireRollback && breaker.rollback !== true)
      report("deploymentCircuitBreaker.rollback must be true");
  },
});
