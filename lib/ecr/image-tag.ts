import * as semver from "semver";
import { ValidationError } from "../errors";
import { parsePreviewStack } from "../preview/naming";

/** Docker's tag grammar: a word character first, then up to 127 of `[A-Za-z0-9_.-]`. */
export const DOCKER_TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Returns `tag` if Docker accepts it as an image tag, else throws a {@link ValidationError} naming `key`. */
export function checkImageTag(key: string, tag: string): string {
  if (!DOCKER_TAG_PATTERN.test(tag)) {
    throw new ValidationError(
      key,
      tag,
      "an image tag is 1 to 128 characters of letters, digits, '_', '.' and '-', not starting with '.' or '-'",
    );
  }
  return tag;
}

/** An image digest as registries name a manifest: `sha256:` and 64 lowercase hex digits. */
export const IMAGE_DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;

/** Returns `digest` if it names a manifest (`sha256:<64 hex>`), else throws a {@link ValidationError} naming `key`. */
export function checkImageDigest(key: string, digest: string): string {
  if (!IMAGE_DIGEST_PATTERN.test(digest)) {
    throw new ValidationError(key, digest, "expected an image digest: sha256:<64 lowercase hex digits>");
  }
  return digest;
}

/** Which images a stack may run, in words and as a test. */
export interface ImageTagRule {
  /** The rule as a sentence for error messages and `--help`. */
  readonly description: string;
  /** True when the stack may run `tag`. */
  accepts(tag: string): boolean;
}

/**
 * The semantic version a `v`-prefixed tag names, or undefined. Strict: `v1.2.3` and `v1.3.0-dev.4` are
 * versions; `1.2.3`, `v1.2`, `v01.2.3` and build metadata (`+x`, which Docker tags cannot hold) are not.
 */
export function tagVersion(tag: string): TagVersion | undefined {
  if (!tag.startsWith("v")) return undefined;
  const version = semver.parse(tag.slice(1));
  // semver.parse accepts a second leading `v` and build metadata; the tag must be exactly `v` + version.
  if (version === null || `v${version.version}` !== tag) return undefined;
  return { version: version.version, prerelease: version.prerelease };
}

/** A version read from an image tag (the library's own type, so its declarations need no `@types/semver`). */
export interface TagVersion {
  /** `1.3.0-dev.4` for `v1.3.0-dev.4`. */
  readonly version: string;
  /** The prerelease identifiers (`["dev", 4]`); empty for a release. */
  readonly prerelease: readonly (string | number)[];
}

const RELEASE: ImageTagRule = {
  description: "prod runs release versions only: v<major>.<minor>.<patch> such as v1.2.3",
  accepts: (tag) => tagVersion(tag)?.prerelease.length === 0,
};

const RELEASE_OR_PRERELEASE: ImageTagRule = {
  description:
    "test runs a release or a prerelease version: v<major>.<minor>.<patch>[-<prerelease>] such as v1.3.0-dev.4 or v1.2.3",
  accepts: (tag) => tagVersion(tag) !== undefined,
};

/** `preview-pr-<N>` runs only images built from its own PR: `pr-<N>-<commit SHA, 7 to 40 hex digits>`. */
function previewRule(pr: number): ImageTagRule {
  const pattern = new RegExp(`^pr-${pr}-[0-9a-f]{7,40}$`);
  return {
    description: `preview-pr-${pr} runs only images of its own PR: pr-${pr}-<git commit SHA, 7 to 40 lowercase hex digits> such as pr-${pr}-abc1234`,
    accepts: (tag) => pattern.test(tag),
  };
}

/**
 * The image tag rule of a stack: `prod` release versions only, `test` a prerelease or a release,
 * `preview-pr-<N>` only `pr-<N>-<sha>`. Other stacks run no image: asking for their rule is a mistake.
 */
export function imageTagRule(stack: string): ImageTagRule {
  if (stack === "prod") return RELEASE;
  if (stack === "test") return RELEASE_OR_PRERELEASE;
  const pr = parsePreviewStack(stack);
  if (pr !== undefined) return previewRule(pr);
  throw new ValidationError("stack", stack, "only test, prod and preview-pr-<N> run an image");
}

/** Returns `tag` if `stack` may run it, else throws a {@link ValidationError} naming `key` and the rule. */
export function checkImageTagForStack(key: string, stack: string, tag: string): string {
  const rule = imageTagRule(stack);
  if (!rule.accepts(tag)) throw new ValidationError(key, tag, rule.description);
  return checkImageTag(key, tag);
}
