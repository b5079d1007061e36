import { list, resourcePolicy } from "../support/policy-helpers";

interface LoadBalancer {
  targetGroupArn?: string;
}

/**
 * A prod web service (an ECS service behind a load balancer) rolls out gradually and rolls itself back: a
 * traffic-shifting strategy, and deployment alarms with rollback on. Without them a bad release reaches
 * every user at once and stays until someone acts.
 */
export const ecsProdSafeRollout = resourcePolicy({
  name: "ecs-prod-safe-rollout",
  description:
    "Prod ECS services behind a load balancer deploy by canary or linear steps, with deployment alarms and rollback on.",
  enforcementLevel: "mandatory",
  types: ["aws:ecs/service:Service"],
  scope: "prod",
  defaults: { strategies: ["CANARY", "LINEAR"] as string[] },
  configSchema: {
    properties: {
      strategies: {
        type: "array",
        items: { type: "string", enum: ["ROLLING", "BLUE_GREEN", "CANARY", "LINEAR"] },
        description: "ECS deployment strategies a prod web service may use",
      },
    },
  },
  check: (props, { strategies }, report) => {
    const balanced = list(props.loadBalancers as LoadBalancer[] | undefined).some((lb) => lb.targetGroupArn);
    if (!balanced) return;
    const configuration = props.deploymentConfiguration as { strategy?: string } | undefined;
    const strategy = configuration?.strategy ?? "ROLLING";
    if (!strategies.includes(strategy)) {
      report(
        `deploymentConfiguration.strategy is ${strategy}: a prod web service needs one of ${strategies.join(", ")} (a bad release would reach every user at once)`,
      );
    }
    const alarms = props.alarms as
      | { enable?: boolean; rollback?: boolean; alarmNames?: string[] }
      | undefined;
    if (alarms?.enable !== true || list(alarms.alarmNames).length === 0) {
      report("a prod web service needs deployment alarms: alarms.enable true with at least one alarm name");
    } else if (alarms.rollback !== true) {
      report("alarms.rollback must be true: an alarm during a deployment must roll it back");
    }
  },
});
