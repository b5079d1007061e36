import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { plannedStacks } from "../support/planned";
import { EXAMPLE_CATALOG } from "./planned-requests";
import { PROVIDERS, plannedTypes, subsetFor, VENDOR_DIR } from "./regenerate";
import { problemsOf } from "./vendored";

// Resource types only the example catalog (backend, worker, job) and alarms with Slack delivery register.
const KINDS_TYPES = [
  "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration",
  "aws:cloudwatch/eventRule:EventRule",
  "aws:cloudwatch/eventTarget:EventTarget",
  "aws:scheduler/schedule:Schedule",
  "aws:servicediscovery/httpNamespace:HttpNamespace",
  "aws:sqs/queue:Queue",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
];

describe("planned inputs against the providers' schemas: the example catalog", function () {
  this.timeout(180_000);

  it("every AWS and GitHub resource of every stack, and of previews that run api and web or every kind, has valid inputs", async () => {
    const plans = (await Promise.all(EXAMPLE_CATALOG.map((request) => plannedStacks(request)))).flat();
    const resources = plans.flatMap((p) => p.resources);
    const { checked, problems } = problemsOf(resources);
    assert.deepEqual(problems, []);
    assert.ok(checked > 300, `checked ${checked} resources`);
    const types = new Set(resources.map((r) => r.type));
    for (const type of KINDS_TYPES) assert.ok(types.has(type), `the plans register ${type}`);
    // The example's previews: the plan's own (the primary, api, changed), one that changed api, one every kind.
    const previews = plans.filter((p) => p.stack === "preview-pr-1");
    const services = previews.map((preview) =>
      preview.resources
        .filter((r) => r.type === "aws:ecs/service:Service")
        .map((r) => r.name)
        .sort(),
    );
    const apiAndWeb = ["pr-1-service", "pr-1-web-service"];
    assert.deepEqual(services, [
      apiAndWeb,
      apiAndWeb,
      ["pr-1-auth-service", "pr-1-events-service", ...apiAndWeb],
    ]);
    const everyKind = previews[2].resources.map((r) => r.type);
    assert.ok(everyKind.includes("aws:scheduler/schedule:Schedule"), "the preview's own job schedule");
    assert.ok(everyKind.includes("aws:sqs/queue:Queue"), "the preview's own queue");
  });

  it("the vendored subsets hold exactly the planned types, as regenerating them gives", async () => {
    for (const pkg of Object.keys(PROVIDERS) as (keyof typeof PROVIDERS)[]) {
      const vendored = JSON.parse(readFileSync(join(VENDOR_DIR, `${pkg}.json`), "utf8"));
      const hint = `vendor/${pkg}.json: run tests/provider-schema/regenerate.ts`;
      assert.deepEqual(Object.keys(vendored.resources), await plannedTypes(pkg), hint);
      // A subset read from a provider's schema.json cannot be regenerated without that file.
      if (
        String(vendored.source).endsWith("type declarations (<Resource>Args, types/input.d.ts, types/enums)")
      )
        assert.deepEqual(vendored, await subsetFor(pkg), hint);
    }
  });
});
