import type { CostedResource } from "../../plan/cost/estimate";

/** A hand-made resource as a plan records it. */
export function resource(
  type: string,
  name: string,
  inputs: Record<string, unknown> = {},
  outputs: Record<string, unknown> = {},
  stack = "unit",
): CostedResource {
  return { urn: `urn:pulumi:${stack}::pantstack::${type}::${name}`, type, name, inputs, outputs };
}

export const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
export const SERVICE = "aws:ecs/service:Service";

/** A task definition and a service running it: `cpu` units, `memory` MiB, `count` tasks. */
export function fargateService(options: {
  cpu: number;
  memory: number;
  count: number;
  spot?: boolean;
  arm?: boolean;
  publicIp?: boolean;
}): CostedResource[] {
  const arn = "arn:aws:ecs:us-east-1:123456789012:task-definition/api:1";
  return [
    resource(
      TASK_DEFINITION,
      "api-task",
      {
        cpu: String(options.cpu),
        memory: String(options.memory),
        runtimePlatform: { cpuArchitecture: options.arm ? "ARM64" : "X86_64" },
      },
      { arn },
    ),
    resource(
      SERVICE,
      "api-service",
      {
        desiredCount: options.count,
        taskDefinition: arn,
        networkConfiguration: { assignPublicIp: options.publicIp ?? false },
        ...(options.spot
          ? { capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] }
          : { launchType: "FARGATE" }),
      },
      { name: "api-service-1234567" },
    ),
  ];
}

/** Scheduled actions that wake a service at `from` and put it to sleep at `to` on `days`, in `zone`. */
export function sleepSchedule(zone: string, days: string, from: number, to: number): CostedResource[] {
  const action = (name: string, hour: number, capacity: number) =>
    resource("aws:appautoscaling/scheduledAction:ScheduledAction", name, {
      resourceId: "service/cluster-1/api-service-1234567",
      scalableDimension: "ecs:service:DesiredCount",
      serviceNamespace: "ecs",
      schedule: `cron(0 ${hour} ? * ${days} *)`,
      timezone: zone,
      scalableTargetAction: { minCapacity: capacity, maxCapacity: capacity },
    });
  return [
    resource("aws:appautoscaling/target:Target", "api-scaling", {
      resourceId: "service/cluster-1/api-service-1234567",
      minCapacity: 1,
      maxCapacity: 1,
    }),
    action("wake", from, 1),
    action("sleep", to, 0),
  ];
}
