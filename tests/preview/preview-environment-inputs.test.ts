import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { checkImageTag } from "../../lib/ecr/image-tag";
import { checkedInput } from "../../lib/preview/checked-input";
import { PreviewEnvironment, type PreviewEnvironmentArgs } from "../../lib/preview/preview-environment";
import { json, one, refusedBeforeRegistration, run } from "../harness";
import { plannedStacks } from "../support/planned";
import { PLATFORM } from "./platform-fixture";

const base: Omit<PreviewEnvironmentArgs, "platform"> = {
  prNumber: 3,
  repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack-previews",
  imageTag: "pr-3-abc1234",
  deployedAt: new Date("2026-11-27T12:00:00Z"),
};

describe("PreviewEnvironment inputs as consumers pass them", () => {
  it("takes the test stack's outputs straight through as its platform", async () => {
    const [test] = await plannedStacks({ stacks: ["test"] });
    const outputs = test.outputs as unknown as PreviewEnvironmentArgs["platform"];
    const result = await run(() => new PreviewEnvironment("p", { ...base, platform: outputs }), {
      stack: "preview-pr-3",
    });
    const service = one(result, "aws:ecs/service:Service");
    assert.deepEqual(service.inputs.networkConfiguration, {
      subnets: test.outputs.taskSubnetIds,
      securityGroups: [test.outputs.previewSecurityGroupId],
      assignPublicIp: test.outputs.assignPublicIp,
    });
    const task = one(result, "aws:ecs/taskDefinition:TaskDefinition");
    assert.equal(task.inputs.executionRoleArn, test.outputs.previewExecutionRoleArn);
    assert.equal(task.inputs.taskRoleArn, test.outputs.previewTaskRoleArn);
    assert.ok(String(test.outputs.previewTaskRoleArn).startsWith("arn:aws:iam::"));
  });

  it("accepts an image tag that is an Output and runs that tag", async () => {
    const result = await run(
      () =>
        new PreviewEnvironment("p", {
          ...base,
          platform: PLATFORM,
          imageTag: pulumi.output(Promise.resolve("pr-3-def5678")),
        }),
      { stack: "preview-pr-3" },
    );
    const [container] = json<{ image: string }[]>(
      one(result, "aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions,
    );
    assert.equal(container.image, `${base.repositoryUrl}:pr-3-def5678`);
  });

  it("checks an Output image tag when it resolves, under its own argument's name", async () => {
    // Under the offline engine a resource whose input rejects leaves its dependents pending, so the check
    // is shown on the Output the component hands to its service.
    const tag = checkedInput(pulumi.output("-not-a-tag"), (t: string) =>
      checkImageTag("PreviewEnvironment(p).imageTag", t),
    );
    await assert.rejects(
      run(() => ({ tag })),
      /PreviewEnvironment\(p\)\.imageTag: "-not-a-tag" is not allowed/,
    );
    const good = checkedInput(pulumi.output("pr-3-abc1234"), (t: string) => checkImageTag("k", t));
    assert.deepEqual((await run(() => ({ good }))).outputs, { good: "pr-3-abc1234" });
    assert.throws(() => checkedInput("-bad", (t: string) => checkImageTag("k", t)), /k: "-bad"/);
  });

  for (const url of [
    "docker.io/library/nginx",
    "ghcr.io/pantstack/api",
    "123456789012.dkr.ecr.us-east-1.amazonaws.com",
    "https://123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack",
  ]) {
    it(`refuses the repository URL ${url} before registering anything`, async () => {
      await refusedBeforeRegistration(
        () => new PreviewEnvironment("p", { ...base, platform: PLATFORM, repositoryUrl: url }),
        /^PreviewEnvironment\(p\)\.repositoryUrl: .* is not allowed; expected an ECR repository URL/,
      );
    });
  }
});
