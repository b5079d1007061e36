import assert from "node:assert/strict";
import {
  dependencyVariable,
  dependentsOf,
  findCycle,
  loadCatalog,
  previewSelection,
  topologicalOrder,
} from "../../stacks/catalog";

const example = loadCatalog("examples/services.yaml").services;

describe("service catalog: dependency graph", () => {
  it("orders each service after what it depends on", () => {
    const order = topologicalOrder(example);
    for (const s of example)
      for (const d of s.dependsOn)
        assert.ok(order.indexOf(d) < order.indexOf(s.name), `${d} before ${s.name}`);
    assert.deepEqual(order, ["auth", "events", "api", "web", "nightly"]);
  });

  it("finds dependents transitively", () => {
    assert.deepEqual(dependentsOf(example, ["auth"]), ["api", "web"]);
    assert.deepEqual(dependentsOf(example, ["web"]), []);
  });

  it("finds a cycle or none", () => {
    assert.equal(findCycle(example), null);
    assert.deepEqual(
      findCycle([
        { name: "a", dependsOn: ["b"] },
        { name: "b", dependsOn: ["c"] },
        { name: "c", dependsOn: ["a"] },
      ]),
      ["a", "b", "c", "a"],
    );
  });

  it("a preview runs what changed and its callers, and borrows the rest", () => {
    assert.deepEqual(previewSelection(example, ["web"]), {
      runs: ["web"],
      borrows: ["auth", "events", "api", "nightly"],
    });
    assert.deepEqual(previewSelection(example, ["api"]), {
      runs: ["api", "web"],
      borrows: ["auth", "events", "nightly"],
    });
    assert.deepEqual(previewSelection(example, []), {
      runs: [],
      borrows: ["auth", "events", "api", "web", "nightly"],
    });
  });

  it("names the variables callers read", () => {
    assert.equal(dependencyVariable("api", "web"), "PANTSTACK_API_URL");
    assert.equal(dependencyVariable("auth-v2", "backend"), "PANTSTACK_AUTH_V2_URL");
    assert.equal(dependencyVariable("events", "worker"), "PANTSTACK_EVENTS_QUEUE_URL");
  });
});
