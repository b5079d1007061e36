import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

describe("the package manifest", () => {
  it("builds in prepare, so a git dependency installs with dist/, and does not build again in prepack", () => {
    // npm runs only `prepare` (with the devDependencies installed) for a git dependency:
    // https://docs.npmjs.com/cli/v11/using-npm/scripts#life-cycle-scripts
    assert.equal(manifest.scripts.prepare, "npm run build");
    assert.equal(manifest.scripts.prepack, undefined);
    assert.match(manifest.scripts.build, /tsconfig\.build\.json/);
  });

  it("is ready for npm's trusted publishing: public, with provenance, from this GitHub repository", () => {
    // Provenance is refused unless repository.url matches the GitHub repository the workflow runs in:
    // https://docs.npmjs.com/trusted-publishers
    assert.deepEqual(manifest.publishConfig, { access: "public", provenance: true });
    assert.equal(manifest.repository.type, "git");
    assert.match(manifest.repository.url, /^git\+https:\/\/github\.com\/[^/]+\/pantstack-infra\.git$/);
    assert.equal(manifest.private, false);
  });

  it("says MIT and ships an MIT LICENSE file", () => {
    assert.equal(manifest.license, "MIT");
    const licence = readFileSync(join(ROOT, "LICENSE"), "utf8");
    assert.match(licence, /^MIT License/);
    assert.match(licence, /Copyright \(c\) Pantstack contributors/);
    assert.ok(manifest.files.includes("LICENSE"));
  });

  it("points typesVersions' testing at the same declarations as exports' ./testing", () => {
    assert.deepEqual(manifest.typesVersions["*"].testing, [manifest.exports["./testing"].types]);
    assert.equal(manifest.types, manifest.exports["."].types.replace(/^\.\//, ""));
  });

  it("emits no source maps, since the TypeScript sources do not ship", () => {
    const build = JSON.parse(readFileSync(join(ROOT, "tsconfig.build.json"), "utf8"));
    assert.equal(build.compilerOptions.sourceMap, false);
    assert.ok(!manifest.files.some((f: string) => /^(lib|engine|testing)\b/.test(f)), "no sources in files");
  });
});
