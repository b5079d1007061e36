import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isValidationError } from "../../lib/errors";
import { parseConfigFlag, readStackFile, SECRET_PLACEHOLDER } from "../../plan/stack-config";

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
        "  aws:defaultTags:",
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
      "aws:defaultTags": '{"list":[1,2]}',
    });
  });

  it("shows encrypted values as [secret]", () => {
    assert.equal(SECRET_PLACEHOLDER, "[secret]");
  });

  it("has no config for a stack without a file (previews)", () => {
    assert.deepEqual(readStackFile(dir, "preview-pr-9"), {});
  });

  it("parses --config overrides, keeping '=' inside values", () => {
    assert.deepEqual(parseConfigFlag("cpu=512"), { key: "pantstack:cpu", value: "512" });
    assert.deepEqual(parseConfigFlag("aws:region=us-west-2"), { key: "aws:region", value: "us-west-2" });
    assert.deepEqual(parseConfigFlag("pantstack:imageTag=a=b"), { key: "pantstack:imageTag", value: "a=b" });
    assert.deepEqual(parseConfigFlag("pantstack:domain="), { key: "pantstack:domain", value: "" });
  });

  it("parses a key for one stack as STACK:NAMESPACE:KEY", () => {
    assert.deepEqual(parseConfigFlag("preview-pr-7:pantstack:imageTag=pr-7-abc1234"), {
      stack: "preview-pr-7",
      key: "pantstack:imageTag",
      value: "pr-7-abc1234",
    });
    assert.deepEqual(parseConfigFlag("prod:aws:region=eu-west-1"), {
      stack: "prod",
      key: "aws:region",
      value: "eu-west-1",
    });
  });

  it("refuses a --config that is not [STACK:]KEY=VALUE, saying what is allowed", () => {
    for (const bad of ["=x", "cpu", "novalue", ":cpu=1", "a:b:c:d=1", "cpu!=1", "1cpu=2", "pantstack:=1"]) {
      assert.throws(() => parseConfigFlag(bad), {
        message: `--config: ${JSON.stringify(bad)} is not allowed; expected [STACK:]KEY=VALUE, e.g. pantstack:cpu=512, cpu=512 or prod:pantstack:cpu=512`,
      });
    }
  });
});

describe("stack config files the CLI would refuse", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "pantstack-config-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const refusal = (text: string) => {
    writeFileSync(join(dir, "Pulumi.demo.yaml"), text);
    try {
      readStackFile(dir, "demo");
    } catch (err) {
      assert.ok(isValidationError(err), String(err));
      return err.message;
    }
    assert.fail("accepted");
  };

  it("names file, line and column of a YAML syntax error, with the line as written", () => {
    assert.equal(
      refusal("config:\n  aws:region: us-east-1\n  pantstack:cpu: [512\n  pantstack:memory: 1024\n"),
      'Pulumi.demo.yaml:4:3: "pantstack:memory: 1024" is not allowed; expected valid YAML: ' +
        "Flow sequence in block collection must be sufficiently indented and end with a ]",
    );
    assert.match(refusal("config:\n\tpantstack:cpu: 1\n"), /^Pulumi\.demo\.yaml:2:1: .*Tabs are not allowed/);
  });

  it("refuses a file that is not a map, and a config that is not a map", () => {
    assert.equal(
      refusal("- config\n"),
      'Pulumi.demo.yaml:1:1: ["config"] is not allowed; expected a map with a `config:` map in it',
    );
    assert.equal(
      refusal("config: [a, b]\n"),
      'Pulumi.demo.yaml:1:9 config: ["a","b"] is not allowed; expected a map of KEY: value',
    );
    assert.match(
      refusal("config: just text\n"),
      /^Pulumi\.demo\.yaml:1:9 config: "just text" is not allowed/,
    );
  });

  it("refuses an empty value and a map or list for a project key, naming the key and its line", () => {
    assert.equal(
      refusal("config:\n  aws:region: us-east-1\n  pantstack:cpu:\n"),
      "Pulumi.demo.yaml:3:3 pantstack:cpu: (missing) is not allowed; expected a value; remove the key to use its default",
    );
    assert.equal(
      refusal("config:\n  pantstack:cpu: [256]\n"),
      "Pulumi.demo.yaml:2:3 pantstack:cpu: [256] is not allowed; expected a string, a number or true/false, not a map or list",
    );
  });

  it("reads an empty file, or one without config, as no config", () => {
    writeFileSync(join(dir, "Pulumi.empty.yaml"), "");
    writeFileSync(join(dir, "Pulumi.other.yaml"), "encryptionsalt: abc\n");
    assert.deepEqual(readStackFile(dir, "empty"), {});
    assert.deepEqual(readStackFile(dir, "other"), {});
  });
});

describe("stack config files: edge cases", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "pantstack-config-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const read = (text: string) => {
    writeFileSync(join(dir, "Pulumi.edge.yaml"), text);
    return readStackFile(dir, "edge");
  };

  it("reads an empty config section as no config", () => {
    assert.deepEqual(read("config:\n"), {});
    assert.deepEqual(read("config: null\n"), {});
  });

  it("keeps a project key's encrypted value as the placeholder, not as a refused map", () => {
    assert.deepEqual(read("config:\n  pantstack:token:\n    secure: v1:abc\n"), {
      "pantstack:token": SECRET_PLACEHOLDER,
    });
  });

  it("reads quoted and numeric-looking values as the strings the CLI passes", () => {
    assert.deepEqual(
      read('config:\n  pantstack:cpu: "0512"\n  pantstack:memory: 1024\n  pantstack:spot: false\n'),
      {
        "pantstack:cpu": "0512",
        "pantstack:memory": "1024",
        "pantstack:spot": "false",
      },
    );
  });

  it("names the stack file by its own name in errors, not its path", () => {
    assert.throws(
      () => read("config: [\n"),
      (err: Error) => err.message.startsWith("Pulumi.edge.yaml:"),
    );
  });
});
