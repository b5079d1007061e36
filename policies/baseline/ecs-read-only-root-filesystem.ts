import { containersOf, UNREADABLE_CONTAINERS } from "../support/containers";
import { resourcePolicy } from "../support/policy-helpers";

/** Containers cannot change their own filesystem (writable scratch volumes are mounted explicitly). */
export const ecsReadOnlyRootFilesystem = resourcePolicy({
  name: "ecs-read-only-root-filesystem",
  description: "Every container in a task definition has a read-only root filesystem.",
  enforcementLevel: "mandatory",
  types: ["aws:ecs/taskDefinition:TaskDefinition"],
  defaults: {},
  check: (props, _config, report) => {
    const containers = containersOf(props);
    if (containers === undefined) report(UNREADABLE_CONTAINERS);
    for (const container of containers ?? []) {
      if (container.readonlyRootFilesystem !== true) {
        report(
          `container "${container.name}" needs readonlyRootFilesystem: true (mount a volume for scratch space)`,
        );
      }
    }
  },
});
