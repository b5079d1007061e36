import assert from "node:assert/strict";
import { overlayText } from "../../delivery/previews/format";
import { loadCatalog, previewOverlay, type Service } from "../../stacks/catalog";

const example = loadCatalog("examples/services.yaml");
const testAddress = (s: Service) => `test:${s.name}`;
const overlay = (changed: string[]) =>
  previewOverlay(example, changed, { pr: 1, domain: "pantstack.dev", testAddress });

describe("previews as overlays on test", () => {
  it("a PR that changed only web runs only web, calling test's api", () => {
    const o = overlay(["web"]);
    assert.deepEqual(
      o.runs.map((r) => r.service.name),
      ["web"],
    );
    assert.deepEqual(o.runs[0].environment, { PANTSTACK_API_URL: "test:api" });
    assert.equal(o.runs[0].hostname, "preview-pr-1-web.pantstack.dev");
    assert.deepEqual(o.borrows, ["auth", "events", "api", "nightly"]);
  });

  it("a PR that changed only api runs api and web, and web calls the preview's api", () => {
    const o = overlay(["api"]);
    assert.deepEqual(
      o.runs.map((r) => r.service.name),
      ["api", "web"],
    );
    const [api, web] = o.runs;
    assert.equal(api.hostname, "preview-pr-1.pantstack.dev");
    assert.deepEqual(api.environment, {
      PANTSTACK_AUTH_URL: "test:auth",
      PANTSTACK_EVENTS_QUEUE_URL: "test:events",
    });
    assert.deepEqual(web.environment, { PANTSTACK_API_URL: "https://preview-pr-1.pantstack.dev" });
  });

  it("a changed backend runs under its own Service Connect name, and its callers call it", () => {
    const o = overlay(["auth"]);
    assert.deepEqual(
      o.runs.map((r) => r.service.name),
      ["auth", "api", "web"],
    );
    assert.equal(o.runs[1].environment.PANTSTACK_AUTH_URL, "http://auth-pr-1:8080");
    assert.equal(o.runs[0].hostname, undefined);
  });

  it("the PR comment lists what runs and what is borrowed", () => {
    assert.equal(
      overlayText(previewSelectionOf(["web"])),
      "This preview runs `web`.\nBorrowed from test: `auth`, `events`, `api`, `nightly`.",
    );
    assert.equal(
      overlayText({ runs: [], borrows: [] }),
      "This preview runs none.\nBorrowed from test: none.",
    );
  });
});

function previewSelectionOf(changed: string[]) {
  const o = overlay(changed);
  return { runs: o.runs.map((r) => r.service.name), borrows: o.borrows };
}
