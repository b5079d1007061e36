import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { plannedStacks } from "../support/planned";
import { EXAMPLE_CATALOG } from "./planned-requests";
import { PROVIDERS, subsetFor, VENDOR_DIR } from "./regenerate";
import { problemsOf } from "./vendored";

// Resource types only the example catalog (backend, worker, job) and alarms with Slack delivery register.
const KINDS_TYPES = [
  "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration",
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
    const preview = plans.find((p) => p.stack === "preview-pr-1" && p.resources.length > 20);
    assert.ok(preview, "the preview that changed api runs api and web");
    const everyKind = plans.find(
      (p) =>
        p.stack === "preview-pr-1" && p.resources.some((r) => r.type === "aws:scheduler/schedule:Schedule"),
    );
    assert.ok(
      everyKind?.resources.some((r) => r.type === "aws:sqs/queue:Queue"),
      "a preview's own queue",
    );
  });

  it("the vendored subsets are what regenerating them from the installed SDKs gives", async () => {
    for (const pkg of Object.keys(PROVIDERS) as (keyof typeof PROVIDERS)[]) {
      const vendored = JSON.parse(readFileSync(join(VENDOR_DIR, `${pkg}.json`), "utf8"));
      assert.deepEqual(
        vendored,
        await subsetFor(pkg),
        `vendor/${pkg}.json: run tests/provider-schema/regenerate.ts`,
      );
    }
  });
});
