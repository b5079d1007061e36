import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../../..");

/**
 * Runs `npm run deployment` as the workflow does (tsx entry), with PATH holding only node, an empty HOME and
 * no AWS variables (so no region and no credentials; the instance metadata lookup is off to stay fast).
 */
function deployment(args: string[]) {
  const env = {
    PATH: dirname(process.execPath),
    HOME: mkdtempSync(join(tmpdir(), "deployment-home-")),
    AWS_EC2_METADATA_DISABLED: "true",
  };
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(
      process.execPath,
      ["--import", "tsx", join(ROOT, "delivery/deployment/cli.ts"), ...args],
      { cwd: ROOT, env },
      (err, stdout, stderr) => done({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
  });
}

describe("npm run deployment -- wait without its set-up, run as a process", function () {
  this.timeout(30000);

  it("reports a missing region, missing credentials and a bad flag in one error line, exit 2", async () => {
    const base = ["wait", "--cluster", "pantstack-test", "--service", "api"];
    const [noRegion, noCredentials, badFlag] = await Promise.all([
      deployment(base),
      deployment([...base, "--region", "us-east-1"]),
      deployment([...base, "--timeout-minutes", "soon"]),
    ]);
    for (const run of [noRegion, noCredentials, badFlag]) {
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stderr.split("\n").filter((l) => l.startsWith("error:")).length, 1, run.stderr);
      assert.doesNotMatch(run.stderr, /\n\s+at /, `no stack trace: ${run.stderr}`);
      assert.equal(run.stdout, "");
    }
    assert.match(noRegion.stderr, /^error: AWS region: none configured; pass --region or set AWS_REGION$/m);
    assert.match(noCredentials.stderr, /^error: AWS credentials: none found/m);
    assert.match(
      badFlag.stderr,
      /^error: --timeout-minutes: "soon" is not allowed; expected a number from 1 to 360$/m,
    );
  });
});
