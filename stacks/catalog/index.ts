export { DEFAULT_CATALOG_FILE, loadCatalog, parseCatalog } from "./catalog";
export { dependentsOf, findCycle, previewSelection, topologicalOrder } from "./graph";
export { isTimeZone, scheduleProblem } from "./schedule";
export * from "./schema";
export { dependencyVariable } from "./variables";
