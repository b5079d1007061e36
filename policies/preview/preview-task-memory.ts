import { resourcePolicy } from "../support/policy-helpers";

/** Preview task definitions stay at or below the configured memory. */
export const previewTaskMemory = resourcePolicy({
  name: "preview-task-memory",
  description: "A preview's task definition asks for at most maxMemory MiB.",
  enforcementLevel: "mandatory",
  types: ["aws:ecs/taskDefinition:TaskDefinition"],
  scope: "preview",
  defaults: { maxMemory: 512 },
  configSchema: {
    properties: {
      maxMemory: { type: "integer", default: 512, description: "Most MiB a preview task may use" },
    },
  },
  check: (props, { maxMemory }, report) => {
    const memory = Number(props.memory);
    if (!(memory <= maxMemory))
      report(`preview task memory ${props.memory} MiB exceeds the preview limit of ${maxMemory}`);
  },
});
