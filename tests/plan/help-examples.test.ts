import assert from "node:assert/strict";
import { EXIT } from "../../plan/main";
import { plan } from "../support/plan-cli";

describe("npm run plan -- --help", function () {
  this.timeout(60000);

  it("gives --config examples that each plan cleanly", async () => {
    const help = (await plan("--help")).stdout;
    // Every KEY=VALUE the --config paragraphs name, e.g. pantstack:logRetentionDays=30 or
    // preview-pr-1:pantstack:imageTag=pr-1-abc1234.
    const paragraphs = help.slice(help.indexOf("--config KEY=VALUE"), help.indexOf("--format FORMAT"));
    const examples = [...paragraphs.matchAll(/(?<![\w[])([a-z][\w-]*(?::[\w-]+)*=[\w-]+)/g)].map((m) => m[1]);
    assert.ok(examples.length >= 4, `examples found: ${examples.join(" ")}`);
    for (const example of examples) {
      const { code, stderr } = await plan("--config", example, "--format", "json");
      assert.equal(code, EXIT.ok, `--config ${example}: ${stderr}`);
    }
  });
});
