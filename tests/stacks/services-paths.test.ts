import assert from "node:assert/strict";
import type { RecordedResource } from "../../engine/recording-monitor";
import type { StackPlan } from "../../plan/plan";
import { parseCatalog } from "../../stacks/catalog";
import { webPriorities } from "../../stacks/environment/hostnames";
import { checkDeployable } from "../../stacks/environment/services";
import { ofType, one } from "../harness";
import { problemsOf } from "../provider-schema/vendored";
import { plannedStacks } from "../support/planned";

const PATHS = "tests/fixtures/services/paths.yaml";
// prod only (each planned stack costs the fast suite a second): it deploys by canary, so it has test rules
// too; test differs in its host name and rolls.
const planned = async () => (await plannedStacks({ stacks: ["prod"], services: PATHS }))[0] as StackPlan;
const HOST = "api.pantstack.dev";
const conditions = (rule: RecordedResource) =>
  rule.inputs.conditions as Record<string, { values: string[] }>[];

/** A catalog of web services, each line `name hostLabel? paths?`, checked as a stack checks it. */
function catalog(yaml: string) {
  return parseCatalog(`services:\n${yaml}`, "services.yaml");
}

describe("web services routed by path (services.yaml paths)", () => {
  it("api's rules require its host and paths and come first; site keeps the rest of the host", async () => {
    const plan = await planned();
    assert.deepEqual(plan.policy.violations, []);
    const rule = (name: string) => one(plan, "aws:lb/listenerRule:ListenerRule", name);
    const paths = { pathPattern: { values: ["/api/*", "/v1/*"] } };
    assert.deepEqual(conditions(rule("api-rule")), [{ hostHeader: { values: [HOST] } }, paths]);
    assert.deepEqual(conditions(rule("site-rule")), [{ hostHeader: { values: [HOST] } }]);
    // The canary's test rule reaches the same routes, for requests with the test header.
    assert.deepEqual(conditions(rule("api-test-rule")).slice(0, 2), [
      { hostHeader: { values: [HOST] } },
      paths,
    ]);
    assert.equal(conditions(rule("site-test-rule")).length, 2, "site's: its host and the header");
    // ALB takes the first matching rule: the paths before the host-only rule that covers them.
    const priorities = ["api-rule", "site-rule", "api-test-rule", "site-test-rule"].map(
      (name) => rule(name).inputs.priority,
    );
    assert.deepEqual(priorities, [100, 101, 50, 51]);
  });

  it("registers inputs the pinned AWS provider's schema accepts", async () => {
    const { checked, problems } = problemsOf((await planned()).resources);
    assert.deepEqual(problems, []);
    assert.ok(checked > 50, `checked ${checked} resources`);
  });

  it("creates the shared host's DNS record once, from the first service on it", async () => {
    const plan = await planned();
    const records = ofType(plan, "aws:route53/record:Record").filter((r) => r.inputs.name === HOST);
    assert.deepEqual(
      records.map((r) => r.name),
      ["site-dns"],
    );
    const services = plan.outputs.services as Record<string, { address: string }>;
    assert.equal(services.api.address, `https://${HOST}`, "api is reached on the shared host");
  });

  it("keeps the default catalog's priority and single host condition", () => {
    assert.deepEqual(
      webPriorities(parseCatalog("services:\n  - {name: api, kind: web, image: a:b}\n", "f")),
      {
        api: 100,
      },
    );
  });

  it("refuses a health path outside the service's paths: the smoke check would reach another service", () => {
    const two = catalog(
      "  - {name: site, kind: web, image: a:b}\n  - {name: api, kind: web, image: a:c, paths: [/api/*]}\n",
    );
    assert.throws(
      () => checkDeployable(two, "services.yaml"),
      /^ValidationError: services\.yaml: services\[1\]\.healthPath: "\/health" is not allowed; expected a path one of this service's paths \(\/api\/\*\) matches, so the smoke check reaches it$/,
    );
  });

  it("refuses paths ALB would refuse and services whose paths cover each other, naming the key", () => {
    const four = catalog(
      "  - {name: api, kind: web, image: a:b, healthPath: /a/h, paths: [/a/*, /b/*, /c/*, /d/*]}\n",
    );
    assert.throws(
      () => checkDeployable(four, "services.yaml"),
      /^ValidationError: services\.yaml: services\[0\]\.paths: .* at most 3 path patterns/,
    );
    const crossed = catalog(
      "  - {name: a, kind: web, image: a:b, healthPath: /a/h, paths: [/a/*, /b/x/*]}\n" +
        "  - {name: b, kind: web, image: a:c, healthPath: /b/h, paths: [/b/*, /a/x/*]}\n",
    );
    assert.throws(
      () => checkDeployable(crossed, "services.yaml"),
      /^ValidationError: services\.yaml: services\[\]\.paths: "a, b" is not allowed; their paths cover each other's on one host/,
    );
  });

  it("refuses more web services than keep every rule priority unique (a test rule sits 50 below)", () => {
    const web = (n: number) =>
      Array.from(
        { length: n },
        (_, i) => `  - {name: w${i}, kind: web, image: a:b, hostLabel: h${i}}\n`,
      ).join("");
    const priorities = Object.values(webPriorities(catalog(web(50))));
    assert.deepEqual(
      [Math.min(...priorities), Math.max(...priorities), new Set(priorities).size],
      [100, 149, 50],
    );
    assert.throws(
      () => checkDeployable(catalog(web(51)), "services.yaml"),
      /^ValidationError: services\.yaml: services: "51 web services" is not allowed; at most 50, so each rule's priority stays unique on the listener$/,
    );
  });
});
