import assert from "node:assert/strict";
import { PreviewEnvironment, type PreviewEnvironmentArgs } from "../../lib/preview/preview-environment";
import { one, run } from "../harness";
import { PLATFORM } from "./platform-fixture";

const NAMESPACE = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-0123456789abcdef";
const base: PreviewEnvironmentArgs = {
  prNumber: 42,
  platform: PLATFORM,
  repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack",
  imageTag: "pr-42-abc1234",
  deployedAt: new Date("2026-11-27T12:00:00Z"),
};
const service = async (args: Partial<PreviewEnvironmentArgs>) =>
  one(
    await run(() => new PreviewEnvironment("preview", { ...base, ...args }), { stack: "preview-pr-42" }),
    "aws:ecs/service:Service",
  ).inputs;

describe("PreviewEnvironment as a Service Connect client (serviceConnectNamespaceArn)", () => {
  it("joins the namespace as a client (no service of its own in it), in the platform's preview group", async () => {
    const inputs = await service({ serviceConnectNamespaceArn: NAMESPACE });
    assert.deepEqual(inputs.serviceConnectConfiguration, { enabled: true, namespace: NAMESPACE });
    // The group test's backends admit (`<backend>-from-previews`).
    assert.deepEqual((inputs.networkConfiguration as { securityGroups: string[] }).securityGroups, [
      "sg-previews",
    ]);
  });

  it("by default stays out of Service Connect, its inputs unchanged", async () => {
    assert.equal((await service({})).serviceConnectConfiguration, undefined);
  });
});
