import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../../..");

/** Runs a tool's entry file the way `npm run <tool>` does (tsx), and collects its streams and exit code. */
function runEntry(file: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(
      process.execPath,
      ["--import", "tsx", join(ROOT, file), ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env } },
      (err, stdout, stderr) => done({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
  });
}

describe("the tools' entry files, run as processes", function () {
  this.timeout(30000);

  it("exit with the documented codes and keep data on stdout", async () => {
    // In parallel: each process spends most of its time loading modules.
    const [rollback, badTag, goodTitle, badTitle, smokeUsage] = await Promise.all([
      runEntry("delivery/rollback/cli.ts", ["--stack", "prod", "--image-tag", "v1.2.3"]),
      runEntry("delivery/rollback/cli.ts", ["--stack", "prod", "--image-tag", "not a version"]),
      runEntry("delivery/release/pr-title-cli.ts", [], { PR_TITLE: "fix(api): 404 for a missing order" }),
      runEntry("delivery/release/pr-title-cli.ts", ["--title", "Fix: stuff"]),
      runEntry("delivery/smoke/cli.ts", ["--url", "https://api.pantstack.dev", "--timeout", "never"]),
    ]);
    assert.equal(rollback.code, 0, rollback.stderr);
    const [, up] = rollback.stdout.trimEnd().split("\n");
    assert.match(up, /--target 'urn:pulumi:prod::pantstack::[^']*::api-service'$/);

    assert.deepEqual([badTag.code, badTag.stdout], [2, ""]);
    assert.match(
      badTag.stderr,
      /^error: --image-tag: "not a version" is not allowed; prod runs release versions only/,
    );
    assert.equal(badTag.stderr.trimEnd().split("\n").length, 1, "one line, no stack trace");

    assert.equal(goodTitle.code, 0, goodTitle.stderr);
    assert.equal(badTitle.code, 1);
    assert.match(badTitle.stderr, /type must be one of/);

    assert.equal(smokeUsage.code, 2);
    assert.equal(
      smokeUsage.stderr,
      'error: --timeout: "never" is not allowed; expected a number from 0.1 to 3600\n',
    );
  });
});
