import { resourcePolicy } from "../support/policy-helpers";

/** Preview logs are short-lived. */
export const previewLogRetention = resourcePolicy({
  name: "preview-log-retention",
  description: "A preview's log groups keep logs for at most maxDays days.",
  enforcementLevel: "mandatory",
  types: ["aws:cloudwatch/logGroup:LogGroup"],
  scope: "preview",
  defaults: { maxDays: 7 },
  configSchema: {
    properties: { maxDays: { type: "integer", default: 7, description: "Longest preview log retention" } },
  },
  check: (props, { maxDays }, report) => {
    const days = Number(props.retentionInDays ?? 0);
    // 0 (or unset) means "never expire", which is longer than any limit.
    if (days === 0 || days > maxDays) {
      report(
        `preview log retention ${days === 0 ? "never expires" : `${days} days`}; at most ${maxDays} days allowed`,
      );
    }
  },
});
