/**
 * `@actions/expressions` and `@actions/workflow-parser` are ES modules with only an `import` export
 * condition (and a JSON import without an import attribute), so this CommonJS project cannot `require` them;
 * a dynamic import, which tsx resolves as ESM, loads both once.
 */
export type Expressions = typeof import("@actions/expressions");
export type WorkflowParser = typeof import("@actions/workflow-parser");

let loaded: Promise<{ expressions: Expressions; workflowParser: WorkflowParser }> | undefined;

export function actionsLibs(): Promise<{ expressions: Expressions; workflowParser: WorkflowParser }> {
  // Node's own ESM loader refuses workflow-parser's JSON import without `with { type: "json" }`; tsx's
  // ESM hooks (as under `npx tsx`) load it. Mocha registers only tsx's CommonJS hook.
  if (!loaded) require("tsx/esm/api").register();
  loaded ??= Promise.all([import("@actions/expressions"), import("@actions/workflow-parser")]).then(
    ([expressions, workflowParser]) => ({ expressions, workflowParser }),
  );
  return loaded;
}
