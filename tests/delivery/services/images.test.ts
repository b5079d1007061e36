import assert from "node:assert/strict";
import {
  parseImageReference,
  retagPlan,
  rollbackSelection,
  serviceList,
} from "../../../delivery/services/images";
import { parseCatalog } from "../../../stacks/catalog";

const catalog = parseCatalog(
  "services:\n  - {name: api, kind: web, image: 'services/api:image'}\n  - {name: web, kind: web, image: 'services/web:image', hostLabel: app}\n",
  "services.yaml",
);
const REPO = "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack";
const ref = (service: string, hex: string) => `${REPO}/${service}@sha256:${hex.repeat(64)}`;

describe("images per service: digests, re-tags, rollbacks", () => {
  it("lists each service's Pants address and release repository (the primary keeps the base name)", () => {
    const backendFirst = parseCatalog(
      "services:\n  - {name: auth, kind: backend, image: 'services/auth:image'}\n  - {name: web, kind: web, image: 'services/web:image'}\n",
      "services.yaml",
    );
    assert.deepEqual(serviceList(backendFirst, "pantstack"), [
      { name: "auth", kind: "backend", address: "services/auth:image", repository: "pantstack/auth" },
      { name: "web", kind: "web", address: "services/web:image", repository: "pantstack" },
    ]);
  });

  it("deploys by digest only", () => {
    assert.deepEqual(parseImageReference("api", ref("api", "a")), {
      repository: `${REPO}/api`,
      digest: `sha256:${"a".repeat(64)}`,
    });
    assert.throws(
      () => parseImageReference("api", `${REPO}/api:v1.2.3`),
      /^ValidationError: api: ".*:v1.2.3" is not allowed; expected <repository>@sha256/,
    );
    assert.throws(() => parseImageReference("api", `${REPO}/api@sha256:abc`), /expected <repository>@sha256/);
  });

  it("a release re-tags each service it did not build, at the digest it runs", () => {
    const current = { api: ref("api", "a"), web: ref("web", "b") };
    assert.deepEqual(retagPlan(catalog, ["api"], current, "v1.3.0"), [
      { service: "web", repository: `${REPO}/web`, digest: `sha256:${"b".repeat(64)}`, tag: "v1.3.0" },
    ]);
    assert.deepEqual(retagPlan(catalog, ["api", "web"], current, "v1.3.0"), []);
    assert.throws(
      () => retagPlan(catalog, [], { api: ref("api", "a") }, "v1"),
      /current.web: \(missing\) is not allowed/,
    );
  });

  it("a rollback moves every service to the version's digests, or only the one named", () => {
    const release = { api: ref("api", "1"), web: ref("web", "2") };
    const current = { api: ref("api", "a"), web: ref("web", "b") };
    assert.deepEqual(rollbackSelection(catalog, release, current), release);
    assert.deepEqual(rollbackSelection(catalog, release, current, "web"), {
      api: current.api,
      web: release.web,
    });
    assert.throws(
      () => rollbackSelection(catalog, release, current, "nope"),
      /--service: "nope" is not allowed; expected a service of the catalog: api, web/,
    );
  });
});
