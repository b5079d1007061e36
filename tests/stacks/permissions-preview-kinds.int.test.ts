import assert from "node:assert/strict";
import type { PolicyDocument } from "../../lib/iam/policy-document";
import type { StackPlan } from "../../plan/plan";
import type { Principal } from "../support/iam-evaluation";
import { plannedStacks } from "../support/planned";
import { doc, EvaluationTable, find, identityOf, type RoleName } from "./permissions-fixture";
import { type PlannedWorld, providerCalls } from "./provider-calls";

/**
 * The preview role and the roles test creates for previews, against a preview that runs every kind of the
 * example catalog (auth, events and nightly changed, so api and web run too): every call the AWS provider
 * makes for it, and what its tasks and its job's schedule may do under the preview boundary.
 */

const EXAMPLE = "examples/services.yaml";

interface World {
  plans: Record<"shared" | "test" | "preview", StackPlan>;
  world: PlannedWorld;
  preview: Principal;
  boundary: PolicyDocument;
}

let loaded: Promise<World> | undefined;
function load(): Promise<World> {
  loaded ??= (async () => {
    const [shared, test, preview] = await plannedStacks({
      stacks: ["shared", "test", "preview-pr-1"],
      services: EXAMPLE,
      stackOverrides: { "preview-pr-1": { "pantstack:changedServices": "auth,events,nightly" } },
    });
    return {
      plans: { shared, test, preview },
      world: {
        region: "us-east-1",
        account: "123456789012",
        resources: [shared, test, preview].flatMap((p) => p.resources),
      },
      preview: {
        arn: String(find(shared, "aws:iam/role:Role", "preview").outputs.arn),
        identity: identityOf(shared, "preview"),
      },
      boundary: doc(find(shared, "aws:iam/policy:Policy", "preview-boundary").inputs.policy),
    };
  })();
  return loaded;
}

describe("the preview role and test's preview roles against a preview of every kind (iam-simulate)", () => {
  let w: World;
  const table = new EvaluationTable(() => ({}) as never);
  before(async () => {
    w = await load();
  });
  after(() => table.checked("preview kinds"));

  /** A role test creates for previews: its inline policies under the preview boundary. */
  const testRole = (name: string): Principal => {
    const role = find(w.plans.test, "aws:iam/role:Role", name);
    const policies = w.plans.test.resources.filter(
      (r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.inputs.role === role.outputs.name,
    );
    return {
      arn: String(role.outputs.arn),
      identity: policies.map((p) => doc(p.inputs.policy)),
      boundary: w.boundary,
    };
  };
  const as = (who: RoleName | Principal) => (who === "preview" ? w.preview : (who as Principal));

  it("the preview role can deploy, redeploy, refresh and destroy it: queues, schedule, Service Connect services", async () => {
    const calls = w.plans.preview.resources.flatMap((r) => providerCalls(r, w.world));
    for (const action of [
      "sqs:CreateQueue",
      "scheduler:CreateSchedule",
      "iam:PassRole",
      "ecs:CreateService",
    ]) {
      assert.ok(
        calls.some((c) => c.action === action),
        `the preview's calls include ${action}`,
      );
    }
    await table.all(calls.map((c) => table.expect(as("preview"), c, "Allowed")));
  });

  it("passes test's preview scheduler role to EventBridge Scheduler, no other service that could assume it", async () => {
    const scheduler = String(find(w.plans.test, "aws:iam/role:Role", "preview-scheduler").outputs.arn);
    const pass = (service: string) => ({
      action: "iam:PassRole",
      resource: scheduler,
      context: { "iam:PassedToService": service },
    });
    await table.all([
      table.expect(as("preview"), pass("scheduler.amazonaws.com"), "Allowed"),
      // To ECS it may be passed like every preview role, but its trust admits only Scheduler: ECS cannot use it.
      table.expect(as("preview"), pass("lambda.amazonaws.com"), "Denied"),
      table.expect(as("preview"), pass("events.amazonaws.com"), "Denied"),
    ]);
  });

  it("the preview scheduler role starts preview tasks in test's cluster with the preview roles, nothing of test's", async () => {
    const role = testRole("preview-scheduler");
    const task = String(
      find(w.plans.preview, "aws:ecs/taskDefinition:TaskDefinition", "pr-1-nightly-task").outputs.arn,
    );
    const testTask = String(
      find(w.plans.test, "aws:ecs/taskDefinition:TaskDefinition", "nightly-task").outputs.arn,
    );
    const cluster = String(w.plans.test.outputs.clusterArn);
    const runTask = (resource: string, clusterArn = cluster) => ({
      action: "ecs:RunTask",
      resource,
      context: { "ecs:cluster": clusterArn },
    });
    const previewRoles = [
      w.plans.test.outputs.previewExecutionRoleArn,
      w.plans.test.outputs.previewTaskRoleArn,
    ];
    const testTaskRole = String(find(w.plans.test, "aws:iam/role:Role", "nightly-task").outputs.arn);
    const pass = (resource: string, service = "ecs-tasks.amazonaws.com") => ({
      action: "iam:PassRole",
      resource,
      context: { "iam:PassedToService": service },
    });
    await table.all([
      table.expect(role, runTask(task), "Allowed"),
      ...previewRoles.map((r) => table.expect(role, pass(String(r)), "Allowed")),
      table.expect(role, runTask(testTask), "Denied"),
      table.expect(
        role,
        runTask(task, "arn:aws:ecs:us-east-1:123456789012:cluster/pantstack-prod"),
        "Denied",
      ),
      table.expect(role, pass(testTaskRole), "Denied"),
      table.expect(role, pass(String(previewRoles[1]), "lambda.amazonaws.com"), "Denied"),
    ]);
  });

  it("preview tasks consume and send on previews' queues and send to test's, under the boundary; never take test's messages", async () => {
    const role = testRole("preview-task");
    const previewQueue = String(
      find(w.plans.preview, "aws:sqs/queue:Queue", "pr-1-events-queue").outputs.arn,
    );
    const testQueue = String(find(w.plans.test, "aws:sqs/queue:Queue", "events-queue").outputs.arn);
    const call = (action: string, resource: string) => ({ action, resource });
    await table.all([
      table.expect(role, call("sqs:ReceiveMessage", previewQueue), "Allowed"),
      table.expect(role, call("sqs:DeleteMessage", previewQueue), "Allowed"),
      table.expect(role, call("sqs:SendMessage", previewQueue), "Allowed"),
      table.expect(role, call("sqs:SendMessage", testQueue), "Allowed"),
      table.expect(role, call("sqs:ReceiveMessage", testQueue), "Denied"),
      table.expect(role, call("sqs:DeleteMessage", testQueue), "Denied"),
      table.expect(role, call("sqs:PurgeQueue", previewQueue), "Denied"),
    ]);
  });
});
