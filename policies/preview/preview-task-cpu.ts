import { resourcePolicy } from "../support/policy-helpers";

/** Preview task definitions stay at or below the configured CPU. */
export const previewTaskCpu = resourcePolicy({
  name: "preview-task-cpu",
  description: "A preview's task definition asks for at most maxCpu CPU units.",
  enforcementLevel: "mandatory",
  types: ["aws:ecs/taskDefinition:TaskDefinition"],
  scope: "preview",
  defaults: { maxCpu: 256 },
  configSchema: {
    properties: {
      maxCpu: { type: "integer", default: 256, description: "Most CPU units a preview task may use" },
    },
  },
  check: (props, { maxCpu }, report) => {
    const cpu = Number(props.cpu);
    if (!(cpu <= maxCpu)) report(`preview task cpu ${props.cpu} exceeds the preview limit of ${maxCpu}`);
  },
});
