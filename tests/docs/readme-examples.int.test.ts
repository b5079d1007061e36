import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

const ROOT = join(__dirname, "../..");

/** The README's TypeScript blocks, importing this checkout instead of the installed package. */
const examples = [...readFileSync(join(ROOT, "README.md"), "utf8").matchAll(/^```ts\n([\s\S]*?)^```/gm)].map(
  (m) =>
    m[1]
      .replaceAll('"pantstack-infra/testing"', '"../../testing"')
      .replaceAll('"pantstack-infra"', '"../../lib"'),
);

describe("the README's TypeScript examples", () => {
  let dir: string;
  before(() => {
    // Inside tests/ so that the relative imports and node_modules resolve as in the repository.
    dir = mkdtempSync(join(ROOT, "tests/docs/examples-"));
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it("are a program and a unit test that type-check against the library", function () {
    this.timeout(60000);
    assert.equal(examples.length, 2, "a program and a unit test");
    const files = examples.map((code, i) => {
      const file = join(dir, `example-${i}.ts`);
      writeFileSync(file, code.replaceAll("../../", "../../../"));
      return file;
    });
    const { options } = ts.parseJsonConfigFileContent(
      ts.readConfigFile(join(ROOT, "tsconfig.json"), ts.sys.readFile).config,
      ts.sys,
      ROOT,
    );
    const program = ts.createProgram(files, { ...options, noEmit: true });
    const errors = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    assert.deepEqual(errors, []);
  });

  it("have a unit test that passes with the testing kit", function () {
    this.timeout(60000);
    const file = join(dir, "example-1.test.ts");
    writeFileSync(file, examples[1].replaceAll("../../", "../../../"));
    const mocha = spawnSync(
      process.execPath,
      [join(ROOT, "node_modules/mocha/bin/mocha.js"), "--no-config", "--require", "tsx/cjs", file],
      { cwd: ROOT, encoding: "utf8" },
    );
    assert.equal(mocha.status, 0, mocha.stdout + mocha.stderr);
    assert.match(mocha.stdout, /2 passing/);
  });
});
