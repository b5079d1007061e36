import { MODERN_TLS_POLICIES } from "../support/constants";
import { resourcePolicy } from "../support/policy-helpers";

/** HTTPS listeners negotiate TLS 1.3, with TLS 1.2 at the least. */
export const albHttpsTlsPolicy = resourcePolicy({
  name: "alb-https-tls-policy",
  description:
    "HTTPS listeners use a TLS security policy from the allow-list (TLS 1.3, nothing below TLS 1.2).",
  enforcementLevel: "mandatory",
  types: ["aws:lb/listener:Listener", "aws:alb/listener:Listener"],
  defaults: { allowedPolicies: MODERN_TLS_POLICIES },
  configSchema: {
    properties: {
      allowedPolicies: { type: "array", items: { type: "string" }, description: "Allowed ALB TLS policies" },
    },
  },
  check: (props, { allowedPolicies }, report, args) => {
    if (props.protocol !== "HTTPS") args.notApplicable("applies to HTTPS listeners");
    const policy = String(props.sslPolicy ?? "(the ALB default)");
    if (!allowedPolicies.includes(policy)) {
      report(`HTTPS listener uses TLS policy ${policy}; allowed: ${allowedPolicies.join(", ")}`);
    }
  },
});
