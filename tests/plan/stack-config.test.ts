import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfigOverride, readStackFile, SECRET_PLACEHOLDER } from "../../plan/stack-config";

describe("stack config files", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "pantstack-config-"));
    writeFileSync(
      join(dir, "Pulumi.demo.yaml"),
      [
        "config:",
        "  aws:region: eu-west-1",
        "  pantstack:desiredCount: 2",
        "  pantstack:spot: true",
        "  pantstack:token:",
        "    secure: AAABAJx0dGVzdA==",
        "  pantstack:extra:",
        "    list: [1, 2]",
      ].join("\n"),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("reads values as the CLI passes them: strings, JSON for objects, a placeholder for secure values", () => {
    assert.deepEqual(readStackFile(dir, "demo"), {
      "aws:region": "eu-west-1",
      "pantstack:desiredCount": "2",
      "pantstack:spot": "true",
      "pantstack:token": SECRET_PLACEHOLDER,
      "pantstack:extra": '{"list":[1,2]}',
    });
  });

  it("has no config for a stack without a file (previews)", () => {
    assert.deepEqual(readStackFile(dir, "preview-pr-9"), {});
  });

  it("parses --config overrides, keeping '=' inside values", () => {
    assert.deepEqual(parseConfigOverride("cpu=512"), ["pantstack:cpu", "512"]);
    assert.deepEqual(parseConfigOverride("aws:region=us-west-2"), ["aws:region", "us-west-2"]);
    assert.deepEqual(parseConfigOverride("pantstack:imageTag=a=b"), ["pantstack:imageTag", "a=b"]);
    assert.throws(() => parseConfigOverride("=x"), /--config: "=x" .*KEY=VALUE/);
  });
});
