import assert from "node:assert/strict";
import { main } from "../../plan/main";
import { checkPreviewRegion } from "../../stacks/preview/region";

describe("a preview's region", () => {
  it("must be the test stack's: another region exits 2 naming aws:region and test's region", async () => {
    let stderr = "";
    let stdout = "";
    const code = await main(
      [
        "--stack",
        "preview-pr-42",
        "--config",
        "pantstack:imageTag=pr-42-abc1234",
        "--config",
        "aws:region=eu-west-1",
      ],
      { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
    );
    assert.equal(code, 2);
    assert.equal(stdout, "");
    assert.equal(
      stderr,
      'error: preview-pr-42:aws:region: "eu-west-1" is not allowed; a preview runs on the test stack\'s platform, ' +
        "so it must be in test's region us-east-1\n",
    );
  });

  it("is accepted when it is test's, refused when missing or when test exports no region", () => {
    assert.doesNotThrow(() => checkPreviewRegion("us-east-1", "us-east-1"));
    assert.throws(
      () => checkPreviewRegion(undefined, "us-east-1"),
      /^ValidationError: aws:region: \(missing\)/,
    );
    assert.throws(() => checkPreviewRegion("us-east-1", undefined), {
      message:
        "pantstack:testStack: (missing) is not allowed; expected a test stack that exports its region (output `region`)",
    });
  });
});
