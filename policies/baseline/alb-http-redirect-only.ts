import { list, resourcePolicy } from "../support/policy-helpers";

interface Action {
  type?: string;
  redirect?: { protocol?: string };
}

/** Plain HTTP serves nothing: it only sends clients to HTTPS. */
export const albHttpRedirectOnly = resourcePolicy({
  name: "alb-http-redirect-only",
  description: "HTTP listeners only redirect to HTTPS.",
  enforcementLevel: "mandatory",
  types: ["aws:lb/listener:Listener", "aws:alb/listener:Listener"],
  defaults: {},
  check: (props, _config, report, args) => {
    // No protocol is HTTP: the provider's default for an application load balancer's listener.
    if ((props.protocol ?? "HTTP") !== "HTTP") args.notApplicable("applies to HTTP listeners");
    const actions = list(props.defaultActions as Action[] | undefined);
    const redirectsOnly =
      actions.length > 0 && actions.every((a) => a.type === "redirect" && a.redirect?.protocol === "HTTPS");
    if (!redirectsOnly) report(`HTTP listener on port ${props.port} must only redirect to HTTPS`);
  },
});
