import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { checkFargateSize } from "../../lib/ecs/fargate-sizes";
import { DEFAULT_AWAKE_HOURS, DEFAULT_TIME_ZONE, parseAwakeHours } from "../../lib/preview/awake-hours";
import { fullKey, INTEGER, readConfig } from "../config";
import { CPU, imageTagFor } from "../environment/config";
import { CATALOG_KEYS } from "../stack-catalog";

/**
 * Reads a preview stack's config: only `pantstack:imageTag` is required. `pantstack:previewAwakeHours`
 * (`always`, or e.g. `Mon-Fri 07:00-20:00`) and `pantstack:previewTimeZone` (IANA) say when it runs;
 * `pantstack:previewJobs` (`paused` or `scheduled`) whether a changed job runs on its schedule.
 */
export function readPreviewConfig() {
  const config = readConfig({
    imageTag: imageTagFor(pulumi.getStack()),
    cpu: CPU.default(256),
    memory: INTEGER.default(512),
    desiredCount: INTEGER.pipe(
      z.number().int().min(0, "expected 0 or more").max(1000, "expected at most 1000"),
    ).default(1),
    deployedAt: z
      .string()
      .refine((v) => !Number.isNaN(Date.parse(v)), "expected an ISO 8601 time such as 2026-11-27T12:00:00Z")
      .transform((v) => new Date(v))
      .optional(),
    previewAwakeHours: z.string().default(DEFAULT_AWAKE_HOURS),
    previewTimeZone: z.string().default(DEFAULT_TIME_ZONE),
    testStack: z.string().default("test"),
    changedServices: z.string().optional(),
    // A changed job's schedule in the preview: paused (the default) or run as the catalog says.
    previewJobs: z.enum(["paused", "scheduled"], "expected paused or scheduled").default("paused"),
    ...CATALOG_KEYS,
    sharedStack: z.string().default("shared"),
  });
  checkFargateSize({ cpu: fullKey("cpu"), memory: fullKey("memory") }, config.cpu, config.memory);
  // Checked here too (the component checks again), so a bad value fails before any resource exists.
  parseAwakeHours(
    { hours: fullKey("previewAwakeHours"), timeZone: fullKey("previewTimeZone") },
    config.previewAwakeHours,
    config.previewTimeZone,
  );
  return config;
}
