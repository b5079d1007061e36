import { resourcePolicy } from "../support/policy-helpers";

interface NetworkConfiguration {
  assignPublicIp?: boolean;
}

/**
 * Workers, backends and scheduled jobs take no traffic from the internet, so their tasks get no public IP. A
 * service is told apart from a web service by having no `loadBalancers` (only web services sit behind the ALB);
 * a Scheduler schedule's ECS target is always a job. An absent `assignPublicIp` is AWS's default, false.
 */
export const ecsNoPublicIp = resourcePolicy({
  name: "ecs-no-public-ip",
  description:
    "ECS services not behind a load balancer, and Scheduler schedules running ECS tasks, assign no public IP.",
  enforcementLevel: "mandatory",
  types: ["aws:ecs/service:Service", "aws:scheduler/schedule:Schedule"],
  defaults: {},
  check: (props, _config, report, args) => {
    if (args.type === "aws:scheduler/schedule:Schedule") {
      const target = props.target as
        | { ecsParameters?: { networkConfiguration?: NetworkConfiguration } }
        | undefined;
      if (target?.ecsParameters?.networkConfiguration?.assignPublicIp === true)
        report(
          `schedule ${args.name}: target.ecsParameters.networkConfiguration.assignPublicIp is true; allowed: false`,
        );
      return;
    }
    const balancers = props.loadBalancers as unknown[] | undefined;
    if (balancers && balancers.length > 0) return;
    const network = props.networkConfiguration as NetworkConfiguration | undefined;
    if (network?.assignPublicIp === true)
      report(
        `service ${args.name} (no load balancer): networkConfiguration.assignPublicIp is true; allowed: false`,
      );
  },
});
