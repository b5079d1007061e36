import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { AWS_REGIONS, awsRegionAllowed, isAwsRegion } from "../lib/aws-regions";
import { didYouMean } from "../lib/did-you-mean";
import { isValidationError, ValidationError } from "../lib/errors";

/** The project's config namespace: `pantstack:<key>` in `Pulumi.<stack>.yaml`. */
export const PROJECT_NAMESPACE = "pantstack";

/** An AWS Region of {@link AWS_REGIONS}, such as `us-east-1`. */
export const AWS_REGION = z.string().superRefine((region, ctx) => {
  if (!isAwsRegion(region)) ctx.addIssue({ code: "custom", message: awsRegionAllowed(region) });
});

// Here too, for the stack programs; it lives with the list so the delivery tools need not load this module
// (and with it the whole Pulumi SDK) to check a --region.
export { awsRegionAllowed };

/**
 * A zod check that runs one of the library's validators (which throw {@link ValidationError}) so the
 * library and the stack config share one rule and one message.
 */
export function check<T>(validate: (value: T) => unknown) {
  return (value: T, ctx: z.RefinementCtx) => {
    try {
      validate(value);
    } catch (err) {
      if (!isValidationError(err)) throw err;
      ctx.addIssue({ code: "custom", message: err.allowed });
    }
  };
}

/** Reads an integer config value given as a string (Pulumi config values are strings). */
export const INTEGER = z
  .string()
  .regex(/^-?\d+$/, "expected a whole number")
  .transform((s) => Number.parseInt(s, 10));

/**
 * Reads the stack's config once and validates it into a typed object. Keys of `schema` are project keys
 * (`domain` for `pantstack:domain`) except those containing `:` (`aws:region`). The first problem becomes a
 * {@link ValidationError} naming the full key, the value and what is allowed, before any resource exists.
 */
export function readConfig<S extends z.ZodRawShape>(shape: S): z.infer<z.ZodObject<S>> {
  refuseUnknownKeys(Object.keys(shape));
  const raw: Record<string, string | undefined> = {};
  for (const key of Object.keys(shape)) raw[key] = rawConfig(key);
  const parsed = z.object(shape).safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = String(issue.path[0] ?? "");
  const value = raw[key];
  const allowed =
    value === undefined && issue.code === "invalid_type" ? "this key is required" : issue.message;
  throw new ValidationError(fullKey(key), value, allowed);
}

/**
 * A misspelt key (`pantstack:cpuu`) would otherwise be ignored and its default used: every key in the project
 * namespace must be one the stack reads.
 */
function refuseUnknownKeys(known: string[]): void {
  const prefix = `${PROJECT_NAMESPACE}:`;
  for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
    if (key.startsWith(prefix) && !known.includes(key.slice(prefix.length))) {
      const keys = known.filter((k) => !k.includes(":")).map(fullKey);
      throw new UnknownConfigKeyError(
        key,
        value,
        `this stack reads no such key; its keys are ${keys.join(", ")}${didYouMean(key, keys)}`,
      );
    }
    if (key.startsWith("aws:") && !AWS_PROVIDER_KEYS.includes(key.slice(4))) {
      const hint = didYouMean(
        key,
        AWS_PROVIDER_KEYS.map((k) => `aws:${k}`),
      );
      // Only a near miss is refused: the provider may gain keys this list does not know yet.
      if (hint) throw new UnknownConfigKeyError(key, value, `the AWS provider reads no such key${hint}`);
    }
  }
}

/** The AWS provider's config keys (https://www.pulumi.com/registry/packages/aws/installation-configuration/). */
const AWS_PROVIDER_KEYS = [
  "accessKey",
  "allowedAccountIds",
  "assumeRole",
  "assumeRoleWithWebIdentity",
  "customCaBundle",
  "defaultTags",
  "ec2MetadataServiceEndpoint",
  "ec2MetadataServiceEndpointMode",
  "endpoints",
  "forbiddenAccountIds",
  "httpProxy",
  "httpsProxy",
  "ignoreTags",
  "insecure",
  "maxRetries",
  "noProxy",
  "profile",
  "region",
  "retryMode",
  "s3UsePathStyle",
  "secretKey",
  "sharedConfigFiles",
  "sharedCredentialsFiles",
  "skipCredentialsValidation",
  "skipMetadataApiCheck",
  "skipRegionValidation",
  "skipRequestingAccountId",
  "stsRegion",
  "token",
  "tokenBucketRateLimiterCapacity",
  "useDualstackEndpoint",
  "useFipsEndpoint",
];

/** A `pantstack:` key the stack does not read (a typo, or a key meant for another stack). */
export class UnknownConfigKeyError extends ValidationError {}

/** `domain` becomes `pantstack:domain`; keys with a namespace stay as they are. */
export function fullKey(key: string): string {
  return key.includes(":") ? key : `${PROJECT_NAMESPACE}:${key}`;
}

function rawConfig(key: string): string | undefined {
  const [namespace, name] = key.includes(":") ? key.split(":", 2) : [PROJECT_NAMESPACE, key];
  return new pulumi.Config(namespace).get(name);
}
