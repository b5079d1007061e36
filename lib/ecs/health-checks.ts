import { requireIntegerInRange, ValidationError } from "../errors";

/** The load balancer's health check of the tasks. */
export interface TargetHealthCheck {
  /**
   * HTTP path probed on the container port.
   * @default "/health"
   */
  path?: string;
  /**
   * Seconds between probes (5 to 300).
   * @default 15
   */
  intervalSeconds?: number;
  /**
   * Seconds before a probe fails (2 to 120, less than the interval).
   * @default 5
   */
  timeoutSeconds?: number;
  /**
   * Consecutive successes before a task receives traffic (2 to 10).
   * @default 2
   */
  healthyThreshold?: number;
  /**
   * Consecutive failures before a task is taken out (2 to 10).
   * @default 3
   */
  unhealthyThreshold?: number;
  /**
   * HTTP codes that count as healthy, e.g. `200` or `200-299`.
   * @default "200-299"
   */
  matcher?: string;
}

/** Docker's health check of the container, run by the ECS agent. */
export interface ContainerHealthCheck {
  /**
   * The command, in ECS form (`["CMD-SHELL", "..."]` or `["CMD", ...]`). Required: it runs inside the image,
   * and only the image knows what it has (a distroless or scratch image has no shell, curl or Python).
   * @default - none: required whenever a container health check is given
   */
  command?: string[];
  /**
   * Seconds between checks (5 to 300).
   * @default 30
   */
  intervalSeconds?: number;
  /**
   * Seconds before a check fails (2 to 60).
   * @default 5
   */
  timeoutSeconds?: number;
  /**
   * Failures before the container is unhealthy (1 to 10).
   * @default 3
   */
  retries?: number;
  /**
   * Seconds after start during which failures do not count (0 to 300).
   * @default 15
   */
  startPeriodSeconds?: number;
}

/** Validates and fills in a target group health check. */
export function normalizeTargetHealthCheck(
  key: string,
  check: TargetHealthCheck = {},
): Required<TargetHealthCheck> {
  const path = check.path ?? "/health";
  if (!/^\/[\x21-\x7e]{0,1023}$/.test(path)) {
    throw new ValidationError(
      `${key}.path`,
      path,
      "expected a path starting with '/', at most 1024 printable characters",
    );
  }
  const intervalSeconds = requireIntegerInRange(
    `${key}.intervalSeconds`,
    check.intervalSeconds ?? 15,
    5,
    300,
  );
  const timeoutSeconds = requireIntegerInRange(`${key}.timeoutSeconds`, check.timeoutSeconds ?? 5, 2, 120);
  if (timeoutSeconds >= intervalSeconds) {
    throw new ValidationError(
      `${key}.timeoutSeconds`,
      timeoutSeconds,
      `must be less than intervalSeconds (${intervalSeconds})`,
    );
  }
  const matcher = check.matcher ?? "200-299";
  if (!/^[1-5]\d\d(?:-[1-5]\d\d)?(?:,[1-5]\d\d(?:-[1-5]\d\d)?)*$/.test(matcher)) {
    throw new ValidationError(
      `${key}.matcher`,
      matcher,
      "expected HTTP codes such as 200, 200,204 or 200-299",
    );
  }
  return {
    path,
    intervalSeconds,
    timeoutSeconds,
    healthyThreshold: requireIntegerInRange(`${key}.healthyThreshold`, check.healthyThreshold ?? 2, 2, 10),
    unhealthyThreshold: requireIntegerInRange(
      `${key}.unhealthyThreshold`,
      check.unhealthyThreshold ?? 3,
      2,
      10,
    ),
    matcher,
  };
}

/**
 * Validates and fills in a container health check; undefined when none is asked for. There is no default
 * command: whatever it runs must exist in the image, and an image without an interpreter (distroless, a
 * static binary) would be marked unhealthy and replaced forever. Web services are already probed by the load
 * balancer's target group health check, which needs nothing in the image.
 */
export function normalizeContainerHealthCheck(
  key: string,
  check: ContainerHealthCheck | undefined,
): Required<ContainerHealthCheck> | undefined {
  if (check === undefined) return undefined;
  const intervalSeconds = requireIntegerInRange(
    `${key}.intervalSeconds`,
    check.intervalSeconds ?? 30,
    5,
    300,
  );
  const timeoutSeconds = requireIntegerInRange(`${key}.timeoutSeconds`, check.timeoutSeconds ?? 5, 2, 60);
  const retries = requireIntegerInRange(`${key}.retries`, check.retries ?? 3, 1, 10);
  const startPeriodSeconds = requireIntegerInRange(
    `${key}.startPeriodSeconds`,
    check.startPeriodSeconds ?? 15,
    0,
    300,
  );
  const command = check.command;
  if (command === undefined || command.length < 2 || !["CMD", "CMD-SHELL"].includes(command[0])) {
    throw new ValidationError(
      `${key}.command`,
      command,
      'expected ["CMD-SHELL", "<shell command>"] or ["CMD", "<executable>", ...] that exists in the image',
    );
  }
  return { command, intervalSeconds, timeoutSeconds, retries, startPeriodSeconds };
}
