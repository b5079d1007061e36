import assert from "node:assert/strict";
import { schedulerRolePolicy, schedulerTrustPolicy } from "../../lib/ecs/scheduler-permissions";
import { checkAgainstIamData, evaluate } from "../support/iam-evaluation";

const ACCOUNT = "123456789012";
const at = (resource: string) => `arn:aws:${resource}`;
const CLUSTER = at(`ecs:us-east-1:${ACCOUNT}:cluster/pantstack-test`);
const TASK_ROLE = at(`iam::${ACCOUNT}:role/pantstack-test-nightly-task`);
const EXEC_ROLE = at(`iam::${ACCOUNT}:role/pantstack-test-nightly-execution`);
const policy = schedulerRolePolicy({
  taskDefinitionArn: at(`ecs:us-east-1:${ACCOUNT}:task-definition/pantstack-test-nightly:4`),
  clusterArn: CLUSTER,
  taskRoleArns: [TASK_ROLE, EXEC_ROLE],
});
const role = { arn: at(`iam::${ACCOUNT}:role/pantstack-test-nightly-scheduler`), identity: [policy] };
const runTask = (family: string, cluster = CLUSTER) =>
  evaluate(role, {
    action: "ecs:RunTask",
    resource: at(`ecs:us-east-1:${ACCOUNT}:task-definition/${family}`),
    context: { "ecs:cluster": cluster },
  });
const passRole = (arn: string, service = "ecs-tasks.amazonaws.com") =>
  evaluate(role, { action: "iam:PassRole", resource: arn, context: { "iam:PassedToService": service } });

describe("a schedule's role, evaluated (iam-simulate)", () => {
  it("runs any revision of its own job's task definition in its own cluster, nothing else", async () => {
    assert.equal(await runTask("pantstack-test-nightly:5"), "Allowed");
    assert.equal(await runTask("pantstack-test-api:1"), "ImplicitlyDenied");
    assert.equal(
      await runTask("pantstack-test-nightly:5", at(`ecs:us-east-1:${ACCOUNT}:cluster/pantstack-prod`)),
      "ImplicitlyDenied",
    );
  });

  it("passes only the task's roles, and only to ECS tasks", async () => {
    assert.equal(await passRole(TASK_ROLE), "Allowed");
    assert.equal(await passRole(EXEC_ROLE), "Allowed");
    assert.equal(await passRole(at(`iam::${ACCOUNT}:role/pantstack-test-api-task`)), "ImplicitlyDenied");
    assert.equal(await passRole(TASK_ROLE, "lambda.amazonaws.com"), "ImplicitlyDenied");
  });

  it("tags only its own cluster's tasks, and only while RunTask creates them", async () => {
    const tag = (task: string, createAction?: string) =>
      evaluate(role, {
        action: "ecs:TagResource",
        resource: at(`ecs:us-east-1:${ACCOUNT}:task/${task}`),
        context: createAction ? { "ecs:CreateAction": createAction } : {},
      });
    assert.equal(await tag("pantstack-test/0123456789abcdef", "RunTask"), "Allowed");
    assert.equal(await tag("pantstack-test/0123456789abcdef"), "ImplicitlyDenied");
    assert.equal(await tag("pantstack-prod/0123456789abcdef", "RunTask"), "ImplicitlyDenied");
  });

  it("names real actions, resources and condition keys", async () => {
    assert.deepEqual(await checkAgainstIamData("scheduler role", policy), []);
  });

  it("refuses what is not a task definition or names no roles, and trusts only this account's schedules", () => {
    assert.throws(
      () =>
        schedulerRolePolicy({ taskDefinitionArn: "nightly", clusterArn: CLUSTER, taskRoleArns: [TASK_ROLE] }),
      /schedulerRolePolicy.taskDefinitionArn: "nightly" is not allowed; expected an ECS task definition ARN/,
    );
    assert.throws(
      () =>
        schedulerRolePolicy({
          taskDefinitionArn: at(`ecs:us-east-1:${ACCOUNT}:task-definition/x`),
          clusterArn: CLUSTER,
          taskRoleArns: [],
        }),
      /taskRoleArns: \[\] is not allowed/,
    );
    assert.throws(
      () =>
        schedulerRolePolicy({
          taskDefinitionArn: at(`ecs:us-east-1:${ACCOUNT}:task-definition/x`),
          clusterArn: "pantstack-test",
          taskRoleArns: [TASK_ROLE],
        }),
      /schedulerRolePolicy.clusterArn: "pantstack-test" is not allowed; expected an ECS cluster ARN/,
    );
    assert.deepEqual(schedulerTrustPolicy(ACCOUNT).Statement[0].Condition, {
      StringEquals: { "aws:SourceAccount": ACCOUNT },
    });
    assert.throws(() => schedulerTrustPolicy("12"), /expected a 12-digit AWS account ID/);
  });
});
