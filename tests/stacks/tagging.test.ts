import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { withTags } from "../../stacks/tagging";
import { run } from "../harness";

const STACK_TAGS = { "pantstack:environment": "test", "pantstack:stack": "test" };

describe("stack tagging", () => {
  it("adds the stack's tags to AWS resources that take tags, letting a resource's own tags win", () => {
    const props = withTags(
      "aws:ecr/repository:Repository",
      { name: "x", tags: { "pantstack:stack": "own", team: "api" } },
      STACK_TAGS,
    );
    assert.deepEqual(props?.tags, { "pantstack:environment": "test", "pantstack:stack": "own", team: "api" });
    assert.deepEqual(
      withTags("aws:ecr/repository:Repository", { tags: undefined }, STACK_TAGS)?.tags,
      STACK_TAGS,
    );
  });

  it("leaves resources without a tags property, and non-AWS resources, alone", () => {
    assert.equal(withTags("aws:route53/record:Record", { name: "x" }, STACK_TAGS), undefined);
    assert.equal(withTags("random:index/randomId:RandomId", { tags: {} }, STACK_TAGS), undefined);
  });

  it("merges into tags given as an Output", async () => {
    let merged: unknown;
    await run(() => {
      const props = withTags(
        "aws:ecr/repository:Repository",
        { tags: pulumi.output({ team: "api" }) },
        STACK_TAGS,
      );
      assert.ok(props, "an AWS resource with tags is tagged");
      (props.tags as pulumi.Output<Record<string, string>>).apply((t) => {
        merged = t;
      });
    });
    assert.deepEqual(merged, { ...STACK_TAGS, team: "api" });
  });
});
