import type { ContainerHealthCheck } from "./health-checks";

/** The one container's name in every Pantstack task: load balancer and logs refer to it. */
export const CONTAINER_NAME = "app";

/** Where the container may write although its root filesystem is read-only. */
export const SCRATCH_VOLUME = { name: "tmp", containerPath: "/tmp" } as const;

/** Everything the container definition is made of, resolved. */
export interface ContainerSpec {
  /** The image reference: `repo@sha256:…` or `repo:tag`. */
  image: string;
  /** The container port the load balancer sends traffic to. */
  port: number;
  /** Plain environment variables. */
  environment: Record<string, string>;
  /** Variable name → SSM parameter or Secrets Manager ARN. */
  secrets: Record<string, string>;
  /** The log group the awslogs driver writes to. */
  logGroupName: string;
  /** The log group's region. */
  region: string;
  /** The container health check, with every default filled in. */
  healthCheck: Required<ContainerHealthCheck>;
}

/**
 * The ECS container definitions JSON: non-privileged, read-only root filesystem with a writable `/tmp`,
 * an init process to reap children, logs to CloudWatch, a health check, and variables sorted by name so
 * that reordering them does not register a new task definition revision.
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
      healthCheck: {
        command: spec.healthCheck.command,
        interval: spec.healthCheck.intervalSeconds,
        timeout: spec.healthCheck.timeoutSeconds,
        retries: spec.healthCheck.retries,
        startPeriod: spec.healthCheck.startPeriodSeconds,
      },
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
