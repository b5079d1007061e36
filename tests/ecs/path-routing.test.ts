import assert from "node:assert/strict";
import { EcsApiService } from "../../lib/ecs/ecs-api-service";
import type { EcsApiServiceArgs } from "../../lib/ecs/ecs-api-service-args";
import { ALB_RULE_LIMITS, covers, MAX_PATHS, pathMatches, routingOrder } from "../../lib/ecs/path-patterns";
import { ofType, one, refusedBeforeRegistration, run } from "../harness";
import { problemsOf } from "../provider-schema/vendored";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:pantstack-prod-alarms";
const base: EcsApiServiceArgs = {
  cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/pantstack-prod",
  repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack",
  imageTag: "v1.2.3",
  network: { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] },
  routing: {
    listenerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/edge/1/2",
    loadBalancerSecurityGroupId: "sg-0alb",
    hostname: "api.example.com",
    priority: 100,
    loadBalancerArnSuffix: "app/edge/0123456789abcdef",
  },
};
const withPaths = (
  paths: string[] | undefined,
  more: Partial<EcsApiServiceArgs> = {},
): EcsApiServiceArgs => ({
  ...base,
  ...more,
  routing: { ...base.routing, ...(paths ? { paths } : {}) },
});
const service = (args: EcsApiServiceArgs) =>
  run(() => void new EcsApiService("api", args), { stack: "prod" });

type Condition = {
  hostHeader?: { values: string[] };
  pathPattern?: { values: string[] };
  httpHeader?: { httpHeaderName: string; values: string[] };
};
const conditions = (rule: { inputs: Record<string, unknown> }) => rule.inputs.conditions as Condition[];
/** The values a rule's conditions hold together: what ALB limits to 5. */
const values = (c: Condition[]) =>
  c.reduce((n, x) => n + (x.hostHeader ?? x.pathPattern ?? x.httpHeader)!.values.length, 0);

describe("EcsApiService path routing", () => {
  it("routes by host only by default: one host-header condition, as before paths existed", async () => {
    const rule = one(await service(base), "aws:lb/listenerRule:ListenerRule");
    assert.deepEqual(conditions(rule), [{ hostHeader: { values: ["api.example.com"] } }]);
  });

  it("adds one path-pattern condition holding the service's paths", async () => {
    const rule = one(await service(withPaths(["/api/*", "/v2/?ealth"])), "aws:lb/listenerRule:ListenerRule");
    assert.deepEqual(conditions(rule), [
      { hostHeader: { values: ["api.example.com"] } },
      { pathPattern: { values: ["/api/*", "/v2/?ealth"] } },
    ]);
    assert.equal(rule.inputs.priority, 100);
  });

  for (const type of ["canary", "linear"] as const) {
    it(`${type}: the production and the test rule both require the paths, within ALB's 5 values a rule`, async () => {
      const paths = ["/api/*", "/auth/*", "/v1/*"];
      const result = await service(
        withPaths(paths, { deploymentStrategy: { type }, alarms: { topicArn: TOPIC } }),
      );
      const production = one(result, "aws:lb/listenerRule:ListenerRule", "api-rule");
      const test = one(result, "aws:lb/listenerRule:ListenerRule", "api-test-rule");
      assert.deepEqual(conditions(production)[1], { pathPattern: { values: paths } });
      assert.deepEqual(conditions(test), [
        { hostHeader: { values: ["api.example.com"] } },
        { pathPattern: { values: paths } },
        { httpHeader: { httpHeaderName: "x-pantstack-test", values: ["1"] } },
      ]);
      assert.equal(
        values(conditions(test)),
        ALB_RULE_LIMITS.valuesPerRule,
        "the test rule is at ALB's limit",
      );
      assert.equal(test.inputs.priority, 50, "before the production rule");
      assert.deepEqual(problemsOf(ofType(result, "aws:lb/listenerRule:ListenerRule")).problems, []);
    });
  }

  it("refuses paths ALB would refuse, in one line naming the key, before anything exists", async () => {
    const refuse = (paths: string[], message: RegExp) =>
      refusedBeforeRegistration(() => new EcsApiService("api", withPaths(paths)), message);
    assert.equal(MAX_PATHS, 3);
    await refuse(
      ["/a/*", "/b/*", "/c/*", "/d/*"],
      /^EcsApiService\(api\)\.routing\.paths: \["\/a\/\*","\/b\/\*","\/c\/\*","\/d\/\*"\] is not allowed; at most 3 path patterns \(one ALB condition holds 3 values, a rule 5 with its host and test header\)$/,
    );
    const pattern = /is not allowed; expected a path pattern starting with \/, up to 128 of A-Z a-z 0-9/;
    await refuse(
      ["api/*"],
      new RegExp(`^EcsApiService\\(api\\)\\.routing\\.paths\\[0\\]: "api/\\*" ${pattern.source}`),
    );
    await refuse(
      ["/ok", "/with space"],
      /\.routing\.paths\[1\]: "\/with space" is not allowed; expected a path pattern/,
    );
    await refuse(["/#fragment"], pattern);
    await refuse([`/${"a".repeat(128)}`], pattern);
    await refuse(["/a", "/a"], /\.routing\.paths\[1\]: "\/a" is not allowed; each path pattern once$/);
    // 128 characters is the limit, not beyond it.
    await service(withPaths([`/${"a".repeat(127)}`]));
  });
});

describe("path patterns: matching and the order of rules", () => {
  it("matches as ALB does: * any characters, ? one, case-sensitive, the whole path", () => {
    assert.ok(pathMatches("/api/*", "/api/v1/users"));
    assert.ok(pathMatches("/api/*", "/api/"));
    assert.ok(!pathMatches("/api/*", "/api"));
    assert.ok(pathMatches("/v?/health", "/v2/health"));
    assert.ok(!pathMatches("/v?/health", "/v10/health"));
    assert.ok(!pathMatches("/API/*", "/api/x"));
    assert.ok(
      pathMatches("/a.b$c", "/a.b$c") && !pathMatches("/a.b", "/axb"),
      "regex characters are literal",
    );
  });

  it("reads which patterns cover which: a prefix with its one * covers what starts with the prefix", () => {
    assert.ok(covers(["/api/*"], ["/api/v2/*"]));
    assert.ok(covers(["/api/*"], ["/api/health"]));
    assert.ok(!covers(["/api/v2/*"], ["/api/*"]));
    assert.ok(!covers(["/api/*"], ["/auth/*"]));
    assert.ok(covers([], ["/api/*"]), "host only covers every path");
    assert.ok(!covers(["/api/*"], []));
  });

  it("puts a more specific rule first on a shared host, else keeps the given order", () => {
    const order = routingOrder("k", [
      { name: "site", host: "", paths: [] },
      { name: "api", host: "", paths: ["/api/*"] },
      { name: "v2", host: "", paths: ["/api/v2/*"] },
      { name: "app", host: "app", paths: [] },
      { name: "docs", host: "", paths: ["/docs/*"] },
    ]);
    // Each in turn is the first of the rest whose more specific rules are placed.
    assert.deepEqual(order, ["v2", "api", "app", "docs", "site"]);
    const position = (name: string) => order.indexOf(name);
    assert.ok(position("v2") < position("api") && position("api") < position("site"));
    assert.ok(position("docs") < position("site"), "any path before host only");
    assert.deepEqual(
      routingOrder("k", [
        { name: "api", host: "", paths: [] },
        { name: "web", host: "app", paths: [] },
      ]),
      ["api", "web"],
      "services on different hosts keep the catalog's order (today's priorities)",
    );
  });

  it("refuses two services that cover each other's paths, naming both", () => {
    assert.throws(
      () =>
        routingOrder("services.yaml: services[].paths", [
          { name: "a", host: "", paths: ["/a/*", "/b/x/*"] },
          { name: "b", host: "", paths: ["/b/*", "/a/x/*"] },
        ]),
      /^ValidationError: services\.yaml: services\[\]\.paths: "a, b" is not allowed; their paths cover each other's on one host \(a: \/a\/\*, \/b\/x\/\*; b: \/b\/\*, \/a\/x\/\*\), so no rule order routes both: split the patterns$/,
    );
  });
});
