import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");
const MOCHA = join(ROOT, "node_modules/mocha/bin/mocha.js");

/**
 * The test files a mocha command line selects, read from a dry run's JSON report. The dry run is serial
 * (`--no-parallel`): the files are the config's spec and ignore either way, and a serial run loads them in
 * this one process instead of starting a pool of workers that each load tsx (about half the CPU).
 */
function selectedFiles(...argv: string[]): { status: number | null; files: string[] } {
  const child = spawnSync(
    process.execPath,
    [MOCHA, "--dry-run", "--no-parallel", "--reporter", "json", ...argv],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  const json = child.stdout.slice(child.stdout.indexOf("{"));
  const report = JSON.parse(json) as { tests: { file: string }[] };
  const files = [...new Set(report.tests.map((t) => relative(ROOT, t.file)))].sort();
  return { status: child.status, files };
}

describe("the test suites (npm test, test:integration, test:package)", function () {
  this.timeout(60000);

  it("npm test runs only the fast tests: no *.int.test.ts and no packaging check", () => {
    const { status, files } = selectedFiles();
    assert.equal(status, 0);
    assert.ok(files.includes("tests/ecr/ecr-repository.test.ts"));
    assert.deepEqual(
      files.filter((f) => f.endsWith(".int.test.ts") || f.startsWith("tests/package/")),
      [],
    );
  });

  it("npm test -- tests/ecr runs only that folder", () => {
    const { files } = selectedFiles("tests/ecr");
    assert.ok(files.length > 0);
    assert.deepEqual(
      files.filter((f) => !f.startsWith("tests/ecr/")),
      [],
    );
  });

  it("test:integration runs the *.int.test.ts files only", () => {
    const { files } = selectedFiles("--config", ".mocharc.int.cjs");
    assert.ok(files.includes("tests/policies/pack-protocol.int.test.ts"));
    assert.deepEqual(
      files.filter((f) => !f.endsWith(".int.test.ts")),
      [],
    );
  });

  it("a --grep that matches no test fails", () => {
    const child = spawnSync(process.execPath, [MOCHA, "tests/ecr", "--grep", "no test is called this"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    assert.notEqual(child.status, 0);
  });

  it("sums the totals of several runs into one plain last line", () => {
    const dir = mkdtempSync(join(tmpdir(), "totals-"));
    try {
      const file = join(dir, "totals");
      writeFileSync(file, '{"passes":3,"failures":0,"pending":0}\n{"passes":2,"failures":1,"pending":0}\n');
      const sum = (expected: number) =>
        spawnSync(process.execPath, ["tests/support/sum-totals.js", file, String(expected)], {
          cwd: ROOT,
          encoding: "utf8",
        });
      const both = sum(2);
      assert.equal(both.stdout, "5 passed, 1 failed\n");
      assert.equal(both.status, 1);
      writeFileSync(file, '{"passes":3,"failures":0,"pending":0}\n');
      const crashed = sum(2);
      assert.equal(crashed.stdout, "3 passed, 1 failed\n", "a suite that never reported counts as a failure");
      const clean = sum(1);
      assert.deepEqual([clean.stdout, clean.status], ["3 passed, 0 failed\n", 0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
