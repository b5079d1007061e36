import * as pulumi from "@pulumi/pulumi";
import {
  type EcrEncryption,
  EcrRepository as LibEcrRepository,
  type EcrRepositoryArgs as LibEcrRepositoryArgs,
} from "../../lib/ecr/ecr-repository";
import type { LifecycleRule } from "../../lib/ecr/lifecycle";
import { requireOneOf, ValidationError } from "../../lib/errors";

/** How images are encrypted at rest. */
export enum EcrEncryptionType {
  /** S3-managed AES-256 keys. */
  AES256 = "AES256",
  /** AWS KMS: the AWS-managed `aws/ecr` key, or `kmsKeyArn`. */
  KMS = "KMS",
}

/** Encryption at rest of an ECR repository. */
export interface EcrEncryptionSpec {
  /** `AES256` or `KMS`. */
  type: EcrEncryptionType;
  /**
   * The customer-managed KMS key; only with `type: KMS`.
   * @default - the AWS-managed `aws/ecr` key
   */
  kmsKeyArn?: pulumi.Input<string>;
}

/** Which images a lifecycle rule selects. */
export enum TagStatus {
  /** Images with a tag matching the rule's patterns or prefixes. */
  Tagged = "tagged",
  /** Images without a tag. */
  Untagged = "untagged",
  /** Every image; only in the rule evaluated last. */
  Any = "any",
}

/** One ECR lifecycle rule. Exactly one of `keepLast` and `expireAfterDays` is set. */
export interface LifecycleRuleSpec {
  /** Evaluation order: lower runs first. Unique, a positive integer. */
  priority: number;
  /**
   * Shown in the ECR console.
   * @default - none
   */
  description?: string;
  /** Which images the rule selects. An `any` rule must be the one evaluated last. */
  tagStatus: TagStatus;
  /**
   * Tag patterns (`*` wildcards, at most 4 each) for `tagged` rules.
   * @default - none
   */
  tagPatterns?: string[];
  /**
   * Tag prefixes for `tagged` rules (instead of patterns).
   * @default - none
   */
  tagPrefixes?: string[];
  /**
   * Keep this many of the newest matching images and expire the rest.
   * @default - none
   */
  keepLast?: number;
  /**
   * Expire matching images this many days after they were pushed.
   * @default - none
   */
  expireAfterDays?: number;
}

/** Arguments of the `pantstack:index:EcrRepository` component. */
export interface EcrRepositoryArgs {
  /**
   * The repository name, e.g. `pantstack` or `team/api`.
   * @default - the component's name
   */
  repositoryName?: string;
  /**
   * Allow a tag to be moved to another image. Off by default: a release tag must always mean one image.
   * @default false
   */
  allowMutableTags?: boolean;
  /**
   * Scan every pushed image for known vulnerabilities.
   * @default true
   */
  scanOnPush?: boolean;
  /**
   * Encryption at rest. `KMS` without a key uses the AWS-managed `aws/ecr` key.
   * @default - AES256
   */
  encryption?: EcrEncryptionSpec;
  /**
   * Release images (`v*`) to keep.
   * @default 30
   */
  keepReleaseImages?: number;
  /**
   * Prerelease images (`*-dev.*`) to keep.
   * @default 10
   */
  keepPrereleaseImages?: number;
  /**
   * Days before a pull-request image (`pr-*`) expires.
   * @default 14
   */
  pullRequestImageDays?: number;
  /**
   * Days before an untagged image expires.
   * @default 7
   */
  untaggedImageDays?: number;
  /**
   * Replace the generated lifecycle rules entirely. Checked against ECR's constraints before anything is created.
   * @default - rules built from the four retention settings above
   */
  lifecycleRules?: LifecycleRuleSpec[];
  /**
   * Role ARNs allowed to push (and pull) through the repository policy.
   * @default []
   */
  pushRoleArns?: pulumi.Input<string>[];
  /**
   * Role ARNs allowed to pull through the repository policy.
   * @default []
   */
  pullRoleArns?: pulumi.Input<string>[];
  /**
   * A throwaway repository: deleted with its images and not protected. Long-lived registries leave this off, so
   * the repository is protected and kept in AWS even if the stack is destroyed.
   * @default false
   */
  ephemeral?: boolean;
  /**
   * Extra tags for the repository (the provider's default tags are added as well).
   * @default {}
   */
  tags?: Record<string, string>;
}

/**
 * An ECR repository for release images: immutable tags, scan on push, encryption, retention rules and an
 * explicit list of who may push and pull. Wraps the TypeScript `EcrRepository` (its only child).
 */
export class EcrRepository extends pulumi.ComponentResource {
  /** The repository name. */
  declare readonly repositoryName: pulumi.Output<string>;
  /** `ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME`: append `:TAG` for an image URI. */
  declare readonly repositoryUrl: pulumi.Output<string>;
  /** The repository ARN. */
  declare readonly arn: pulumi.Output<string>;

  constructor(name: string, args: EcrRepositoryArgs, opts?: pulumi.ComponentResourceOptions) {
    const libArgs = toLibEcrArgs(name, args ?? {});
    super("pantstack:index:EcrRepository", name, {}, opts);
    const repo = new LibEcrRepository(name, libArgs, { parent: this });
    this.repositoryName = repo.repositoryName;
    this.repositoryUrl = repo.repositoryUrl;
    this.arn = repo.arn;
    this.registerOutputs({
      repositoryName: this.repositoryName,
      repositoryUrl: this.repositoryUrl,
      arn: this.arn,
    });
  }
}

/** The TypeScript component's arguments for the facade's (the discriminated encryption union rebuilt). */
export function toLibEcrArgs(name: string, args: EcrRepositoryArgs): LibEcrRepositoryArgs {
  const { encryption, lifecycleRules, ...rest } = args;
  return {
    ...rest,
    ...(encryption ? { encryption: toLibEncryption(`EcrRepository(${name}).encryption`, encryption) } : {}),
    ...(lifecycleRules
      ? {
          lifecycleRules: lifecycleRules.map((rule, i) =>
            toLibRule(`EcrRepository(${name}).lifecycleRules[${i}]`, rule),
          ),
        }
      : {}),
  };
}

// The TypeScript type already rules out other statuses; a value from another language is checked here.
function toLibRule(key: string, rule: LifecycleRuleSpec): LifecycleRule {
  requireOneOf(`${key}.tagStatus`, rule.tagStatus, Object.values(TagStatus));
  return rule as LifecycleRule;
}

function toLibEncryption(key: string, spec: EcrEncryptionSpec): EcrEncryption {
  if (spec.type === EcrEncryptionType.KMS) return { type: "KMS", kmsKeyArn: spec.kmsKeyArn };
  if (spec.type === EcrEncryptionType.AES256) {
    if (spec.kmsKeyArn !== undefined) {
      throw new ValidationError(`${key}.kmsKeyArn`, spec.kmsKeyArn, "a KMS key is only used with type KMS");
    }
    return { type: "AES256" };
  }
  throw new ValidationError(`${key}.type`, spec.type, "expected AES256 or KMS");
}
