import assert from "node:assert/strict";
import type { StackPlan } from "../../plan/plan";
import { plannedStack } from "../support/planned";
import { assertServiceViewsAgree } from "./service-rows";

describe("cost by service of the default catalog, in the three views", () => {
  for (const name of ["test", "prod", "preview-pr-1"]) {
    it(`${name}: table, markdown and JSON show the same services, adding up to the stack`, async () => {
      const services = assertServiceViewsAgree((await plannedStack(name)) as StackPlan);
      const web = services.filter((s) => s.kind === "web");
      assert.equal(web.length, 1, "the default catalog's one web service");
      assert.deepEqual(
        web[0].items.map((i) => i.item).filter((i) => i === "compute" || i === "logs"),
        ["compute", "logs"],
      );
    });
  }

  it("attributes the load balancer and the NAT gateways to the platform, not to api", async () => {
    const services = assertServiceViewsAgree((await plannedStack("prod")) as StackPlan);
    const platform = services.find((s) => s.kind === "platform");
    const api = services.find((s) => s.name === "api");
    assert.ok(platform?.items.some((i) => i.item === "load balancer"));
    assert.ok(platform?.items.some((i) => i.item === "NAT gateway"));
    assert.ok(!api?.items.some((i) => i.item === "load balancer" || i.item === "NAT gateway"));
    assert.ok((api?.monthlyUsdMax ?? 0) > (api?.monthlyUsd ?? 0), "api autoscales in prod");
  });
});
