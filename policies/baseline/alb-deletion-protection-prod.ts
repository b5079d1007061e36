import { resourcePolicy } from "../support/policy-helpers";

/** Prod's load balancer cannot be deleted by accident. */
export const albDeletionProtectionProd = resourcePolicy({
  name: "alb-deletion-protection-prod",
  description: "Load balancers in prod have deletion protection on.",
  enforcementLevel: "mandatory",
  types: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
  scope: "prod",
  defaults: {},
  check: (props, _config, report) => {
    if (props.enableDeletionProtection !== true)
      report("a prod load balancer needs enableDeletionProtection: true");
  },
});
