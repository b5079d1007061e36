import { resourcePolicy } from "../support/policy-helpers";
import { inEnvironment } from "../support/scope";

/** Logs expire (cost, privacy), but prod keeps them long enough to investigate. */
export const logsRetention = resourcePolicy({
  name: "logs-retention",
  description: "Log groups set a retention (never 'never expire'), at least minProdDays in prod.",
  enforcementLevel: "mandatory",
  types: ["aws:cloudwatch/logGroup:LogGroup"],
  defaults: { minProdDays: 30 },
  configSchema: {
    properties: { minProdDays: { type: "integer", default: 30, description: "Shortest retention in prod" } },
  },
  check: (props, { minProdDays }, report, args) => {
    const days = Number(props.retentionInDays ?? 0);
    if (days === 0) report("retentionInDays is not set: the logs would never expire");
    else if (inEnvironment(args, "prod") && days < minProdDays) {
      report(`prod keeps logs for at least ${minProdDays} days; this group keeps them ${days}`);
    }
  },
});
