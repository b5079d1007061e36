import assert from "node:assert/strict";
import type { StackPlan } from "../../plan/plan";
import { plannedStacks } from "../support/planned";
import { assertServiceViewsAgree } from "./service-rows";

// api, web (web), auth (backend), events (worker), nightly (job); private tasks need NAT in test.
const EXAMPLE = "examples/services.yaml";
const NAT = { "pantstack:natGateways": "single" };

describe("cost by service of the example catalog: every kind, in the three views", function () {
  this.timeout(120_000);
  let plans: readonly StackPlan[];

  before(async () => {
    plans = await plannedStacks({
      stacks: ["test", "prod"],
      services: EXAMPLE,
      stackOverrides: { test: NAT },
    });
  });

  it("lists the services by kind with a cost line each, adding up to the stack, in every view", () => {
    for (const plan of plans) {
      const services = assertServiceViewsAgree(plan);
      assert.deepEqual(
        services.map((s) => `${s.name} ${s.kind}`),
        ["api web", "web web", "auth backend", "events worker", "nightly job", "platform platform"],
        plan.stack,
      );
    }
  });

  it("prices each kind's own resources: Cloud Map for the backend, the queue for the worker, runs for the job", () => {
    const [test, prod] = plans.map((p) => assertServiceViewsAgree(p));
    const items = (services: typeof test, name: string) =>
      services.find((s) => s.name === name)?.items.map((i) => i.item) ?? [];
    assert.ok(items(test, "auth").includes("Cloud Map instances"));
    assert.ok(items(test, "events").includes("queue requests"));
    assert.deepEqual(
      items(test, "nightly").filter((i) => i === "compute" || i === "invocations"),
      ["compute", "invocations"],
    );
    assert.ok(items(test, "platform").includes("namespace"), "the namespace is shared");
    // prod scales the worker to 10 tasks: its long polls pass the free million requests.
    const queue = prod.find((s) => s.name === "events")?.items.find((i) => i.item === "queue requests");
    assert.ok(queue && queue.monthlyUsd === 0 && queue.monthlyUsdMax > 0, JSON.stringify(queue));
  });
});
