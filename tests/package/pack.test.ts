import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { installConsumer, runConsumer } from "./consumer";

const ROOT = resolve(__dirname, "../..");
// The pages written for people who use the library; the rest of docs/ is for those who run the pipeline.
const CONSUMER_DOCS = ["docs/library.md", "docs/python.md"];

describe("the npm package", () => {
  let dir: string;
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it("packs, installs into another project, type-checks and runs there", function () {
    this.timeout(120000);
    dir = mkdtempSync(join(tmpdir(), "pantstack-consumer-"));
    const [packed] = JSON.parse(
      execFileSync("npm", ["pack", "--json", "--pack-destination", dir], { cwd: ROOT, encoding: "utf8" }),
    ) as { filename: string; files: { path: string }[] }[];
    assert.ok(
      packed.files.some((f) => f.path === "dist/lib/index.d.ts"),
      "type declarations are packed",
    );
    assert.ok(
      packed.files.some((f) => f.path === "dist/testing/index.d.ts"),
      "the testing kit is packed",
    );
    assert.ok(!packed.files.some((f) => f.path.startsWith("tests/") || f.path.startsWith("stacks/")));
    const paths = packed.files.map((f) => f.path);
    assert.ok(paths.includes("LICENSE"), "the licence ships");
    assert.ok(paths.includes("README.md"), "the README ships");
    // Consumer docs only: the operations manual (stacks, bring-up, the pipeline) stays in the repository.
    const docs = paths.filter((p) => p.endsWith(".md") && p !== "README.md");
    assert.deepEqual(
      docs.filter((p) => !CONSUMER_DOCS.includes(p)),
      [],
      "only the consumer pages of docs/ ship",
    );
    for (const page of CONSUMER_DOCS.filter((p) => existsSync(join(ROOT, p)))) {
      assert.ok(paths.includes(page), `${page} ships`);
    }
    // No source maps: the TypeScript sources do not ship, so a map would point at nothing.
    assert.deepEqual(
      paths.filter((p) => p.endsWith(".map")),
      [],
      "no source maps",
    );

    installConsumer(dir, join(dir, packed.filename));
    const { types, loaded } = runConsumer<{ types: string[]; loaded: string[] }>(dir, "index.js");
    assert.deepEqual(loaded, [], "the main entry loads none of the testing kit");
    assert.ok(types.includes("pantstack:ecr:EcrRepository"));
    assert.ok(types.includes("aws:ecr/repository:Repository"));
    assert.ok(types.includes("pantstack:github:GithubOidcRole"));
    assert.ok(types.includes("aws:iam/role:Role"));
  });

  it("lets the consumer test a component with pantstack-infra/testing and see real-looking ARNs and image URIs", function () {
    this.timeout(60000);
    assert.ok(dir, "the package was installed by the test above");
    const seen = runConsumer<Record<string, string>>(dir, "component.test.js");
    assert.equal(seen.repositoryUrl, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api");
    assert.equal(seen.repositoryArn, "arn:aws:ecr:eu-west-1:123456789012:repository/api");
    assert.equal(seen.image, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:v1.2.3");
    assert.match(
      seen.serviceArn,
      /^arn:aws:ecs:eu-west-1:123456789012:service\/dev\/api-service-[0-9a-f]{7}$/,
    );
    assert.match(seen.executionPolicy, /"arn:aws:ecr:eu-west-1:123456789012:repository\/api"/);
  });
});
