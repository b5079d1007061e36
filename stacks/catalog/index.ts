export { DEFAULT_CATALOG_FILE, loadCatalog, parseCatalog, validateCatalog } from "./catalog";
export { dependentsOf, findCycle, previewSelection, topologicalOrder } from "./graph";
export { type Overlay, type OverlayService, previewOverlay } from "./overlay";
export { applyOverrides, OVERRIDES_KEY } from "./overrides";
export { isTimeZone, scheduleProblem } from "./schedule";
export * from "./schema";
export { dependencyVariable } from "./variables";
