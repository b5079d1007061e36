import assert from "node:assert/strict";
import type { ProgramResult } from "../../engine/run-program";
import { json, ofType } from "../harness";
import { plan } from "../support/plan-cli";
import { plannedStacks } from "../support/planned";

// web depends on api, as in examples/services.yaml (web services only).
const TWO_WEB = "tests/fixtures/services/two-web.yaml";

interface Container {
  image: string;
  environment: { name: string; value: string }[];
}

const preview = async (changed: string) => {
  const plans = await plannedStacks({
    stacks: ["test", "preview-pr-1"],
    services: TWO_WEB,
    stackOverrides: { "preview-pr-1": { "pantstack:changedServices": changed } },
  });
  return { test: plans[0], preview: plans[1] };
};
const tasks = (r: ProgramResult) =>
  Object.fromEntries(
    ofType(r, "aws:ecs/taskDefinition:TaskDefinition").map((t) => [
      t.name,
      json<Container[]>(t.inputs.containerDefinitions)[0],
    ]),
  );
const variable = (c: Container, name: string) => c.environment.find((e) => e.name === name)?.value;

describe("previews as overlays on test (pantstack:changedServices)", function () {
  this.timeout(120_000);

  it("a PR that changed only web runs only web, calling test's api", async () => {
    const { test, preview: pr } = await preview("web");
    assert.deepEqual([pr.outputs.runs, pr.outputs.borrows], [["web"], ["api"]]);
    const running = tasks(pr);
    assert.deepEqual(Object.keys(running), ["pr-1-web-task"]);
    const web = running["pr-1-web-task"];
    const testApi = (test.outputs.services as Record<string, { address: string }>).api.address;
    assert.equal(testApi, "https://test.pantstack.dev");
    assert.equal(variable(web, "PANTSTACK_API_URL"), testApi);
    assert.match(web.image, /\/pantstack-preview:web-pr-1-0000000$/);
    assert.equal(pr.outputs.url, "https://preview-pr-1-web.pantstack.dev");
    const rules = ofType(pr, "aws:lb/listenerRule:ListenerRule");
    assert.deepEqual(
      rules.map((r) => r.inputs.conditions),
      [[{ hostHeader: { values: ["preview-pr-1-web.pantstack.dev"] } }]],
    );
  });

  it("a PR that changed api runs api and web (web calls api), and the preview's web calls the preview's api", async () => {
    const { preview: pr } = await preview("api");
    assert.deepEqual([pr.outputs.runs, pr.outputs.borrows], [["api", "web"], []]);
    const running = tasks(pr);
    assert.deepEqual(Object.keys(running).sort(), ["pr-1-task", "pr-1-web-task"]);
    assert.equal(
      variable(running["pr-1-web-task"], "PANTSTACK_API_URL"),
      "https://preview-pr-1.pantstack.dev",
    );
    assert.deepEqual(pr.outputs.urls, {
      api: "https://preview-pr-1.pantstack.dev",
      web: "https://preview-pr-1-web.pantstack.dev",
    });
    const priorities = ofType(pr, "aws:lb/listenerRule:ListenerRule").map((r) => r.inputs.priority);
    assert.deepEqual(priorities, [1001, 1001 + 24500], "unique per PR and service on the shared listener");
  });

  it("refuses a service the catalog does not have, exit 2 in one line", async () => {
    const { code, stderr } = await plan(
      "--stack",
      "preview-pr-1",
      "--config",
      "preview-pr-1:pantstack:changedServices=nope",
    );
    assert.equal(code, 2);
    assert.match(
      stderr.trimEnd(),
      /^error: preview-pr-1:pantstack:changedServices: "nope" is not allowed; expected catalog services, comma-separated: api$/,
    );
  });
});
