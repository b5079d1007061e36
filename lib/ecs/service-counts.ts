import { requireIntegerInRange, ValidationError } from "../errors";
import type { NormalizedAutoscaling } from "./autoscaling";

/** A service's task count and deployment limits, checked and with their defaults. */
export interface ServiceCounts {
  /** Tasks to start with: `desiredCount`, else autoscaling's minimum, else 1. */
  desiredCount: number;
  /** Percent of tasks that stay healthy during a deploy. */
  minimumHealthyPercent: number;
  /** Percent of tasks that may run during a deploy. */
  maximumPercent: number;
}

/**
 * Checks `desiredCount` (0 to 1000, within autoscaling's bounds), `minimumHealthyPercent` (0 to 100) and
 * `maximumPercent` (100 to 200), refusing 100/100, under which a deploy could never start a new task.
 */
export function normalizeServiceCounts(
  key: string,
  args: { desiredCount?: number; minimumHealthyPercent?: number; maximumPercent?: number },
  autoscaling: NormalizedAutoscaling | undefined,
): ServiceCounts {
  const desiredCount = requireIntegerInRange(
    `${key}.desiredCount`,
    args.desiredCount ?? autoscaling?.minCount ?? 1,
    0,
    1000,
  );
  if (autoscaling && (desiredCount < autoscaling.minCount || desiredCount > autoscaling.maxCount)) {
    throw new ValidationError(
      `${key}.desiredCount`,
      desiredCount,
      `must be within autoscaling's ${autoscaling.minCount} to ${autoscaling.maxCount}`,
    );
  }
  const minimumHealthyPercent = requireIntegerInRange(
    `${key}.minimumHealthyPercent`,
    args.minimumHealthyPercent ?? 100,
    0,
    100,
  );
  const maximumPercent = requireIntegerInRange(`${key}.maximumPercent`, args.maximumPercent ?? 200, 100, 200);
  if (minimumHealthyPercent === 100 && maximumPercent === 100) {
    throw new ValidationError(
      `${key}.maximumPercent`,
      maximumPercent,
      "with minimumHealthyPercent 100, a deploy needs maximumPercent above 100",
    );
  }
  return { desiredCount, minimumHealthyPercent, maximumPercent };
}
