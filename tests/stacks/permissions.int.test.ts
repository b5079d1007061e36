import assert from "node:assert/strict";
import type { StackPlan } from "../../plan/plan";
import {
  callsOf,
  doc,
  EvaluationTable,
  loadPlanned,
  type Planned,
  type RoleName,
} from "./permissions-fixture";

/**
 * The exhaustive table: every call the AWS provider makes to deploy, redeploy (a changed tag), refresh and
 * destroy `test`, `prod` and a preview, evaluated by iam-simulate for the role that must make it (allowed)
 * and for every role that must not (denied). About 1,500 evaluations: a few seconds, so an integration test.
 */
describe("CI roles against every provider call of every stack (iam-simulate)", () => {
  let p: Planned;
  const table = new EvaluationTable(() => p);
  before(async () => {
    p = await loadPlanned();
  });
  after(() => table.checked("provider-call table"));

  // A KMS key's policy is a resource policy: the alarm keys grant their environment's deploy role by it.
  const keyPolicy = (resource: string) => {
    const key = p.world.resources.find((r) => r.type === "aws:kms/key:Key" && r.outputs.arn === resource);
    return key ? doc(key.inputs.policy) : undefined;
  };
  const own = (role: RoleName, plan: () => StackPlan) => () =>
    table.all(callsOf(p, plan()).map((c) => table.expect(role, c, "Allowed", keyPolicy(c.resource))));

  it(
    "deploy-test can make every call of a deploy, redeploy, refresh and destroy of test",
    own("deploy-test", () => p.plans.test),
  );
  it(
    "deploy-prod can make every call of a deploy, redeploy, refresh and destroy of prod",
    own("deploy-prod", () => p.plans.prod),
  );

  it("the preview role can deploy, redeploy with a changed tag, refresh and destroy a preview", async () => {
    const calls = callsOf(p, p.plans.preview);
    assert.ok(calls.some((c) => c.phase === "update" && c.action === "ecs:TagResource"));
    assert.ok(calls.some((c) => c.phase === "delete" && c.action === "ecs:DeleteService"));
    await table.all(calls.map((c) => table.expect("preview", c, "Allowed")));
  });

  // DeregisterTaskDefinition has no resource-level permission in AWS: it is the one call every deploy role
  // can make on every family (evaluated on "*"). Reads are not changes.
  const changes = (plan: StackPlan) =>
    callsOf(p, plan).filter(
      (c) => c.phase !== "read" && c.resource !== "*" && !c.action.includes(":Describe"),
    );

  it("deploy-test can change nothing of prod, and deploy-prod nothing of test or a preview", async () => {
    await table.all([
      ...changes(p.plans.prod).map((c) => table.expect("deploy-test", c, "Denied", keyPolicy(c.resource))),
      ...changes(p.plans.test).map((c) => table.expect("deploy-prod", c, "Denied", keyPolicy(c.resource))),
      ...changes(p.plans.preview).map((c) => table.expect("deploy-prod", c, "Denied")),
    ]);
  });

  it("the preview role can change nothing of test, prod or shared", async () => {
    await table.all([
      ...changes(p.plans.test).map((c) => table.expect("preview", c, "Denied")),
      ...changes(p.plans.prod).map((c) => table.expect("preview", c, "Denied")),
      ...changes(p.plans.shared).map((c) => table.expect("preview", c, "Denied")),
    ]);
  });

  it("no CI role can change shared: CI roles, boundaries, repositories, the OIDC provider", async () => {
    const roles: RoleName[] = ["deploy-test", "deploy-prod", "image-push"];
    await table.all(
      roles.flatMap((role) => changes(p.plans.shared).map((c) => table.expect(role, c, "Denied"))),
    );
  });
});
