import { z } from "zod";
import { checkImageTagForStack } from "../../lib/ecr/image-tag";
import { describeValue, ValidationError } from "../../lib/errors";
import type { Catalog } from "../catalog";

/** The config key of the images a deploy runs: `{"<service>": {"image": "<repo>@sha256:…", "version": "v1.3.0"}}`. */
export const IMAGES_KEY = "pantstack:images";

/** One service's image as a stack deploys and records it. */
export interface ServiceImage {
  /** `<repository URL>@sha256:<64 hex>` (or `<repository URL>:<tag>` when deployed by `pantstack:imageTag`). */
  image: string;
  /** The version the image was built as, e.g. `v1.3.0`: the task's `PANTSTACK_VERSION`. */
  version: string;
}

/** A deployed image split into what the service component takes. */
export interface ImageChoice extends ServiceImage {
  repositoryUrl: string;
  /** Set when the image is pinned by digest. */
  digest?: string;
  /** Set when the image is named by tag. */
  tag?: string;
  /** Where it came from: this deploy's config, or what the stack runs already. */
  source: "images" | "imageTag" | "running";
}

/** `<registry>/<repository>@sha256:<64 hex>`: ECR's form of an image pinned by digest. */
const BY_DIGEST = /^([a-z0-9.-]+(?::\d+)?\/[a-z0-9._/-]+)@(sha256:[a-f0-9]{64})$/;
/** `<registry>/<repository>:<tag>`: how a stack deployed by tag records its image. */
const BY_TAG = /^([a-z0-9.-]+(?::\d+)?\/[a-z0-9._/-]+):([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$/;

const ENTRY = z.strictObject({ image: z.string(), version: z.string() });

/**
 * Parses `pantstack:images`: each entry names a catalog service, an image by digest and its version (checked
 * by the stack's version rule: prod runs releases only). Services left out keep what they run.
 */
export function parseImagesConfig(
  text: string | undefined,
  catalog: Catalog,
  stack: string,
): Record<string, ServiceImage> {
  if (text === undefined) return {};
  const form = `{"<service>": {"image": "<repository>@sha256:<64 hex>", "version": "<version>"}}`;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ValidationError(IMAGES_KEY, text, `expected JSON: ${form}`);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new ValidationError(IMAGES_KEY, raw, `expected a map: ${form}`);
  }
  const names = catalog.services.map((s) => s.name);
  const out: Record<string, ServiceImage> = {};
  for (const [name, value] of Object.entries(raw)) {
    const key = `${IMAGES_KEY}.${name}`;
    if (!names.includes(name)) {
      throw new ValidationError(key, value, `expected a service of the catalog: ${names.join(", ")}`);
    }
    const entry = ENTRY.safeParse(value);
    if (!entry.success)
      throw new ValidationError(
        key,
        value,
        `expected {"image": "<repository>@sha256:<64 hex>", "version": "<version>"}`,
      );
    if (!BY_DIGEST.test(entry.data.image)) {
      throw new ValidationError(
        `${key}.image`,
        entry.data.image,
        "expected <registry>/<repository>@sha256:<64 lowercase hex digits> (deploys pin digests; a tag could move)",
      );
    }
    checkImageTagForStack(`${key}.version`, stack, entry.data.version);
    out[name] = entry.data;
  }
  return out;
}

/**
 * The images a stack recorded in its last update (its `images` output), or `{}` before its first. A record
 * this version did not write is ignored entry by entry rather than trusted.
 */
export function runningImages(outputs: unknown): Record<string, ServiceImage> {
  if (outputs === null || typeof outputs !== "object") return {};
  const out: Record<string, ServiceImage> = {};
  for (const [name, value] of Object.entries(outputs)) {
    const entry = ENTRY.safeParse(value);
    if (entry.success && (BY_DIGEST.test(entry.data.image) || BY_TAG.test(entry.data.image)))
      out[name] = entry.data;
  }
  return out;
}

/** What {@link chooseImages} decides from. */
export interface ImageInputs {
  catalog: Catalog;
  /** `pantstack:images`, parsed. */
  given: Record<string, ServiceImage>;
  /** `pantstack:imageTag`: every service not in `given` runs `<its repository>:<tag>`. */
  tag?: string;
  /** The stack's last recorded images (its own outputs). */
  running: Record<string, ServiceImage>;
  /** Each service's release repository URL. */
  repositoryUrls: Record<string, string>;
}

/**
 * Picks each service's image: `pantstack:images`, else `pantstack:imageTag`, else the image the stack runs
 * (so a deploy that changes only infrastructure keeps every service on its image, and a service whose image
 * did not change keeps its task definition). A service with none of them, as in a first deploy, is refused.
 */
export function chooseImages(inputs: ImageInputs): Record<string, ImageChoice> {
  const out: Record<string, ImageChoice> = {};
  for (const { name } of inputs.catalog.services) {
    const repositoryUrl = inputs.repositoryUrls[name];
    const given = inputs.given[name];
    if (given) {
      const [, repository, digest] = BY_DIGEST.exec(given.image) as RegExpExecArray;
      if (repository !== repositoryUrl) {
        throw new ValidationError(
          `${IMAGES_KEY}.${name}.image`,
          given.image,
          `expected an image of ${name}'s release repository ${repositoryUrl}`,
        );
      }
      out[name] = { ...given, repositoryUrl, digest, source: "images" };
      continue;
    }
    if (inputs.tag !== undefined) {
      out[name] = {
        image: `${repositoryUrl}:${inputs.tag}`,
        version: inputs.tag,
        repositoryUrl,
        tag: inputs.tag,
        source: "imageTag",
      };
      continue;
    }
    const running = inputs.running[name];
    if (running) {
      const digest = BY_DIGEST.exec(running.image);
      const tag = digest ? undefined : BY_TAG.exec(running.image);
      out[name] = {
        ...running,
        repositoryUrl: (digest ?? tag)?.[1] as string,
        ...(digest ? { digest: digest[2] } : { tag: tag?.[2] }),
        source: "running",
      };
      continue;
    }
    throw new ValidationError(
      IMAGES_KEY,
      undefined,
      `${name} runs no image yet (a first deploy); give ${IMAGES_KEY} ${describeValue({ [name]: { image: `${repositoryUrl}@sha256:…`, version: "v1.0.0" } })} or pantstack:imageTag`,
    );
  }
  return out;
}
