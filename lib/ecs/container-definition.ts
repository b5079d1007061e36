import type { ContainerHealthCheck } from "./health-checks";

/** The one container's name in every Pantstack task: load balancer and logs refer to it. */
export const CONTAINER_NAME = "app";

/** Where the container may write although its root filesystem is read-only. */
export const SCRATCH_VOLUME = { name: "tmp", containerPath: "/tmp" } as const;

/** Everything the container definition is made of, resolved. */
export interface ContainerSpec {
  /** The image reference: `repo@sha256:…` or `repo:tag`. */
  image: string;
  /** The port the container listens on; none for a worker or a job. */
  port?: number;
  /** The port mapping's name: Service Connect refers to a port by it. @default - unnamed */
  portName?: string;
  /** Plain environment variables. */
  environment: Record<string, string>;
  /** Variable name → SSM parameter or Secrets Manager ARN. */
  secrets: Record<string, string>;
  /** The log group the awslogs driver writes to. */
  logGroupName: string;
  /** The log group's region. */
  region: string;
  /** The container health check, with every default filled in; none for a worker or a job. */
  healthCheck?: Required<ContainerHealthCheck>;
  /** Replaces the image's `ENTRYPOINT` (a job's timeout wrapper). @default - the image's */
  entryPoint?: string[];
  /** Replaces the image's `CMD`. @default - the image's */
  command?: string[];
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
      ...(spec.entryPoint ? { entryPoint: spec.entryPoint } : {}),
      ...(spec.command ? { command: spec.command } : {}),
      portMappings:
        spec.port === undefined
          ? []
          : [
              spec.portName === undefined
                ? { containerPort: spec.port, protocol: "tcp" }
                : { name: spec.portName, containerPort: spec.port, protocol: "tcp", appProtocol: "http" },
            ],
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
