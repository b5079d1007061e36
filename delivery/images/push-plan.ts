// Should this image be pushed? ECR repositories here are IMMUTABLE: a push of an existing tag is refused even
// for the identical image (https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html).
// A re-run or a reopened PR builds the same tag again, so the push is skipped when ECR already holds that tag
// with the same digest, and refused in one line when the digest differs.
import type { DescribeImagesCommandOutput } from "@aws-sdk/client-ecr";
import { DescribeImagesCommand } from "@aws-sdk/client-ecr";
import { ValidationError } from "../../lib/errors";

/** The one call this check makes; an `ECRClient` satisfies it, tests pass a recorded fake. */
export interface EcrDescribeImages {
  send(command: DescribeImagesCommand): Promise<DescribeImagesCommandOutput>;
}

/** What to do with the local image. */
export type PushPlan =
  | { action: "push"; tag: string; digest: string }
  | { action: "skip"; tag: string; digest: string }
  | { action: "conflict"; tag: string; digest: string; remoteDigest: string };

/** `sha256:` and 64 hex digits, as `docker inspect` and ECR write an image digest. */
export const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Asks ECR for `repository:tag` and compares its digest with the local one. */
export async function planPush(
  client: EcrDescribeImages,
  repositoryName: string,
  tag: string,
  digest: string,
): Promise<PushPlan> {
  let remote: string | undefined;
  try {
    const { imageDetails } = await client.send(
      new DescribeImagesCommand({ repositoryName, imageIds: [{ imageTag: tag }] }),
    );
    remote = imageDetails?.[0]?.imageDigest;
  } catch (err) {
    // DescribeImages answers ImageNotFoundException for an imageId it does not hold.
    if ((err as Error).name !== "ImageNotFoundException") {
      if ((err as Error).name === "RepositoryNotFoundException") {
        throw new ValidationError(
          "--repository",
          repositoryName,
          "no such ECR repository in this account and region",
        );
      }
      throw err;
    }
  }
  if (remote === undefined) return { action: "push", tag, digest };
  if (remote === digest) return { action: "skip", tag, digest };
  return { action: "conflict", tag, digest, remoteDigest: remote };
}

/** The one line a person reads for each plan. */
export function describePlan(repositoryName: string, plan: PushPlan): string {
  switch (plan.action) {
    case "push":
      return `${repositoryName}:${plan.tag} is not in ECR: push ${plan.digest}`;
    case "skip":
      return `${repositoryName}:${plan.tag} is already in ECR with the same digest ${plan.digest}: skip the push`;
    case "conflict":
      return `${repositoryName}:${plan.tag} is already in ECR as ${plan.remoteDigest}, but this build is ${plan.digest}; tags are immutable: build a new tag`;
  }
}
