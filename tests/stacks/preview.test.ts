import assert from "node:assert/strict";
import { main } from "../../plan/main";
import { one } from "../harness";
import { plannedStack } from "../support/planned";

const TAG = { "pantstack:imageTag": "pr-42-abc1234" };
const planPreview = (overrides: Record<string, string> = TAG, stack = "preview-pr-42") =>
  plannedStack(stack, overrides);

/** What a preview must never own: destroying it would take shared infrastructure down. */
const SHARED_TYPES = [
  "aws:ec2/vpc:Vpc",
  "aws:ec2/subnet:Subnet",
  "aws:ec2/natGateway:NatGateway",
  "aws:ec2/eip:Eip",
  "aws:ec2/internetGateway:InternetGateway",
  "aws:lb/loadBalancer:LoadBalancer",
  "aws:lb/listener:Listener",
  "aws:ecs/cluster:Cluster",
  "aws:ecr/repository:Repository",
  "aws:acm/certificate:Certificate",
  "aws:iam/role:Role",
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
];

describe("preview-pr-<N> stacks", () => {
  it("plans preview-pr-42 with at most 10 resources, none of them shared infrastructure", async () => {
    const preview = await planPreview();
    const owned = preview.resources.filter((r) => r.custom && r.type !== "pulumi:pulumi:StackReference");
    // 6 for the service, 3 for sleeping hours (target, wake, sleep), 1 more for a deploy outside them.
    assert.ok(owned.length <= 10, `${owned.length} resources`);
    assert.deepEqual(
      owned.filter((r) => SHARED_TYPES.includes(r.type)).map((r) => r.type),
      [],
    );
    assert.equal(preview.outputs.url, "https://preview-pr-42.pantstack.dev");
    assert.equal(preview.outputs.prNumber, 42);
  });

  it("runs on the test platform's outputs, read through stack references", async () => {
    // The preview's tag is not one `test` may run: plan `test` with its own committed config.
    const test = await plannedStack("test");
    const preview = await planPreview();
    const references = preview.resources
      .filter((r) => r.type === "pulumi:pulumi:StackReference")
      .map((r) => r.id);
    assert.deepEqual(references.sort(), ["organization/pantstack/shared", "organization/pantstack/test"]);
    const rule = one(preview, "aws:lb/listenerRule:ListenerRule");
    assert.equal(rule.inputs.listenerArn, test.outputs.httpsListenerArn);
    const svc = one(preview, "aws:ecs/service:Service");
    assert.equal(svc.inputs.cluster, test.outputs.clusterArn);
    const task = one(preview, "aws:ecs/taskDefinition:TaskDefinition");
    assert.equal(task.inputs.executionRoleArn, test.outputs.previewExecutionRoleArn);
    assert.match(
      String(task.inputs.containerDefinitions),
      /amazonaws\.com\/pantstack-preview:pr-42-abc1234"/,
    );
  });

  it("honours cpu, memory and desiredCount (the policy pack is what caps them)", async () => {
    const preview = await planPreview({
      ...TAG,
      "pantstack:cpu": "1024",
      "pantstack:memory": "2048",
      "pantstack:desiredCount": "2",
    });
    const task = one(preview, "aws:ecs/taskDefinition:TaskDefinition");
    assert.deepEqual([task.inputs.cpu, task.inputs.memory], ["1024", "2048"]);
    assert.equal(one(preview, "aws:ecs/service:Service").inputs.desiredCount, 2);
  });

  it("sets expires-at 7 days after pantstack:deployedAt on every taggable resource", async () => {
    const preview = await planPreview({ ...TAG, "pantstack:deployedAt": "2026-11-27T09:30:00Z" });
    assert.equal(preview.outputs.expiresAt, "2026-12-04T09:30:00Z");
    const tagged = preview.resources.filter((r) => r.custom && "tags" in r.inputs);
    assert.equal(tagged.length, 6);
    for (const r of tagged) {
      const tags = r.inputs.tags as Record<string, string>;
      assert.deepEqual(
        [tags["pantstack:environment"], tags["pantstack:pr"], tags["pantstack:expires-at"]],
        ["preview", "42", "2026-12-04T09:30:00Z"],
      );
    }
  });

  it("is part of the default plan as preview-pr-1", async () => {
    let stdout = "";
    const code = await main(["--format", "json"], { stdout: (t) => (stdout += t), stderr: () => undefined });
    assert.equal(code, 0);
    const stacks = (JSON.parse(stdout) as { stacks: { stack: string; outputs: Record<string, unknown> }[] })
      .stacks;
    const example = stacks.find((s) => s.stack === "preview-pr-1");
    assert.equal(example?.outputs.url, "https://preview-pr-1.pantstack.dev");
  });

  for (const stack of ["preview-pr-0", "preview-pr-abc", "preview-pr-"]) {
    it(`refuses the stack name ${stack} with exit 2`, async () => {
      let stderr = "";
      const code = await main(["--stack", stack, "--config", "pantstack:imageTag=x"], {
        stdout: () => undefined,
        stderr: (t) => (stderr += t),
      });
      assert.equal(code, 2);
      assert.match(
        stderr,
        new RegExp(`^error: stack: "${stack}" is not allowed; a preview stack is named preview-pr-<N>`),
      );
    });
  }

  it("refuses a preview without pantstack:imageTag with exit 2", async () => {
    let stderr = "";
    const code = await main(["--stack", "preview-pr-42"], {
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
    });
    assert.equal(code, 2);
    assert.equal(
      stderr,
      "error: preview-pr-42:pantstack:imageTag: (missing) is not allowed; this key is required\n",
    );
  });

  it("refuses a malformed deployedAt", async () => {
    await assert.rejects(
      planPreview({ ...TAG, "pantstack:deployedAt": "yesterday" }),
      /pantstack:deployedAt: "yesterday" .*ISO 8601/,
    );
  });
});
