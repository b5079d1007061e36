import { ValidationError } from "../../lib/errors";
import type { Catalog, ServiceKind } from "../../stacks/catalog";

/** `<registry>/<repository>@sha256:<64 hex>`: an image pinned by digest, as stacks deploy it. */
const IMAGE_REFERENCE = /^([a-z0-9.-]+(?::\d+)?\/[a-z0-9._/-]+)@(sha256:[a-f0-9]{64})$/;

/** Splits and checks an image reference; a tag or a short digest is refused, since it could move. */
export function parseImageReference(key: string, reference: string): { repository: string; digest: string } {
  const match = IMAGE_REFERENCE.exec(reference);
  if (!match) throw new ValidationError(key, reference, "expected <repository>@sha256:<64 hex digits>");
  return { repository: match[1], digest: match[2] };
}

/** One ECR call of a release for a service that was not rebuilt: `put-image` of its manifest under the version. */
export interface Retag {
  service: string;
  repository: string;
  /** The digest the service runs now, whose manifest gets the version tag. */
  digest: string;
  tag: string;
}

/**
 * A release tags every service's image with its version so `vX.Y.Z` names a complete set: built services were
 * pushed with the tag; each other one gets its current digest re-tagged through ECR's `PutImage` with the
 * manifest `BatchGetImage` returns, with no rebuild.
 * Source: https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-retag.html
 */
export function retagPlan(
  catalog: Catalog,
  built: readonly string[],
  current: Readonly<Record<string, string>>,
  version: string,
): Retag[] {
  return catalog.services
    .filter((s) => !built.includes(s.name))
    .map((s) => {
      const reference = current[s.name];
      if (reference === undefined) {
        throw new ValidationError(
          `current.${s.name}`,
          undefined,
          "every service not built needs its deployed image reference",
        );
      }
      const { repository, digest } = parseImageReference(`current.${s.name}`, reference);
      return { service: s.name, repository, digest, tag: version };
    });
}

/**
 * The image reference per service a rollback deploys: every service's digest of `version`, or only the
 * named one's (the others keep what they run).
 */
export function rollbackSelection(
  catalog: Catalog,
  release: Readonly<Record<string, string>>,
  current: Readonly<Record<string, string>>,
  only?: string,
): Record<string, string> {
  const names = catalog.services.map((s) => s.name);
  if (only !== undefined && !names.includes(only)) {
    throw new ValidationError("--service", only, `expected a service of the catalog: ${names.join(", ")}`);
  }
  const out: Record<string, string> = {};
  for (const name of names) {
    const pick = only === undefined || only === name ? release[name] : current[name];
    if (pick === undefined) {
      throw new ValidationError(
        only === name || only === undefined ? `release.${name}` : `current.${name}`,
        undefined,
        "expected an image reference for every service",
      );
    }
    parseImageReference(name, pick);
    out[name] = pick;
  }
  return out;
}

/** One service as the pipeline builds and pushes it. */
export interface ServiceEntry {
  name: string;
  kind: ServiceKind;
  /** The Pants address of its `docker_image` target. */
  address: string;
  /** Its release repository's name. */
  repository: string;
}

/**
 * Every service with its release repository: the primary service (the first web service, else the first)
 * keeps `repository`, every other one gets `<repository>/<service>`, as the shared stack creates them
 * (stacks/shared/program.ts, releaseRepositoryNames).
 */
export function serviceList(catalog: Catalog, repository: string): ServiceEntry[] {
  const primary = (catalog.services.find((s) => s.kind === "web") ?? catalog.services[0]).name;
  return catalog.services.map((s) => ({
    name: s.name,
    kind: s.kind,
    address: s.image,
    repository: s.name === primary ? repository : `${repository}/${s.name}`,
  }));
}
