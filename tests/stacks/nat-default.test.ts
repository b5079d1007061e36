import assert from "node:assert/strict";
import { CATALOG } from "../../stacks/catalog/schema";
import { natGatewaysFor } from "../../stacks/environment/private-services";

const catalog = (...kinds: string[]) =>
  CATALOG.parse({
    services: kinds.map((kind, i) => ({
      name: `s${i}`,
      kind,
      image: `services/s${i}:image`,
      ...(kind === "job" ? { schedule: "rate(1 day)" } : {}),
    })),
  });

describe("pantstack:natGateways follows the catalog when unset", () => {
  it("web services only: the environment's default (test none, prod perAz)", () => {
    assert.equal(natGatewaysFor(catalog("web", "web"), undefined, "none"), "none");
    assert.equal(natGatewaysFor(catalog("web"), undefined, "perAz"), "perAz");
  });

  it("any backend, worker or job: at least single, since their tasks reach AWS through NAT", () => {
    for (const kind of ["backend", "worker", "job"]) {
      assert.equal(natGatewaysFor(catalog("web", kind), undefined, "none"), "single", kind);
      assert.equal(natGatewaysFor(catalog("web", kind), undefined, "perAz"), "perAz", kind);
    }
  });

  it("a value the stack sets wins, none included (checkPrivateEgress then refuses it)", () => {
    assert.equal(natGatewaysFor(catalog("web", "backend"), "none", "none"), "none");
    assert.equal(natGatewaysFor(catalog("web"), "single", "none"), "single");
  });
});
