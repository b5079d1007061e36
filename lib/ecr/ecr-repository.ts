import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "../errors";
import { checkName } from "../names";
import { checkImageTag } from "./image-tag";
import {
  DEFAULT_RETENTION,
  defaultLifecycleRules,
  type LifecycleRule,
  lifecyclePolicyJson,
} from "./lifecycle";
import { repositoryPolicyDocument } from "./repository-policy";

/** How images are encrypted at rest. */
export type EcrEncryption =
  | {
      /** AES-256 with keys ECR manages. */
      type: "AES256";
    }
  | {
      /** A KMS key. */
      type: "KMS";
      /** The key's ARN; ECR's AWS-managed key when omitted. */
      kmsKeyArn?: pulumi.Input<string>;
    };

/** Arguments of {@link EcrRepository}. */
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
   * @default { type: "AES256" }
   */
  encryption?: EcrEncryption;
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
  lifecycleRules?: LifecycleRule[];
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
 * explicit list of who may push and pull.
 *
 * @example
 * const repo = new EcrRepository("api", { pushRoleArns: [pushRole.arn] });
 * const image = repo.imageUri("v1.2.3");
 */
export class EcrRepository extends pulumi.ComponentResource {
  /** The underlying repository. */
  declare readonly repository: aws.ecr.Repository;
  /** The repository name. */
  declare readonly repositoryName: pulumi.Output<string>;
  /** `ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME`. */
  declare readonly repositoryUrl: pulumi.Output<string>;
  /** The repository ARN. */
  declare readonly arn: pulumi.Output<string>;

  constructor(name: string, args: EcrRepositoryArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const normalized = normalizeEcrArgs(name, args);
    super("pantstack:ecr:EcrRepository", name, {}, opts);

    const keep = !normalized.ephemeral;
    const repository = new aws.ecr.Repository(
      name,
      {
        name: normalized.repositoryName,
        imageTagMutability: args.allowMutableTags ? "MUTABLE" : "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: args.scanOnPush ?? true },
        encryptionConfigurations: [encryptionConfiguration(args.encryption)],
        forceDelete: normalized.ephemeral,
        tags: args.tags,
      },
      { parent: this, protect: keep, retainOnDelete: keep },
    );

    new aws.ecr.LifecyclePolicy(
      `${name}-lifecycle`,
      { repository: repository.name, policy: normalized.lifecyclePolicy },
      { parent: this },
    );

    const push = args.pushRoleArns ?? [];
    const pull = args.pullRoleArns ?? [];
    if (push.length + pull.length > 0) {
      const policy = pulumi
        .all([pulumi.all(push), pulumi.all(pull)])
        .apply(([pushArns, pullArns]) => JSON.stringify(repositoryPolicyDocument(pushArns, pullArns)));
      new aws.ecr.RepositoryPolicy(
        `${name}-policy`,
        { repository: repository.name, policy },
        { parent: this },
      );
    }

    this.repository = repository;
    this.repositoryName = repository.name;
    this.repositoryUrl = repository.repositoryUrl;
    this.arn = repository.arn;
    this.registerOutputs({
      repositoryName: this.repositoryName,
      repositoryUrl: this.repositoryUrl,
      arn: this.arn,
    });
  }

  /** The full image reference for `tag`, e.g. `…/pantstack:v1.2.3`. Throws if Docker would refuse the tag. */
  imageUri(tag: string): pulumi.Output<string> {
    checkImageTag("imageUri(tag)", tag);
    return pulumi.interpolate`${this.repositoryUrl}:${tag}`;
  }
}

interface NormalizedEcrArgs {
  repositoryName: string;
  ephemeral: boolean;
  lifecyclePolicy: string;
}

/** Applies defaults and validates everything that can be checked before a resource exists. */
export function normalizeEcrArgs(name: string, args: EcrRepositoryArgs): NormalizedEcrArgs {
  const key = `EcrRepository(${name})`;
  const repositoryName = checkName(`${key}.repositoryName`, "ecrRepository", args.repositoryName ?? name);
  const retention = {
    keepReleaseImages: args.keepReleaseImages ?? DEFAULT_RETENTION.keepReleaseImages,
    keepPrereleaseImages: args.keepPrereleaseImages ?? DEFAULT_RETENTION.keepPrereleaseImages,
    pullRequestImageDays: args.pullRequestImageDays ?? DEFAULT_RETENTION.pullRequestImageDays,
    untaggedImageDays: args.untaggedImageDays ?? DEFAULT_RETENTION.untaggedImageDays,
  };
  for (const [field, value] of Object.entries(retention)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new ValidationError(`${key}.${field}`, value, "expected a positive integer");
    }
  }
  const rules = args.lifecycleRules ?? defaultLifecycleRules(retention);
  return {
    repositoryName,
    ephemeral: args.ephemeral ?? false,
    lifecyclePolicy: lifecyclePolicyJson(`${key}.lifecycleRules`, rules),
  };
}

function encryptionConfiguration(encryption: EcrEncryption = { type: "AES256" }) {
  return encryption.type === "KMS"
    ? { encryptionType: "KMS", kmsKey: encryption.kmsKeyArn }
    : { encryptionType: "AES256" };
}
