// Re-tagging an image already in ECR: a release tags each service it did not rebuild with the version, so
// `vX.Y.Z` names a complete set. No pull and no push: ECR's PutImage takes the manifest BatchGetImage returns
// and adds a tag to the same image (https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-retag.html).
import {
  BatchGetImageCommand,
  type BatchGetImageCommandOutput,
  PutImageCommand,
  type PutImageCommandOutput,
} from "@aws-sdk/client-ecr";
import { repositoryError } from "../rollback/ecr";

/** The two calls a re-tag makes; an `ECRClient` satisfies it, tests pass a recorded fake. */
export interface EcrRetagClient {
  send(command: BatchGetImageCommand): Promise<BatchGetImageCommandOutput>;
  send(command: PutImageCommand): Promise<PutImageCommandOutput>;
}

/** What became of the tag. */
export type RetagResult =
  | { action: "tagged"; tag: string; digest: string }
  | { action: "already"; tag: string; digest: string }
  | { action: "conflict"; tag: string; digest: string; taggedDigest: string };

/** Every manifest type ECR stores, so BatchGetImage returns the manifest as it was pushed. */
const MEDIA_TYPES = [
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.index.v1+json",
];

async function getImage(
  client: EcrRetagClient,
  repositoryName: string,
  imageId: { imageDigest: string } | { imageTag: string },
) {
  try {
    const answer = await client.send(
      new BatchGetImageCommand({ repositoryName, imageIds: [imageId], acceptedMediaTypes: MEDIA_TYPES }),
    );
    // An image ECR does not hold is listed under `failures` (ImageNotFound), not thrown.
    return { image: answer.images?.[0], failure: answer.failures?.[0] };
  } catch (err) {
    throw repositoryError(err, repositoryName);
  }
}

const errorName = (err: unknown) => (err as { name?: string }).name;

/**
 * Adds `tag` to the image `digest` of `repositoryName`. Running it again is harmless: PutImage of a manifest
 * and tag ECR already holds answers ImageAlreadyExistsException. In an immutable repository, a tag that
 * names another image answers ImageTagAlreadyExistsException: reported as a conflict with both digests.
 * Source: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutImage.html
 */
export async function retagImage(
  client: EcrRetagClient,
  repositoryName: string,
  digest: string,
  tag: string,
): Promise<RetagResult> {
  const { image, failure } = await getImage(client, repositoryName, { imageDigest: digest });
  if (image?.imageManifest === undefined) {
    throw new Error(
      `ECR has no image ${repositoryName}@${digest}${failure ? ` (${failure.failureCode}: ${failure.failureReason})` : ""}`,
    );
  }
  try {
    await client.send(
      new PutImageCommand({
        repositoryName,
        imageManifest: image.imageManifest,
        imageManifestMediaType: image.imageManifestMediaType,
        imageTag: tag,
        imageDigest: digest,
      }),
    );
    return { action: "tagged", tag, digest };
  } catch (err) {
    if (errorName(err) === "ImageAlreadyExistsException") return { action: "already", tag, digest };
    if (errorName(err) !== "ImageTagAlreadyExistsException") throw repositoryError(err, repositoryName);
  }
  const tagged = (await getImage(client, repositoryName, { imageTag: tag })).image?.imageId?.imageDigest;
  if (tagged === digest) return { action: "already", tag, digest };
  return { action: "conflict", tag, digest, taggedDigest: tagged ?? "unknown" };
}

/** One line for the log. */
export function describeRetag(repositoryName: string, result: RetagResult): string {
  const at = `${repositoryName}:${result.tag}`;
  switch (result.action) {
    case "tagged":
      return `tagged ${repositoryName}@${result.digest} as ${at}`;
    case "already":
      return `${at} already names ${result.digest}: nothing to do`;
    case "conflict":
      return `${at} already names ${result.taggedDigest}, not ${result.digest}; tags are immutable, so the release cannot name this image`;
  }
}
