import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../../..");

/**
 * Runs `npm run rollback` as the workflow does (tsx entry), with PATH holding only node (so no `pulumi`) and
 * an empty HOME and no AWS variables (so no credentials; the instance metadata lookup is off to stay fast).
 */
function rollback(args: string[]) {
  const env = {
    PATH: dirname(process.execPath),
    HOME: mkdtempSync(join(tmpdir(), "rollback-home-")),
    AWS_EC2_METADATA_DISABLED: "true",
  };
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(
      process.execPath,
      ["--import", "tsx", join(ROOT, "delivery/rollback/cli.ts"), ...args],
      { cwd: ROOT, env },
      (err, stdout, stderr) => done({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
  });
}

describe("npm run rollback -- --yes without its set-up, run as a process", function () {
  this.timeout(30000);

  it("reports missing AWS credentials, a missing pulumi and a missing policy pack in one line, exit 2", async () => {
    const base = ["--stack", "test", "--image-tag", "v1.0.0", "--yes"];
    const [noCredentials, noPulumi, noPack] = await Promise.all([
      rollback(base),
      rollback([...base, "--skip-image-check"]),
      rollback([...base, "--policy-pack", "policies/no-such-pack"]),
    ]);
    for (const run of [noCredentials, noPulumi, noPack]) {
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stderr.trimEnd().split("\n").length, 1, `one line, no stack trace: ${run.stderr}`);
      assert.equal(run.stdout, "");
    }
    assert.match(noCredentials.stderr, /^error: AWS credentials: none found.*--skip-image-check/);
    assert.match(noPulumi.stderr, /^error: pulumi: not found on PATH; install the Pulumi CLI/);
    assert.match(noPack.stderr, /^error: --policy-pack: "policies\/no-such-pack" does not exist/);
  });
});
