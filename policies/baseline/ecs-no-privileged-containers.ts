import { containersOf, UNREADABLE_CONTAINERS } from "../support/containers";
import { resourcePolicy } from "../support/policy-helpers";

/** Containers never run privileged. */
export const ecsNoPrivilegedContainers = resourcePolicy({
  name: "ecs-no-privileged-containers",
  description: "No container in a task definition runs privileged.",
  enforcementLevel: "mandatory",
  types: ["aws:ecs/taskDefinition:TaskDefinition"],
  defaults: {},
  check: (props, _config, report) => {
    const containers = containersOf(props);
    if (containers === undefined) report(UNREADABLE_CONTAINERS);
    for (const container of containers ?? []) {
      if (container.privileged === true) report(`container "${container.name}" is privileged`);
    }
  },
});
