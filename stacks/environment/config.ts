import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { checkImageTagForStack } from "../../lib/ecr/image-tag";
import { checkFargateCpu, checkFargateSize } from "../../lib/ecs/fargate-sizes";
import { ValidationError } from "../../lib/errors";
import { checkLogRetention } from "../../lib/logs/retention";
import { HOSTNAME_PATTERN } from "../../lib/network/certificate-validation";
import { parseCidr } from "../../lib/network/cidr";
import { NAT_STRATEGIES, type NatStrategy } from "../../lib/network/network";
import { AWS_REGION, check, fullKey, INTEGER, readConfig } from "../config";
import { CATALOG_KEYS } from "../stack-catalog";
import { ROLLOUT_CONFIG } from "./rollouts";

/** Per-environment defaults of the keys `test` and `prod` share. */
export interface EnvironmentDefaults {
  cpu: number;
  memory: number;
  logRetentionDays: number;
  /** NAT when `pantstack:natGateways` is unset; `none` becomes `single` for a catalog with private services. */
  natGateways: NatStrategy;
  /** Autoscaling bounds; undefined: a fixed task count unless both keys are set. */
  minCount?: number;
  maxCount?: number;
  /** The service's hostname label under the domain (`test` → `test.<domain>`). */
  hostLabel: string;
}

/** An image tag within the stack's rule (`lib/ecr/image-tag.ts`). */
export function imageTagFor(stack: string) {
  return z.string().superRefine(check((v: string) => checkImageTagForStack("imageTag", stack, v)));
}

/** A Fargate cpu value given as a string. */
export const CPU = INTEGER.superRefine(check((v: number) => checkFargateCpu("cpu", v)));

const DOMAIN = z
  .string()
  .regex(HOSTNAME_PATTERN, "expected a lowercase DNS name such as pantstack.dev")
  .refine((d) => !d.startsWith("*"), "expected a DNS name without wildcard");

/** Reads and validates the config of an environment stack (`test` or `prod`). */
export function readEnvironmentConfig(defaults: EnvironmentDefaults) {
  const config = readConfig({
    "aws:region": AWS_REGION,
    domain: DOMAIN,
    hostedZoneId: z
      .string()
      .regex(/^Z[A-Z0-9]{1,32}$/, "expected a Route 53 hosted zone ID such as Z0123456789ABC")
      .optional(),
    imageTag: imageTagFor(pulumi.getStack()).optional(),
    images: z.string().optional(),
    ...CATALOG_KEYS,
    cpu: CPU.default(defaults.cpu),
    memory: INTEGER.default(defaults.memory),
    desiredCount: INTEGER.pipe(
      z.number().int().min(0, "expected 0 or more").max(1000, "expected at most 1000"),
    ).optional(),
    minCount: INTEGER.pipe(
      z.number().int().min(1, "expected 1 or more").max(1000, "expected at most 1000"),
    ).optional(),
    maxCount: INTEGER.pipe(
      z.number().int().min(1, "expected 1 or more").max(1000, "expected at most 1000"),
    ).optional(),
    logRetentionDays: INTEGER.superRefine(
      check((v: number) => checkLogRetention("logRetentionDays", v)),
    ).default(defaults.logRetentionDays),
    // Unset: the environment's default, raised to `single` when the catalog has private services
    // (`natGatewaysFor`), which is known only once the catalog is read.
    natGateways: z
      .enum(NAT_STRATEGIES as [string, ...string[]], `expected one of ${NAT_STRATEGIES.join(", ")}`)
      .optional(),
    vpcCidr: z
      .string()
      .superRefine(check((v: string) => parseCidr("vpcCidr", v)))
      .default("10.0.0.0/16"),
    sharedStack: z.string().default("shared"),
    ...ROLLOUT_CONFIG,
  });
  checkFargateSize({ cpu: fullKey("cpu"), memory: fullKey("memory") }, config.cpu, config.memory);
  const minCount = config.minCount ?? defaults.minCount;
  const maxCount = config.maxCount ?? defaults.maxCount;
  if ((minCount === undefined) !== (maxCount === undefined)) {
    throw new ValidationError(
      fullKey(minCount === undefined ? "minCount" : "maxCount"),
      undefined,
      "set minCount and maxCount together",
    );
  }
  if (minCount !== undefined && maxCount !== undefined && maxCount < minCount) {
    throw new ValidationError(
      fullKey("maxCount"),
      maxCount,
      `must be at least pantstack:minCount (${minCount})`,
    );
  }
  const desiredCount = config.desiredCount ?? minCount ?? 1;
  if (
    minCount !== undefined &&
    maxCount !== undefined &&
    (desiredCount < minCount || desiredCount > maxCount)
  ) {
    throw new ValidationError(
      fullKey("desiredCount"),
      desiredCount,
      `must be within pantstack:minCount ${minCount} and pantstack:maxCount ${maxCount}`,
    );
  }
  return {
    ...config,
    region: config["aws:region"],
    natGateways: config.natGateways as NatStrategy | undefined,
    desiredCount,
    autoscaling: minCount !== undefined && maxCount !== undefined ? { minCount, maxCount } : undefined,
    hostname: `${defaults.hostLabel}.${config.domain}`,
  };
}

/** An environment's config as read, before the catalog settles `natGateways`. */
export type RawEnvironmentConfig = ReturnType<typeof readEnvironmentConfig>;

/** An environment's validated config, its NAT strategy settled (see `natGatewaysFor`). */
export type EnvironmentConfig = Omit<RawEnvironmentConfig, "natGateways"> & { natGateways: NatStrategy };

/** The single-service keys of the stacks before the catalog: they still size the catalog's primary service. */
const PRIMARY_SERVICE_KEYS = ["cpu", "memory", "desiredCount", "minCount", "maxCount"] as const;

/**
 * The `pantstack:cpu`, `memory`, `desiredCount`, `minCount` and `maxCount` this stack sets, as an override
 * of the primary service (so an existing `Pulumi.<stack>.yaml` keeps sizing its service). Unset keys leave
 * the catalog's values.
 */
export function primaryServiceOverrides(config: RawEnvironmentConfig): Record<string, number> {
  const set = new pulumi.Config("pantstack");
  const out: Record<string, number> = {};
  for (const key of PRIMARY_SERVICE_KEYS) {
    const value = config[key];
    if (set.get(key) !== undefined && value !== undefined) out[key] = value;
  }
  return out;
}
