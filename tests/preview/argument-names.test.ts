import assert from "node:assert/strict";
import { asArgumentsOf, ValidationError } from "../../lib/errors";
import { PreviewEnvironment, type PreviewEnvironmentArgs } from "../../lib/preview/preview-environment";
import { run } from "../harness";

describe("errors a child raises on its parent's behalf", () => {
  it("name the preview's own argument, not the EcsApiService child's", async () => {
    const args = {
      prNumber: 5,
      repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack",
      imageTag: "pr-5-abc1234",
      cpu: 256,
      memory: 4096,
      // The size is refused before the platform is read, so none is needed (and its field names may change).
      platform: {},
    } as unknown as PreviewEnvironmentArgs;
    await assert.rejects(
      run(() => new PreviewEnvironment("preview-pr-5", args), { stack: "preview-pr-5" }),
      (err: Error) => {
        assert.match(err.message, /^PreviewEnvironment\(preview-pr-5\)\.memory: 4096 is not allowed; /);
        assert.doesNotMatch(err.message, /EcsApiService/);
        return true;
      },
    );
  });

  it("are re-keyed only when they come from the child, with renamed paths where the names differ", () => {
    const child = () => {
      throw new ValidationError("EcsApiService(pr-5).name", "pr-5-tg", "too long");
    };
    assert.throws(
      () => asArgumentsOf("EcsApiService(pr-5)", "PreviewEnvironment(p)", child, { name: "prNumber" }),
      {
        message: 'PreviewEnvironment(p).prNumber: "pr-5-tg" is not allowed; too long',
      },
    );
    assert.throws(() => asArgumentsOf("EcsApiService(pr-5)", "PreviewEnvironment(p)", child), {
      message: 'PreviewEnvironment(p).name: "pr-5-tg" is not allowed; too long',
    });
    const other = () => {
      throw new ValidationError("EcsApiService(pr-50).cpu", 1, "x");
    };
    assert.throws(() => asArgumentsOf("EcsApiService(pr-5)", "P", other), {
      message: "EcsApiService(pr-50).cpu: 1 is not allowed; x",
    });
    const bug = new TypeError("boom");
    assert.throws(
      () =>
        asArgumentsOf("EcsApiService(pr-5)", "P", () => {
          throw bug;
        }),
      (err) => err === bug,
    );
    assert.equal(
      asArgumentsOf("a", "b", () => 42),
      42,
    );
  });
});
