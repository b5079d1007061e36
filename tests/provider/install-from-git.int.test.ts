import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import { GrpcEngine } from "./engine-server";
import { type PackageSchema, PROVIDER_DIR, ProviderProcess } from "./provider-process";

const ROOT = join(PROVIDER_DIR, "..");
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));

/** The components provider/index.ts serves (read from its source, so a component added there is checked). */
function servedComponents(): string[] {
  const source = readFileSync(join(PROVIDER_DIR, "index.ts"), "utf8");
  const list = /components: \[([^\]]*)\]/.exec(source)?.[1];
  assert.ok(list, "provider/index.ts lists its components");
  return list
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean)
    .sort();
}

/**
 * A fresh copy of the repository, as `pulumi package add github.com/…/provider@vX.Y.Z` clones it: every
 * file git tracks (and new files not yet committed), no node_modules.
 */
function freshClone(): string {
  const clone = mkdtempSync(join(tmpdir(), "pantstack-clone-"));
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: ROOT,
    encoding: "utf8",
  })
    .split("\0")
    .filter((file) => file && existsSync(join(ROOT, file)));
  for (const file of files) {
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    cpSync(join(ROOT, file), join(clone, file));
  }
  return clone;
}

describe("the component package installed from git (pulumi package add …/provider@vX.Y.Z)", function () {
  this.timeout(240000);
  let clone: string;
  let plugin: string;
  let engine: GrpcEngine;
  let provider: ProviderProcess;
  let schema: PackageSchema;

  before(async () => {
    clone = freshClone();
    plugin = join(clone, "provider");
    // What Pulumi's Node.js language host does in the plugin's folder before running it (the local npm cache
    // is preferred only to keep the test fast; the same versions resolve).
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], {
      cwd: plugin,
      stdio: "pipe",
    });
    engine = await GrpcEngine.start("unit", "us-east-1");
    provider = await ProviderProcess.start(engine.address, plugin);
    schema = await provider.schema();
  });
  after(async () => {
    provider?.stop();
    await engine?.stop();
    if (clone) rmSync(clone, { recursive: true, force: true });
  });

  it("is a Node.js plugin whose entry is the TypeScript source", () => {
    const manifest = parse(readFileSync(join(PROVIDER_DIR, "PulumiPlugin.yaml"), "utf8"));
    const runtime = typeof manifest.runtime === "string" ? manifest.runtime : manifest.runtime?.name;
    assert.equal(runtime, "nodejs");
    const pkg = readJson(join(PROVIDER_DIR, "package.json"));
    assert.equal(pkg.main, "index.ts");
    assert.ok(existsSync(join(PROVIDER_DIR, pkg.main)));
  });

  it("pins the versions the library is built and tested with", () => {
    const pkg = readJson(join(PROVIDER_DIR, "package.json"));
    for (const [name, version] of Object.entries(pkg.dependencies as Record<string, string>)) {
      const installed = readJson(join(ROOT, "node_modules", name, "package.json")).version;
      assert.equal(version, installed, `provider/package.json: ${name}`);
    }
  });

  it("gives the library and the components one copy of @pulumi/pulumi and @pulumi/aws", () => {
    for (const name of ["@pulumi/pulumi", "@pulumi/aws", "semver", "fastest-levenshtein"]) {
      const fromLibrary = realpathSync(require.resolve(name, { paths: [join(clone, "lib")] }));
      const fromPlugin = realpathSync(require.resolve(name, { paths: [plugin] }));
      assert.equal(fromLibrary, fromPlugin, name);
      assert.ok(fromPlugin.startsWith(realpathSync(join(plugin, "node_modules"))), `${name}: ${fromPlugin}`);
    }
  });

  it("starts from the fresh copy and answers GetSchema with every component it serves", () => {
    assert.equal(schema.name, "pantstack");
    assert.equal(schema.version, readJson(join(ROOT, "package.json")).version);
    assert.deepEqual(
      Object.keys(schema.resources).sort(),
      servedComponents().map((name) => `pantstack:index:${name}`),
    );
    for (const spec of Object.values(schema.resources)) {
      assert.equal(spec.isComponent, true);
      assert.ok(Object.keys(spec.inputProperties).length > 0);
    }
  });
});
