import assert from "node:assert/strict";
import { schedulerRolePolicy } from "../../lib/ecs/scheduler-permissions";
import { checkPolicies } from "../../plan/policy-check";
import { pantstackPolicies } from "../../policies/policies";
import { previewSchedulerPolicy } from "../../stacks/test/preview-access";
import { resource, tagsFor } from "./fixtures";

const policy = pantstackPolicies.filter((p) => p.name === "iam-run-task-scoped");
const findings = async (document: unknown) =>
  (
    await checkPolicies(
      [
        resource(
          "aws:iam/rolePolicy:RolePolicy",
          { role: "job-scheduler", policy: JSON.stringify(document), tags: tagsFor("test") },
          { stack: "test", name: "job" },
        ),
      ],
      { policies: policy },
    )
  ).map((v) => v.message);

const CLUSTER = "arn:aws:ecs:eu-west-1:123456789012:cluster/test";
const TASK_ROLE = "arn:aws:iam::123456789012:role/test/job-task";

describe("iam-run-task-scoped", () => {
  it("passes the scheduler role policy the ScheduledTask component writes", async () => {
    const document = schedulerRolePolicy({
      taskDefinitionArn: "arn:aws:ecs:eu-west-1:123456789012:task-definition/job:3",
      clusterArn: CLUSTER,
      taskRoleArns: [TASK_ROLE],
    });
    assert.deepEqual(await findings(document), []);
  });

  it("refuses RunTask on *, without a cluster condition, and PassRole on *", async () => {
    const document = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "ecs:RunTask", Resource: "*" },
        { Effect: "Allow", Action: "iam:PassRole", Resource: "*" },
      ],
    };
    assert.deepEqual(await findings(document), [
      "role policy job: ecs:RunTask on *; allowed: arn:aws:ecs:<region>:<account>:task-definition/<family>[:*]",
      "role policy job: ecs:RunTask has no ArnEquals ecs:cluster condition; allowed: one cluster",
      "role policy job: iam:PassRole on *; allowed: the task's role ARNs, no wildcard",
    ]);
  });

  it("passes test's preview scheduler role (every preview family, test's cluster, named roles), and no other prefix", async () => {
    const document = previewSchedulerPolicy({
      region: "eu-west-1",
      account: "123456789012",
      clusterArn: CLUSTER,
      clusterName: "test",
      taskRoleArns: [TASK_ROLE],
    });
    assert.deepEqual(await findings(document), []);
    const other = structuredClone(document);
    other.Statement[0].Resource = "arn:aws:ecs:eu-west-1:123456789012:task-definition/test-*:*";
    assert.deepEqual(await findings(other), [
      "role policy job: ecs:RunTask on arn:aws:ecs:eu-west-1:123456789012:task-definition/test-*:*; allowed: arn:aws:ecs:<region>:<account>:task-definition/<family>[:*]",
    ]);
  });

  it("leaves policies that do not allow RunTask alone", async () => {
    const document = { Statement: [{ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }] };
    assert.deepEqual(await findings(document), []);
  });
});
