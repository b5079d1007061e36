// Should this image be pushed? ECR repositories here are IMMUTABLE: a push of an existing tag is refused even
// for the identical image (https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html).
// A re-run or a reopened PR builds the same tag again, so the push is skipped when ECR already holds that tag
// with the same digest, and refused in one line when the digest differs.
import type { BatchGetImageCommandOutput } from "@aws-sdk/client-ecr";
import { BatchGetImageCommand } from "@aws-sdk/client-ecr";
import { repositoryError } from "../rollback/ecr";

/** The one call this check makes; an `ECRClient` satisfies it, tests pass a recorded fake. */
export interface EcrBatchGetImage {
  send(command: BatchGetImageCommand): Promise<BatchGetImageCommandOutput>;
}

/** What to do with the local image. */
export type PushPlan =
  | { action: "push"; tag: string; digest: string }
  | { action: "skip"; tag: string; digest: string }
  | { action: "conflict"; tag: string; digest: string; remoteDigest: string };

/** `sha256:` and 64 hex digits, as `docker inspect` and ECR write an image digest. */
export const DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * The digests that name the same image as a local `docker image inspect --format '{{.Id}}'`. With Docker's
 * classic image store that ID is the digest of the image's config blob, which the registry's manifest names
 * as `config.digest`, while ECR's `imageDigest` is the digest of the manifest itself, known only after a push.
 * With the containerd image store the ID is the manifest (or index) digest. Either one is the same image.
 */
export function sameImageDigests(manifestDigest: string, manifest: string | undefined): string[] {
  const digests = [manifestDigest];
  try {
    const config = (JSON.parse(manifest ?? "{}") as { config?: { digest?: unknown } }).config?.digest;
    if (typeof config === "string") digests.push(config);
  } catch {
    // A manifest ECR answers is JSON; an unreadable one leaves only the manifest digest to compare.
  }
  return digests;
}

/** Asks ECR for `repository:tag` and compares its image with the local one. */
export async function planPush(
  client: EcrBatchGetImage,
  repositoryName: string,
  tag: string,
  digest: string,
): Promise<PushPlan> {
  let answer: BatchGetImageCommandOutput;
  try {
    answer = await client.send(
      new BatchGetImageCommand({
        repositoryName,
        imageIds: [{ imageTag: tag }],
        acceptedMediaTypes: [
          "application/vnd.docker.distribution.manifest.v2+json",
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.docker.distribution.manifest.list.v2+json",
          "application/vnd.oci.image.index.v1+json",
        ],
      }),
    );
  } catch (err) {
    throw repositoryError(err, repositoryName);
  }
  // BatchGetImage does not throw for a tag it does not hold: it lists it under `failures` with
  // failureCode ImageNotFound (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_BatchGetImage.html).
  const image = answer.images?.[0];
  const remote = image?.imageId?.imageDigest;
  if (remote === undefined) {
    const failure = answer.failures?.[0];
    if (failure !== undefined && failure.failureCode !== "ImageNotFound") {
      throw new Error(
        `ECR BatchGetImage ${repositoryName}:${tag}: ${failure.failureCode}: ${failure.failureReason}`,
      );
    }
    return { action: "push", tag, digest };
  }
  if (sameImageDigests(remote, image?.imageManifest).includes(digest)) return { action: "skip", tag, digest };
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
