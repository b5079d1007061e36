import { type Catalog, previewSelection, type ServiceKind } from "../../stacks/catalog";

/** One image a pull request's preview builds and pushes. */
export interface PreviewImage {
  /** The catalog service. */
  name: string;
  kind: ServiceKind;
  /** The Pants address of its `docker_image` target. */
  address: string;
  /** The local image the build leaves: `primaryImage` for the primary service, `<name>:latest` otherwise. */
  image: string;
  /** Its tag in the one preview repository: `pr-<N>-<sha7>` (primary) or `<name>-pr-<N>-<sha7>`. */
  tag: string;
}

/** What a pull request's preview builds, runs and borrows. */
export interface PreviewPlan {
  /** `pantstack:imageTag` of the preview stack: `pr-<N>-<sha7>`. */
  imageTag: string;
  /** `pantstack:changedServices`: what the PR changed, or the primary service when it changed none. */
  changed: string[];
  /** True when the PR changed no service (infrastructure or docs only): `changed` is then the primary. */
  noServiceChanged: boolean;
  /** The services the preview runs: the changed ones and every caller of them, in dependency order. */
  runs: string[];
  /** The services it borrows from test. */
  borrows: string[];
  /** The images to build and push: one per service in `runs`. */
  build: PreviewImage[];
}

/** Where the plan's names and tags come from. */
export interface PreviewPlanOptions {
  /** The pull request's number. */
  pr: number;
  /** The commit the preview is built from (its first 7 characters name the tags). */
  sha: string;
  /** The local image the build leaves for the primary service (the `BUILT_IMAGE` variable). */
  primaryImage: string;
}

/**
 * The preview of a PR that changed `changed`: it runs those services and every service whose `dependsOn`
 * reaches one of them (the preview stack's own rule, `previewSelection`, so both always agree), and builds
 * an image for each of them. A caller that did not change still needs an image under the PR's tag, because
 * the preview stack pulls every service it runs from the preview repository by that tag; building it from
 * the PR's code gives the same image test runs for that service's own code, with no cross-repository copy.
 * A PR that changed no service still gets a preview of the primary service, built from its code, so an
 * infrastructure change is deployed and smoke-tested like any other.
 */
export function previewPlan(
  catalog: Catalog,
  changed: readonly string[],
  options: PreviewPlanOptions,
): PreviewPlan {
  // The stacks' primary service (stacks/stack-catalog.ts, primaryService): the first web service, else the first.
  const primary = (catalog.services.find((s) => s.kind === "web") ?? catalog.services[0]).name;
  const known = catalog.services.map((s) => s.name).filter((name) => changed.includes(name));
  const noServiceChanged = known.length === 0;
  const effective = noServiceChanged ? [primary] : known;
  const { runs, borrows } = previewSelection(catalog.services, effective);
  const imageTag = `pr-${options.pr}-${options.sha.slice(0, 7)}`;
  const byName = new Map(catalog.services.map((s) => [s.name, s]));
  return {
    imageTag,
    changed: effective,
    noServiceChanged,
    runs,
    borrows,
    build: runs.map((name) => {
      const service = byName.get(name);
      if (service === undefined) throw new Error(`previewSelection returned ${name}, not in the catalog`);
      const isPrimary = name === primary;
      return {
        name,
        kind: service.kind,
        address: service.image,
        image: isPrimary ? options.primaryImage : `${name}:latest`,
        // The preview stack's rule (stacks/preview/program.ts): one repository, the service in the tag.
        tag: isPrimary ? imageTag : `${name}-${imageTag}`,
      };
    }),
  };
}
