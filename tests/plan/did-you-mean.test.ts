import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCommandLine as parseRollback } from "../../delivery/rollback/cli";
import { readStackFile } from "../../plan/stack-config";
import { plan } from "../support/plan-cli";

describe("typos get a did-you-mean, in one line with exit 2", function () {
  this.timeout(60000);

  it("a misspelt flag, config key or AWS key", async () => {
    const cases: [argv: string[], message: RegExp][] = [
      [["--stak", "test"], /^error: Unknown option '--stak'.*; did you mean --stack\?$/],
      [
        ["--stack", "test", "--config", "pantstack:minCont=1"],
        /^error: test:pantstack:minCont: "1" is not allowed; this stack reads no such key; its keys are .*; did you mean pantstack:minCount\?$/,
      ],
      [
        ["--stack", "test", "--config", "aws:regoin=us-east-1"],
        /^error: test:aws:regoin: "us-east-1" is not allowed; the AWS provider reads no such key; did you mean aws:region\?$/,
      ],
      [
        ["--stack", "test", "--config", "aws:region=eu-west-9"],
        /^error: test:aws:region: "eu-west-9" is not allowed; expected an AWS region such as us-east-1; did you mean eu-west-1\?/,
      ],
    ];
    for (const [argv, message] of cases) {
      const { code, stdout, stderr } = await plan(...argv);
      assert.deepEqual([code, stdout], [2, ""], stderr);
      assert.equal(stderr.trimEnd().split("\n").length, 1, stderr);
      assert.match(stderr.trimEnd(), message);
    }
  });

  it("a konfig: section in a stack file", () => {
    const root = mkdtempSync(join(tmpdir(), "stack-file-"));
    writeFileSync(join(root, "Pulumi.test.yaml"), "konfig:\n  pantstack:cpu: 256\n");
    assert.throws(
      () => readStackFile(root, "test"),
      /^ValidationError: Pulumi\.test\.yaml:1:1 konfig: \(missing\) is not allowed; a stack file holds config, .*; did you mean config\?$/,
    );
  });

  it("rollback and the plan share one region list: eu-west-9 is refused by both", async () => {
    assert.throws(
      () => parseRollback(["--stack", "test", "--image-tag", "v1.0.0", "--region", "eu-west-9"]),
      /--region: "eu-west-9" is not allowed; expected an AWS region such as us-east-1; did you mean eu-west-1\?/,
    );
    assert.throws(() => parseRollback(["--stak", "test"]), /the flags are .*; did you mean --stack\?$/);
    // rollback.yml's input is `version`: the flag it means is --image-tag, not the nearest spelling.
    assert.throws(
      () => parseRollback(["--stack", "prod", "--version", "v1.2.3"]),
      /"--version" is not allowed; the flags are .*; did you mean --image-tag\?$/,
    );
    const accepted = parseRollback([
      "--stack",
      "test",
      "--image-tag",
      "v1.0.0",
      "--region",
      "ap-southeast-7",
    ]);
    assert.equal(accepted !== "help" && "region" in accepted && accepted.region, "ap-southeast-7");
    const { code } = await plan(
      "--stack",
      "shared",
      "--config",
      "aws:region=ap-southeast-7",
      "--format",
      "json",
    );
    assert.equal(code, 0);
  });
});
