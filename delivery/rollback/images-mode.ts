// A rollback of a stack that deploys by digest (`pantstack:images`): every service, or only one, goes back to
// the digest its release repository tags with the version; the others keep the image they run.
import type { DescribeImagesCommandOutput } from "@aws-sdk/client-ecr";
import { DescribeImagesCommand } from "@aws-sdk/client-ecr";
import { ValidationError } from "../../lib/errors";
import type { EcrDescribeImages } from "./ecr";
import { repositoryError } from "./ecr";
import type { RollbackTargets } from "./targets";

/** One service's image as the stack records it in its `images` output. */
export interface RecordedImage {
  image: string;
  version: string;
}

/** `<registry>/<repository>` and the rest (`@sha256:…` or `:<tag>`) of a recorded image. */
const IMAGE =
  /^([a-z0-9.-]+(?::\d+)?)\/([a-z0-9._/-]+)(?:@sha256:[a-f0-9]{64}|:[A-Za-z0-9_][A-Za-z0-9_.-]*)$/;

/** The stack's `images` output, entry by entry; anything this tool cannot read is left out. */
export function recordedImages(outputs: Record<string, { value: unknown }>): Record<string, RecordedImage> {
  const value = outputs.images?.value;
  if (value === null || typeof value !== "object") return {};
  const out: Record<string, RecordedImage> = {};
  for (const [name, entry] of Object.entries(value as Record<string, Partial<RecordedImage>>)) {
    if (typeof entry?.image === "string" && IMAGE.test(entry.image) && typeof entry.version === "string")
      out[name] = { image: entry.image, version: entry.version };
  }
  return out;
}

/** Each service's task definition and ECS service URNs, from the stack's `services` output. */
export function serviceTargets(outputs: Record<string, { value: unknown }>): Record<string, RollbackTargets> {
  const value = outputs.services?.value;
  if (value === null || typeof value !== "object") return {};
  const out: Record<string, RollbackTargets> = {};
  for (const [name, entry] of Object.entries(value as Record<string, Partial<RollbackTargets>>)) {
    if (typeof entry?.taskDefinitionUrn === "string" && typeof entry.serviceUrn === "string")
      out[name] = { taskDefinitionUrn: entry.taskDefinitionUrn, serviceUrn: entry.serviceUrn };
  }
  return out;
}

/** What a digest rollback deploys and updates. */
export interface ImagesPlan {
  /** The `pantstack:images` value: every service, by digest. */
  images: Record<string, RecordedImage>;
  /** The services that move to the version. */
  moved: string[];
  /** The URNs `pulumi up --target` gets: the moved services' task definitions and services. */
  targets: string[];
}

/**
 * Plans a digest rollback to `version`. Each moved service's digest is the one its release repository tags
 * with `version`, asked of ECR (DescribeImages; a missing tag is ImageNotFoundException,
 * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribeImages.html). The repository is the
 * one the service runs from now. Returns a refusal (exit 1) naming the services whose repository lacks it.
 */
export async function planImagesRollback(
  ecr: EcrDescribeImages,
  current: Record<string, RecordedImage>,
  services: Record<string, RollbackTargets>,
  names: readonly string[],
  version: string,
  only?: string,
): Promise<ImagesPlan | { refusal: string }> {
  const moved = only === undefined ? [...names] : [only];
  const images: Record<string, RecordedImage> = {};
  const missing: string[] = [];
  for (const name of names) {
    const running = current[name];
    if (running === undefined) {
      throw new ValidationError(
        `images.${name}`,
        undefined,
        "the stack's images output names no image for this service; deploy it once before a rollback",
      );
    }
    if (!moved.includes(name)) {
      images[name] = running;
      continue;
    }
    const [, registry, repositoryName] = IMAGE.exec(running.image) as RegExpExecArray;
    const digest = await taggedDigest(ecr, repositoryName, version);
    if (digest === undefined) missing.push(`${name} (${repositoryName})`);
    else images[name] = { image: `${registry}/${repositoryName}@${digest}`, version };
  }
  if (missing.length > 0) {
    return {
      refusal: `image tag ${version} is not in the release repository of ${missing.join(", ")}; pick a release every service was tagged with`,
    };
  }
  const targets = moved.flatMap((name) => {
    const target = services[name];
    if (target === undefined) {
      throw new ValidationError(
        `services.${name}`,
        undefined,
        "the stack's services output names no taskDefinitionUrn and serviceUrn for this service",
      );
    }
    return [target.taskDefinitionUrn, target.serviceUrn];
  });
  return { images, moved, targets };
}

async function taggedDigest(ecr: EcrDescribeImages, repositoryName: string, imageTag: string) {
  let answer: DescribeImagesCommandOutput;
  try {
    answer = await ecr.send(new DescribeImagesCommand({ repositoryName, imageIds: [{ imageTag }] }));
  } catch (err) {
    if ((err as Error).name === "ImageNotFoundException") return undefined;
    throw repositoryError(err, repositoryName);
  }
  return answer.imageDetails?.[0]?.imageDigest;
}
