import { requireIntegerInRange, ValidationError } from "../errors";

/** Target-tracking autoscaling of a service's task count. */
export interface AutoscalingArgs {
  /** Fewest tasks (1 or more). */
  minCount: number;
  /** Most tasks (at least `minCount`, at most 1000). */
  maxCount: number;
  /**
   * Average CPU utilisation to hold, in percent (10 to 90). Set to `false` to scale on requests only.
   * @default 60
   */
  cpuTargetPercent?: number | false;
  /**
   * ALB requests per task per minute to hold. Unset: no request-based scaling.
   * @default - none
   */
  requestsPerTarget?: number;
  /**
   * Seconds to wait after scaling in before scaling in again.
   * @default 300
   */
  scaleInCooldownSeconds?: number;
  /**
   * Seconds to wait after scaling out before scaling out again.
   * @default 60
   */
  scaleOutCooldownSeconds?: number;
}

/** {@link AutoscalingArgs} checked, with every default filled in. */
export type NormalizedAutoscaling = {
  /** The fewest tasks. */
  minCount: number;
  /** The most tasks. */
  maxCount: number;
  /** Average CPU to track; undefined when CPU tracking is off. */
  cpuTargetPercent: number | undefined;
  /** Requests per task and minute to track; undefined when request tracking is off. */
  requestsPerTarget: number | undefined;
  /** Seconds after a scale-in before the next. */
  scaleInCooldownSeconds: number;
  /** Seconds after a scale-out before the next. */
  scaleOutCooldownSeconds: number;
};

/** Validates an autoscaling block; at least one target must remain. */
export function normalizeAutoscaling(key: string, args: AutoscalingArgs): NormalizedAutoscaling {
  const minCount = requireIntegerInRange(`${key}.minCount`, args.minCount, 1, 1000);
  const maxCount = requireIntegerInRange(`${key}.maxCount`, args.maxCount, 1, 1000);
  if (maxCount < minCount) {
    throw new ValidationError(`${key}.maxCount`, maxCount, `must be at least minCount (${minCount})`);
  }
  const cpu = args.cpuTargetPercent === false ? undefined : (args.cpuTargetPercent ?? 60);
  if (cpu !== undefined) requireIntegerInRange(`${key}.cpuTargetPercent`, cpu, 10, 90);
  const requests = args.requestsPerTarget;
  if (requests !== undefined) requireIntegerInRange(`${key}.requestsPerTarget`, requests, 1, 1_000_000);
  if (cpu === undefined && requests === undefined) {
    throw new ValidationError(`${key}.cpuTargetPercent`, false, "keep a CPU target or set requestsPerTarget");
  }
  return {
    minCount,
    maxCount,
    cpuTargetPercent: cpu,
    requestsPerTarget: requests,
    scaleInCooldownSeconds: requireIntegerInRange(
      `${key}.scaleInCooldownSeconds`,
      args.scaleInCooldownSeconds ?? 300,
      0,
      3600,
    ),
    scaleOutCooldownSeconds: requireIntegerInRange(
      `${key}.scaleOutCooldownSeconds`,
      args.scaleOutCooldownSeconds ?? 60,
      0,
      3600,
    ),
  };
}
