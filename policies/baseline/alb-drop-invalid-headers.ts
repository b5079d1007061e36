import { resourcePolicy } from "../support/policy-helpers";

/** Requests with malformed header fields are dropped at the load balancer (request smuggling). */
export const albDropInvalidHeaders = resourcePolicy({
  name: "alb-drop-invalid-headers",
  description: "Application load balancers drop invalid HTTP header fields.",
  enforcementLevel: "mandatory",
  types: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
  defaults: {},
  check: (props, _config, report, args) => {
    if (props.loadBalancerType !== undefined && props.loadBalancerType !== "application") {
      args.notApplicable("applies to application load balancers");
    }
    if (props.dropInvalidHeaderFields !== true) report("dropInvalidHeaderFields must be true");
  },
});
