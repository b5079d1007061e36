import { resourcePolicy } from "../support/policy-helpers";

/** A preview runs one task. */
export const previewDesiredCount = resourcePolicy({
  name: "preview-desired-count",
  description: "A preview's ECS service runs at most maxTasks tasks.",
  enforcementLevel: "mandatory",
  types: ["aws:ecs/service:Service"],
  scope: "preview",
  defaults: { maxTasks: 1 },
  configSchema: {
    properties: { maxTasks: { type: "integer", default: 1, description: "Most tasks a preview may run" } },
  },
  check: (props, { maxTasks }, report) => {
    const count = props.desiredCount === undefined ? 1 : Number(props.desiredCount);
    if (!(count <= maxTasks))
      report(`preview desiredCount ${props.desiredCount} exceeds the preview limit of ${maxTasks}`);
  },
});
