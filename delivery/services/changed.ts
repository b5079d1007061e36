import type { Catalog } from "../../stacks/catalog";

/**
 * The Pants command that lists what changed since `base`, with every target depending on it transitively: a
 * change to a shared library then lists each `docker_image` that packages it.
 * Source: https://www.pantsbuild.org/stable/docs/using-pants/advanced-target-selection
 */
export function pantsChangedArgs(base: string): string[] {
  return ["pants", `--changed-since=${base}`, "--changed-dependents=transitive", "list"];
}

/** Normalizes a Pants address as `list` prints it (`//services/api:image` and `services/api:image` alike). */
const normalize = (address: string) => address.trim().replace(/^\/\//, "");

/**
 * The catalog's services to build: those whose `docker_image` target Pants lists as changed. A change to the
 * catalog file itself counts for every service, since any of their settings may have moved.
 *
 * @param pantsOutput stdout of {@link pantsChangedArgs}: one address a line
 * @param changedFiles paths `git diff --name-only <base>` lists
 */
export function changedServices(
  catalog: Catalog,
  pantsOutput: string,
  changedFiles: readonly string[] = [],
  catalogFile = "services.yaml",
): string[] {
  if (changedFiles.includes(catalogFile)) return catalog.services.map((s) => s.name);
  const listed = new Set(pantsOutput.split("\n").map(normalize).filter(Boolean));
  return catalog.services.filter((s) => listed.has(normalize(s.image))).map((s) => s.name);
}
