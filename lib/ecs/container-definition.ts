import type { ContainerHealthCheck } from "./health-checks";

/** The one container's name in every Pantstack task: load balancer and logs refer to it. */
export const CONTAINER_NAME = "app";

/** Where the container may write although its root filesystem is read-only. */
export const SCRATCH_VOLUME = { name: "tmp", containerPath: "/tmp" } as const;

/** Everything the container definition is made of, resolved. */
export interface ContainerSpec {
  image: string;
  port: number;
  environment: Record<string, string>;
  /** Variable name → SSM parameter or Secrets Manager ARN. */
  secrets: Record<string, string>;
  logGroupName: string;
  region: string;
  /** Docker's health check; none when undefined (the load balancer probes web services). */
  healthCheck?: Required<ContainerHealthCheck>;
}

/**
 * The ECS container definitions JSON: non-privileged, read-only root filesystem with a writable `/tmp`,
 * an init process to reap children, logs to CloudWatch, a health check only when one is given, and variables
 * sorted by name so that reordering them does not register a new task definition revision.
 */
export function containerDefinitions(spec: ContainerSpec): string {
  const sorted = (record: Record<string, string>) =>
    Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([
    {
      name: CONTAINER_NAME,
      image: spec.image,
      essential: true,
      privileged: false,
      readonlyRootFilesystem: true,
      linuxParameters: { initProcessEnabled: true },
      portMappings: [{ containerPort: spec.port, protocol: "tcp" }],
      environment: sorted(spec.environment).map(([name, value]) => ({ name, value })),
      secrets: sorted(spec.secrets).map(([name, valueFrom]) => ({ name, valueFrom })),
      mountPoints: [
        { sourceVolume: SCRATCH_VOLUME.name, containerPath: SCRATCH_VOLUME.containerPath, readOnly: false },
      ],
      ...(spec.healthCheck
        ? {
            healthCheck: {
              command: spec.healthCheck.command,
              interval: spec.healthCheck.intervalSeconds,
              timeout: spec.healthCheck.timeoutSeconds,
              retries: spec.healthCheck.retries,
              startPeriod: spec.healthCheck.startPeriodSeconds,
            },
          }
        : {}),
      logConfiguration: {
        logDriver: "awslogs",
        options: {
          "awslogs-group": spec.logGroupName,
          "awslogs-region": spec.region,
          "awslogs-stream-prefix": CONTAINER_NAME,
        },
      },
    },
  ]);
}
