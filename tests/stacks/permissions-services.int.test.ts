import assert from "node:assert/strict";
import type { PolicyDocument } from "../../lib/iam/policy-document";
import type { Principal } from "../support/iam-evaluation";
import { type Example, loadExample } from "./permissions-example";
import { doc, EvaluationTable, find, identityOf, type RoleName } from "./permissions-fixture";
import { type ProviderCall, providerCalls } from "./provider-calls";

/**
 * The exhaustive table for the example catalog (every kind): every call the AWS provider makes to deploy,
 * redeploy, refresh and destroy its `test`, `prod` and a preview of every kind, evaluated by iam-simulate for
 * the role that must make it (allowed) and for the roles that must not (denied). The fast file
 * permissions-services.test.ts evaluates the calls of the kinds' own resources.
 */
describe("CI roles against every provider call of the example catalog's stacks (iam-simulate)", function () {
  this.timeout(120_000);
  let x: Example;
  const table = new EvaluationTable(() => {
    throw new Error("this table is given principals, not role names");
  });
  before(async () => {
    x = await loadExample();
  });
  after(() => table.checked("example provider-call table"));

  const callsOf = (stack: keyof Example["plans"]) =>
    x.plans[stack].resources.flatMap((r) => providerCalls(r, x.world));
  // A KMS key's policy is a resource policy: the alarm keys grant their environment's deploy role by it.
  const keyPolicy = (c: ProviderCall): PolicyDocument | undefined => {
    const key = x.world.resources.find((r) => r.type === "aws:kms/key:Key" && r.outputs.arn === c.resource);
    return key ? doc(key.inputs.policy) : undefined;
  };
  const expect = (role: RoleName, c: ProviderCall, decision: "Allowed" | "Denied") =>
    table.expect(x.roles[role], c, decision, keyPolicy(c));
  // Reads are not changes; DeregisterTaskDefinition has no resource-level permission (evaluated on "*").
  const changes = (stack: keyof Example["plans"]) =>
    callsOf(stack).filter(
      (c) => c.phase !== "read" && c.resource !== "*" && !/:(Get|List|Describe)/.test(c.action),
    );

  it("each role makes every call of its own stack: deploy-test of test, deploy-prod of prod, preview of the preview", async () => {
    const own: [RoleName, keyof Example["plans"]][] = [
      ["deploy-test", "test"],
      ["deploy-prod", "prod"],
      ["preview", "preview"],
    ];
    for (const [, stack] of own)
      assert.ok(callsOf(stack).length > 100, `${stack}: ${callsOf(stack).length} calls`);
    await table.all(own.flatMap(([role, stack]) => callsOf(stack).map((c) => expect(role, c, "Allowed"))));
  });

  it("the drift roles read every call a refresh of test and prod makes", async () => {
    const drift = (env: "test" | "prod"): Principal => ({
      arn: String(find(x.plans.shared, "aws:iam/role:Role", `drift-${env}`).outputs.arn),
      identity: identityOf(x.plans.shared, `drift-${env}`),
    });
    await table.all(
      (["test", "prod"] as const).flatMap((env) =>
        callsOf(env)
          .filter((c) => c.phase === "read")
          .map((c) => table.expect(drift(env), c, "Allowed", keyPolicy(c))),
      ),
    );
  });

  it("and none of another environment's changes", async () => {
    await table.all([
      ...changes("prod").map((c) => expect("deploy-test", c, "Denied")),
      ...changes("test").map((c) => expect("deploy-prod", c, "Denied")),
      ...changes("preview").map((c) => expect("deploy-prod", c, "Denied")),
      ...changes("test").map((c) => expect("preview", c, "Denied")),
      ...changes("prod").map((c) => expect("preview", c, "Denied")),
      ...changes("shared").map((c) => expect("preview", c, "Denied")),
    ]);
  });
});
