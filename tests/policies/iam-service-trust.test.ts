import assert from "node:assert/strict";
import { checkPolicies } from "../../plan/policy-check";
import { iamServiceTrustSourceAccount } from "../../policies/baseline/iam-service-trust-source-account";
import { pantstackPolicies } from "../../policies/policies";
import { resource, tagsFor } from "./fixtures";

const ecsTrust = (condition?: Record<string, Record<string, string>>) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "ecs-tasks.amazonaws.com" },
        Action: "sts:AssumeRole",
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  });

async function messages(assumeRolePolicy: string, config?: Record<string, unknown>) {
  const role = resource("aws:iam/role:Role", { assumeRolePolicy, tags: tagsFor("test") }, { stack: "test" });
  const violations = await checkPolicies([role], {
    policies: [iamServiceTrustSourceAccount],
    config: config && { "iam-service-trust-source-account": config },
  });
  return violations.map((v) => v.message);
}

describe("iam-service-trust-source-account", () => {
  it("is part of the pack", () => {
    assert.ok(pantstackPolicies.includes(iamServiceTrustSourceAccount));
  });

  it("reports an ECS tasks trust without aws:SourceAccount", async () => {
    assert.deepEqual(await messages(ecsTrust()), [
      "the trust of ecs-tasks.amazonaws.com has no aws:SourceAccount or aws:SourceArn condition: add aws:SourceAccount = this account",
    ]);
    // A condition on something else does not count.
    assert.equal((await messages(ecsTrust({ StringEquals: { "aws:PrincipalTag/x": "y" } }))).length, 1);
  });

  it("accepts aws:SourceAccount or aws:SourceArn, and services it is not asked to check", async () => {
    assert.deepEqual(await messages(ecsTrust({ StringEquals: { "aws:SourceAccount": "123456789012" } })), []);
    assert.deepEqual(
      await messages(ecsTrust({ ArnLike: { "aws:SourceArn": "arn:aws:ecs:us-east-1:123456789012:*" } })),
      [],
    );
    assert.deepEqual(await messages(ecsTrust(), { services: ["lambda.amazonaws.com"] }), []);
  });
});
