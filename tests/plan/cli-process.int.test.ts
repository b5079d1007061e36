import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = resolve(__dirname, "../..");
const TSX = pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;

/** Runs `plan/cli.ts` as `npm run plan` does, in `cwd` (where the stack files are read). */
function plan(cwd: string, ...argv: string[]) {
  return spawnSync(process.execPath, ["--import", TSX, join(ROOT, "plan/cli.ts"), ...argv], {
    cwd,
    encoding: "utf8",
  });
}

describe("npm run plan as a real process", function () {
  this.timeout(30000);

  it("exits 2 with one line and no stack trace for a user error", () => {
    const child = plan(ROOT, "--stack", "shared", "--config", "pantstack:githubRepository=*");
    assert.equal(child.status, 2);
    assert.match(child.stderr, /githubRepository/);
    assert.doesNotMatch(child.stderr, /\n\s+at /, "no stack trace");
  });

  it("exits 2 naming the file, line and column of a stack file that is not valid YAML", () => {
    const dir = mkdtempSync(join(tmpdir(), "pantstack-plan-"));
    try {
      writeFileSync(
        join(dir, "Pulumi.shared.yaml"),
        "config:\n  aws:region: us-east-1\n  pantstack:githubRepository: [acme/api\n  pantstack:defaultBranch: dev\n",
      );
      const child = plan(dir, "--stack", "shared");
      assert.equal(child.status, 2, child.stderr);
      assert.match(child.stderr, /^error: Pulumi\.shared\.yaml:4:3: .* expected valid YAML: Flow sequence/);
      assert.equal(child.stderr.trim().split("\n").length, 1, child.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
