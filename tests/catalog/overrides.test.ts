import assert from "node:assert/strict";
import { applyOverrides, loadCatalog } from "../../stacks/catalog";

const example = loadCatalog("examples/services.yaml");

describe("service catalog: per-stack overrides", () => {
  it("changes only the named service, merging variables key by key", () => {
    const out = applyOverrides(
      example,
      { api: { cpu: 512, memory: 1024, environment: { LOG_LEVEL: "debug" } } },
      "Pulumi.prod.yaml",
    );
    const api = out.services.find((s) => s.name === "api");
    assert.deepEqual([api?.cpu, api?.memory, api?.environment], [512, 1024, { LOG_LEVEL: "debug" }]);
    assert.deepEqual(out.services.slice(1), example.services.slice(1));
  });

  it("returns the catalog unchanged without overrides", () => {
    assert.equal(applyOverrides(example, undefined, "Pulumi.test.yaml"), example);
  });

  it("refuses an unknown service, a key a stack may not change and a result the catalog could not hold", () => {
    assert.throws(
      () => applyOverrides(example, { nope: { cpu: 512 } }, "Pulumi.prod.yaml"),
      /^ValidationError: Pulumi.prod.yaml: pantstack:services.nope: "nope" is not allowed; expected a service of the catalog: api, web/,
    );
    assert.throws(
      () => applyOverrides(example, { api: { kind: "job" } }, "Pulumi.prod.yaml"),
      /pantstack:services.api.kind: "job" is not allowed; a stack may override only cpu, memory/,
    );
    assert.throws(
      () => applyOverrides(example, { api: { cpu: 256, memory: 8192 } }, "Pulumi.prod.yaml"),
      /Pulumi.prod.yaml: pantstack:services \(on services.yaml\): services\[0\]\.memory: 8192 is not allowed; with cpu 256/,
    );
    assert.throws(
      () =>
        applyOverrides(
          example,
          { web: { hostLabel: "shop" }, api: { hostLabel: "shop" } },
          "Pulumi.test.yaml",
        ),
      /services\[1\]\.hostLabel: "shop" is not allowed; clashes with web service api/,
    );
  });
});
