import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");

/**
 * The tools that never run a Pulumi program or the Automation API. Each workflow step starts one in a new
 * process, and loading `@pulumi/pulumi` (its runtime loads TypeScript, for closure serialization) is most of
 * such a start under tsx: about 0.6 s of CPU of 0.95 s.
 */
const LIGHT_TOOLS = [
  "delivery/smoke/cli.ts",
  "delivery/services/cli.ts",
  "delivery/images/cli.ts",
  "delivery/deployment/cli.ts",
  "delivery/drift/cli.ts",
  "delivery/release/pr-title-cli.ts",
];

describe("the tools' start-up", function () {
  this.timeout(30000);

  it("the tools that run no Pulumi program load neither @pulumi/pulumi nor its Automation API", () => {
    // One process loads every entry module (each runs only as the main module), then lists the SDK's
    // entry files that ended up loaded.
    const script = `
      for (const file of ${JSON.stringify(LIGHT_TOOLS)}) require(require("node:path").resolve(file));
      const sdk = ["@pulumi/pulumi", "@pulumi/pulumi/automation", "@pulumi/pulumi/runtime"].map((m) => require.resolve(m));
      process.stdout.write(JSON.stringify(sdk.filter((file) => require.cache[file])));
    `;
    const loaded = execFileSync(process.execPath, ["--require", "tsx/cjs", "-e", script], {
      cwd: ROOT,
      encoding: "utf8",
    });
    assert.deepEqual(JSON.parse(loaded), []);
  });
});
