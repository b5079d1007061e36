import assert from "node:assert/strict";
import { changedServices, pantsChangedArgs } from "../../../delivery/services/changed";
import { loadCatalog } from "../../../stacks/catalog";

const example = loadCatalog("examples/services.yaml");

describe("changed services from Pants", () => {
  it("asks Pants for the changes since the base with their transitive dependents", () => {
    assert.deepEqual(pantsChangedArgs("origin/main"), [
      "pants",
      "--changed-since=origin/main",
      "--changed-dependents=transitive",
      "list",
    ]);
  });

  it("keeps the catalog's docker_image targets among the listed addresses", () => {
    const out = "services/web/app.py\n//services/web:image\nlibs/common:lib\nservices/api:image\n";
    assert.deepEqual(changedServices(example, out), ["api", "web"]);
    assert.deepEqual(changedServices(example, "libs/common:lib\n"), []);
  });

  it("a change to the catalog counts for every service", () => {
    assert.deepEqual(changedServices(example, "", ["services.yaml"]), [
      "api",
      "web",
      "auth",
      "events",
      "nightly",
    ]);
    assert.deepEqual(changedServices(example, "", ["README.md"]), []);
  });
});
