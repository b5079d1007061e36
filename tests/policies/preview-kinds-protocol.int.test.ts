import assert from "node:assert/strict";
import type { StackPlan } from "../../plan/plan";
import { plannedStacks } from "../support/planned";
import { type AnalyzedResource, PackProcess } from "./analyzer-client";

// Every kind in one preview: auth (backend), events (worker), nightly (job), and their callers api and web.
const EVERY_KIND = { "pantstack:changedServices": "auth,events,nightly" };

const planned = async (overrides: Record<string, string>) =>
  (
    await plannedStacks({
      stacks: ["test", "preview-pr-1"],
      services: "examples/services.yaml",
      stackOverrides: { "preview-pr-1": { ...EVERY_KIND, ...overrides } },
    })
  )[1];

describe("preview caps per kind, over the analyzer protocol (as the Pulumi CLI runs the pack)", function () {
  this.timeout(60_000);
  let pack: PackProcess;
  let within: StackPlan;
  let over: StackPlan;

  before(async () => {
    [pack, within, over] = await Promise.all([
      PackProcess.start(),
      planned({}),
      planned({ "pantstack:cpu": "1024", "pantstack:memory": "2048", "pantstack:desiredCount": "2" }),
    ]);
  });
  after(() => pack?.stop());

  /** The pack's findings, sent resource by resource and as a stack, as the CLI does: `policy resource-name`. */
  async function findings(plan: StackPlan): Promise<string[]> {
    const analyzed: AnalyzedResource[] = plan.resources
      .filter((r) => r.custom && !r.type.startsWith("pulumi:"))
      .map((r) => ({
        type: r.type,
        urn: r.urn,
        name: r.name,
        properties: JSON.parse(JSON.stringify(r.inputs)),
        propertyDependencies: r.options.propertyDependencies,
      }));
    const found = [
      ...(await Promise.all(analyzed.map((r) => pack.analyze(r)))).flat(),
      ...(await pack.analyzeStack(analyzed)),
    ];
    return found.map((v) => `${v.policy} ${v.urn.split("::").pop()}`).sort();
  }

  it("a preview at its caps runs every kind and the pack finds nothing", async () => {
    assert.deepEqual(within.outputs.runs, ["auth", "events", "api", "web", "nightly"]);
    assert.deepEqual(await findings(within), []);
  });

  it("above its caps, each kind's task definition is refused for cpu and memory, each long-running service for its count", async () => {
    const found = await findings(over);
    const tasks = ["pr-1-auth-task", "pr-1-events-task", "pr-1-nightly-task", "pr-1-task", "pr-1-web-task"];
    const services = ["pr-1-auth-service", "pr-1-events-service", "pr-1-service", "pr-1-web-service"];
    assert.deepEqual(
      found.filter((f) => f.startsWith("preview-task-")),
      [...tasks.map((t) => `preview-task-cpu ${t}`), ...tasks.map((t) => `preview-task-memory ${t}`)].sort(),
    );
    assert.deepEqual(
      found.filter((f) => f.startsWith("preview-desired-count")),
      services.map((s) => `preview-desired-count ${s}`).sort(),
    );
    // Every sleeping service's scalable target (min = max = 2) is over the preview's one task too.
    assert.deepEqual(found.filter((f) => f.startsWith("preview-autoscaling-max")).length, services.length);
    // The same findings the offline plan's in-process check reports.
    assert.deepEqual(
      found,
      over.policy.violations.map((v) => `${v.policy} ${v.urn.split("::").pop()}`).sort(),
    );
  });
});
