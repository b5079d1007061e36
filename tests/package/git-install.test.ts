import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

import { installConsumer, runConsumer } from "./consumer";

const ROOT = resolve(__dirname, "../..");

// A git dependency (`npm install git+https://…#v1.2.3`) is a fresh clone: npm installs its devDependencies,
// runs `prepare` in it, packs it and installs the tarball (https://docs.npmjs.com/cli/v11/commands/npm-install,
// "git remote urls"). Here the clone's devDependencies are this checkout's, and `npm pack` does the rest.
describe("a git dependency (npm install git+https://…#vX.Y.Z)", () => {
  let dir: string;
  let consumer: string;
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it("builds dist/ in prepare on a fresh clone, so require('pantstack-infra') works", async function () {
    this.timeout(120000);
    dir = mkdtempSync(join(tmpdir(), "pantstack-git-"));
    const clone = join(dir, "clone");
    execFileSync("git", ["clone", "--quiet", "--no-hardlinks", ROOT, clone]);
    assert.ok(!existsSync(join(clone, "dist")), "a fresh clone has no build");
    symlinkSync(join(ROOT, "node_modules"), join(clone, "node_modules"));
    const { stdout } = await promisify(execFile)("npm", ["pack", "--json", "--pack-destination", dir], {
      cwd: clone,
      encoding: "utf8",
    });
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    assert.ok(packed.files.some((f) => f.path === "dist/lib/index.js"));
    assert.ok(packed.files.some((f) => f.path === "dist/testing/index.js"));
    const loaded = execFileSync(
      process.execPath,
      ["-e", "console.log(typeof require(process.argv[1]).EcrRepository)", clone],
      { encoding: "utf8" },
    );
    assert.equal(loaded.trim(), "function");

    // npm installs that tarball: the consumer type-checks with both resolutions and runs its program.
    consumer = join(dir, "consumer");
    mkdirSync(consumer);
    installConsumer(consumer, join(dir, packed.filename));
    const { types } = runConsumer<{ types: string[] }>(consumer, "index.js");
    assert.ok(types.includes("pantstack:ecr:EcrRepository"), types.join(", "));
  });

  it("its consumer tests a component with pantstack-infra/testing", function () {
    this.timeout(60000);
    assert.ok(consumer, "installed by the test above");
    const seen = runConsumer<Record<string, string>>(consumer, "component.test.js");
    assert.equal(seen.image, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:v1.2.3");
    assert.match(
      seen.serviceArn,
      /^arn:aws:ecs:eu-west-1:123456789012:service\/dev\/api-service-[0-9a-f]{7}$/,
    );
  });
});
