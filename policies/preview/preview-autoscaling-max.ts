import { resourcePolicy } from "../support/policy-helpers";

/** A preview does not scale out. */
export const previewAutoscalingMax = resourcePolicy({
  name: "preview-autoscaling-max",
  description: "A preview's autoscaling target allows at most maxTasks tasks.",
  enforcementLevel: "mandatory",
  types: ["aws:appautoscaling/target:Target"],
  scope: "preview",
  defaults: { maxTasks: 1 },
  configSchema: {
    properties: {
      maxTasks: { type: "integer", default: 1, description: "Most tasks a preview may scale to" },
    },
  },
  check: (props, { maxTasks }, report) => {
    if (!(Number(props.maxCapacity) <= maxTasks)) {
      report(`preview autoscaling maxCapacity ${props.maxCapacity} exceeds the preview limit of ${maxTasks}`);
    }
  },
});
