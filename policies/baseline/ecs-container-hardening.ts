import { list, parseDocument, resourcePolicy } from "../support/policy-helpers";

interface Container {
  name?: string;
  privileged?: boolean;
  readonlyRootFilesystem?: boolean;
}

const containersOf = (props: Record<string, unknown>) =>
  list(parseDocument(props.containerDefinitions) as Container[] | undefined);

/** Containers never run privileged. */
export const ecsNoPrivilegedContainers = resourcePolicy({
  name: "ecs-no-privileged-containers",
  description: "No container in a task definition runs privileged.",
  enforcementLevel: "mandatory",
  types: ["aws:ecs/taskDefinition:TaskDefinition"],
  defaults: {},
  check: (props, _config, report) => {
    for (const container of containersOf(props)) {
      if (container.privileged === true) report(`container "${container.name}" is privileged`);
    }
  },
});

/** Containers cannot change their own filesystem (writable scratch volumes are mounted explicitly). */
export const ecsReadOnlyRootFilesystem = resourcePolicy({
  name: "ecs-read-only-root-filesystem",
  description: "Every container in a task definition has a read-only root filesystem.",
  enforcementLevel: "mandatory",
  types: ["aws:ecs/taskDefinition:TaskDefinition"],
  defaults: {},
  check: (props, _config, report) => {
    for (const container of containersOf(props)) {
      if (container.readonlyRootFilesystem !== true) {
        report(
          `container "${container.name}" needs readonlyRootFilesystem: true (mount a volume for scratch space)`,
        );
      }
    }
  },
});
