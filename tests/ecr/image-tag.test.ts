import assert from "node:assert/strict";
import { checkImageTagForStack, imageTagRule, tagVersion } from "../../lib/ecr/image-tag";
import { isValidationError } from "../../lib/errors";
import { main } from "../../plan/main";

describe("image tag rules by environment", () => {
  const table: [stack: string, tag: string, accepted: boolean][] = [
    ["prod", "v1.2.3", true],
    ["prod", "v10.20.30", true],
    ["prod", "v1.3.0-dev.4", false],
    ["prod", "latest", false],
    ["prod", "1.2.3", false],
    ["prod", "v1.2", false],
    ["prod", "v01.2.3", false],
    ["prod", "vv1.2.3", false],
    ["prod", "pr-1-abc1234", false],
    ["test", "v1.3.0-dev.4", true],
    ["test", "v1.2.3", true],
    ["test", "v2.0.0-rc.1", true],
    ["test", "latest", false],
    ["test", "dev", false],
    ["test", "v1.3.0-", false],
    ["preview-pr-2", "pr-2-abc1234", true],
    ["preview-pr-2", `pr-2-${"a".repeat(40)}`, true],
    ["preview-pr-2", "pr-1-abc1234", false],
    ["preview-pr-2", "pr-22-abc1234", false],
    ["preview-pr-22", "pr-2-abc1234", false],
    ["preview-pr-2", "pr-2-abc123", false],
    ["preview-pr-2", `pr-2-${"a".repeat(41)}`, false],
    ["preview-pr-2", "pr-2-ABC1234", false],
    ["preview-pr-2", "pr-2-xyz1234", false],
    ["preview-pr-2", "v1.2.3", false],
  ];
  for (const [stack, tag, accepted] of table) {
    it(`${stack} ${accepted ? "runs" : "refuses"} ${tag}`, () => {
      assert.equal(imageTagRule(stack).accepts(tag), accepted);
      if (accepted) {
        assert.equal(checkImageTagForStack("pantstack:imageTag", stack, tag), tag);
      } else {
        assert.throws(
          () => checkImageTagForStack("pantstack:imageTag", stack, tag),
          (err: unknown) =>
            isValidationError(err) &&
            err.key === "pantstack:imageTag" &&
            err.value === tag &&
            err.allowed.startsWith(stack),
        );
      }
    });
  }

  it("names the rule in words with an example", () => {
    assert.match(imageTagRule("prod").description, /release versions only.*v1\.2\.3/);
    assert.match(imageTagRule("test").description, /prerelease.*v1\.3\.0-dev\.4/);
    assert.match(imageTagRule("preview-pr-7").description, /pr-7-<git commit SHA, 7 to 40.*pr-7-abc1234/);
  });

  it("has no rule for a stack that runs no image", () => {
    assert.throws(() => imageTagRule("shared"), /stack: "shared" is not allowed; only test, prod/);
  });

  it("reads the version of a v-prefixed tag with semver", () => {
    assert.deepEqual(tagVersion("v1.3.0-dev.4")?.prerelease, ["dev", 4]);
    assert.equal(tagVersion("v1.2.3+build"), undefined);
  });
});

describe("npm run plan with image tags", () => {
  async function plan(...argv: string[]) {
    let stderr = "";
    const code = await main(argv, { stdout: () => undefined, stderr: (t) => (stderr += t) });
    return { code, stderr };
  }

  const refused: [stack: string, tag: string, rule: RegExp][] = [
    ["prod", "latest", /prod runs release versions only/],
    ["prod", "v1.3.0-dev.4", /prod runs release versions only/],
    ["test", "latest", /test runs a release or a prerelease version/],
    ["preview-pr-2", "pr-1-abc1234", /preview-pr-2 runs only images of its own PR/],
  ];
  for (const [stack, tag, rule] of refused) {
    it(`--stack ${stack} --config pantstack:imageTag=${tag} exits 2 with the rule`, async () => {
      const { code, stderr } = await plan("--stack", stack, "--config", `pantstack:imageTag=${tag}`);
      assert.equal(code, 2);
      assert.match(stderr, new RegExp(`^error: ${stack}:pantstack:imageTag: "${tag}" is not allowed; `));
      assert.match(stderr, rule);
    });
  }
});
