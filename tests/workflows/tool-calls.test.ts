// Enabled after the pipeline tools are merged (it imports each tool's entry module): every
// `npm run <tool> -- <args>` a workflow runs is parsed by that tool's own `parseCommandLine`, with the
// exact arguments the workflow passes, so a renamed or removed flag fails CI instead of a deploy.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { npmRunCalls, withExamples } from "./npm-calls";
import { loadWorkflows, ROOT } from "./workflow-files";

/** The pipeline tools, by npm script, and the module that exports `parseCommandLine` (the brief's contract). */
const ENTRIES: Record<string, string> = {
  images: "delivery/images/cli.ts",
  previews: "delivery/previews/cli.ts",
  rollback: "delivery/rollback/cli.ts",
  smoke: "delivery/smoke/cli.ts",
  stacks: "delivery/stacks/cli.ts",
  "pr-title": "delivery/release/pr-title-cli.ts",
  plan: "plan/cli.ts",
  deployment: "delivery/deployment/cli.ts",
  drift: "delivery/drift/cli.ts",
  services: "delivery/services/cli.ts",
};

/** npm scripts the workflows run that are not pipeline tools (checked by other jobs). */
const NOT_TOOLS = new Set([
  "lint",
  "typecheck",
  "docs:api",
  "coverage",
  "test:integration",
  "test:package",
  "build",
]);

/** A realistic value for every expression a tool's arguments can come from. */
const EXAMPLES: Record<string, string> = {
  "github.event.pull_request.number": "42",
  "github.event.pull_request.head.sha": "0123456789abcdef0123456789abcdef01234567",
  "github.event.pull_request.base.sha": "89abcdef0123456789abcdef0123456789abcdef",
  "vars.BUILT_IMAGE || 'pantstack:latest'": "pantstack:latest",
  "steps.preview.outputs.tag": "pr-42-0123456",
  "steps.preview.outputs.changed": "api,web",
  "github.event.pull_request.title || inputs.title": "feat(api): add the orders endpoint",
  "needs.release.outputs.tag": "v1.3.0",
  "needs.release.outputs.version": "1.3.0",
  "steps.tag.outputs.tag": "pr-42-0123456",
  "steps.up.outputs.url": "https://preview-pr-42.pantstack.dev",
  "steps.version.outputs.version": "1.2.3",
  "steps.released.outputs.at": "2026-12-03T17:40:00Z",
  "steps.digest.outputs.digest": `sha256:${"0".repeat(64)}`,
  "vars.TEST_URL": "https://test.pantstack.dev",
  "vars.PROD_URL": "https://api.pantstack.dev",
  "vars.ECR_REPOSITORY": "pantstack",
  "vars.ECR_PREVIEW_REPOSITORY": "pantstack-preview",
  "inputs.version": "v1.2.3",
  "inputs.service": "web",
  "inputs.dry-run && '--dry-run' || ''": "",
};

/** Shell variables a step sets itself (loop variables, values read from a file) before a tool call. */
const SHELL_VARIABLES: Record<string, string> = {
  base: "v1.2.0",
  repository: "pantstack/web",
  digest: `sha256:${"0".repeat(64)}`,
  tag: "web-pr-42-0123456",
};

interface ToolCall {
  where: string;
  script: string;
  args: string[];
  env: Record<string, string>;
}

/** Every npm run call of every workflow step, with the env the step sees (workflow, job, step). */
function toolCalls(): ToolCall[] {
  const calls: ToolCall[] = [];
  for (const w of loadWorkflows()) {
    for (const [id, job] of Object.entries(w.jobs)) {
      for (const [i, step] of (job.steps ?? []).entries()) {
        if (!step.run) continue;
        const raw = { ...w.env, ...job.env, ...step.env };
        const resolve = (name: string) =>
          name in raw ? withExamples(String(raw[name]), EXAMPLES) : SHELL_VARIABLES[name];
        for (const call of npmRunCalls(step.run, resolve)) {
          calls.push({ where: `${w.file}#${id} step ${step.name ?? i}`, ...call, env: resolveAll(raw) });
        }
      }
    }
  }
  return calls;
}

function resolveAll(raw: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!/secrets\./.test(String(v))) out[k] = withExamples(String(v), { ...varsExamples(v), ...EXAMPLES });
  }
  return out;
}

/** Other variables a step's env holds (not tool arguments): any non-empty value will do. */
function varsExamples(value: string): Record<string, string> {
  return Object.fromEntries([...value.matchAll(/\$\{\{\s*([\s\S]*?)\s*\}\}/g)].map((m) => [m[1], "x"]));
}

type ParseCommandLine = (argv: string[]) => unknown;

describe("workflows: each tool accepts the exact arguments a workflow passes", () => {
  const scripts = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts as Record<
    string,
    string
  >;
  const calls = toolCalls().filter((c) => !NOT_TOOLS.has(c.script));

  it("finds the calls of every pipeline tool", () => {
    assert.deepEqual([...new Set(calls.map((c) => c.script))].sort(), Object.keys(ENTRIES).sort());
  });

  for (const call of calls) {
    it(`${call.where}: npm run ${call.script} -- ${call.args.join(" ")}`, () => {
      assert.ok(scripts[call.script], `package.json has no "${call.script}" script`);
      const entry = ENTRIES[call.script];
      assert.ok(entry, `${call.script} is not a known pipeline tool`);
      // require, not import(): tsx hooks require for .ts; the path is computed, so tsc does not resolve it.
      const tool = require(join(ROOT, entry)) as { parseCommandLine?: ParseCommandLine };
      assert.equal(typeof tool.parseCommandLine, "function", `${entry} exports parseCommandLine`);
      const saved = { ...process.env };
      Object.assign(process.env, call.env);
      try {
        tool.parseCommandLine?.(call.args);
      } finally {
        for (const k of Object.keys(call.env)) if (!(k in saved)) delete process.env[k];
        Object.assign(process.env, saved);
      }
    });
  }
});
