import type { ProgramResult } from "../../engine/run-program";
import { TaskFailureRule } from "../../lib/monitoring/task-failure-rule";
import { alarmNamePrefix } from "../../stacks/shared/deploy-rollouts";
import { run } from "../harness";
import { doc, EvaluationTable, find, loadPlanned, type Planned } from "./permissions-fixture";
import { providerCalls } from "./provider-calls";

/**
 * The deploy roles and the EventBridge rules of their jobs' failed runs, by the IAM evaluator: every call the
 * AWS provider makes for a `TaskFailureRule` (create, read, update, delete) is allowed to its own
 * environment's deploy role only, and a rule may target only that environment's topics.
 */
const A = "123456789012";
const R = "us-east-1";
const topic = (env: "test" | "prod") => `arn:aws:sns:${R}:${A}:pantstack-${env}-alarms`;

/** A job's rule as the environment creates it, recorded by the offline engine. */
const planRule = (env: "test" | "prod"): Promise<ProgramResult> =>
  run(
    () =>
      void new TaskFailureRule("nightly", {
        clusterArn: `arn:aws:ecs:${R}:${A}:cluster/pantstack-${env}`,
        taskDefinitionArn: `arn:aws:ecs:${R}:${A}:task-definition/${env}-nightly:3`,
        topicArn: topic(env),
        namePrefix: alarmNamePrefix(env),
      }),
    { stack: env },
  );

describe("deploy roles: the EventBridge rules of their jobs' failed runs", () => {
  let p: Planned;
  const rules: Partial<Record<"test" | "prod", ProgramResult>> = {};
  const table = new EvaluationTable(() => p);
  before(async () => {
    [p, rules.test, rules.prod] = await Promise.all([loadPlanned(), planRule("test"), planRule("prod")]);
  });
  after(() => table.checked("job failure rule permissions"));

  for (const [mine, other] of [
    ["test", "prod"],
    ["prod", "test"],
  ] as const) {
    const role = `deploy-${mine}` as const;
    it(`${role} makes every call of ${mine}'s rule and target, and none of ${other}'s`, async () => {
      const calls = (env: "test" | "prod") => {
        const result = rules[env] as ProgramResult;
        const world = { region: R, account: A, resources: result.resources };
        return result.resources.flatMap((r) => providerCalls(r, world));
      };
      const actions = new Set(calls(mine).map((c) => c.action));
      for (const action of [
        "events:PutRule",
        "events:PutTargets",
        "events:DeleteRule",
        "events:RemoveTargets",
      ])
        if (!actions.has(action)) throw new Error(`no ${action} modelled`);
      await table.all([
        ...calls(mine).map((c) => table.expect(role, c, "Allowed")),
        ...calls(other).map((c) => table.expect(role, c, "Denied")),
      ]);
    });

    it(`drift-${mine} reads ${mine}'s rule and target as a refresh does, and changes neither`, async () => {
      const drift = {
        arn: String(find(p.plans.shared, "aws:iam/role:Role", `drift-${mine}`).outputs.arn),
        identity: [
          doc(
            find(p.plans.shared, "aws:iam/rolePolicy:RolePolicy", `drift-${mine}-permissions`).inputs.policy,
          ),
        ],
      };
      const result = rules[mine] as ProgramResult;
      const world = { region: R, account: A, resources: result.resources };
      const calls = result.resources.flatMap((r) => providerCalls(r, world));
      await table.all(calls.map((c) => table.expect(drift, c, c.phase === "read" ? "Allowed" : "Denied")));
    });

    it(`${role}'s rules may target only ${mine}'s topics`, async () => {
      const rule = `arn:aws:events:${R}:${A}:rule/pantstack-${mine}-nightly-failed-runs`;
      const putTargets = (target: string) => ({
        action: "events:PutTargets",
        resource: rule,
        context: { "aws:RequestedRegion": R, "events:TargetArn": [target] },
      });
      await table.all([
        table.expect(role, putTargets(topic(mine)), "Allowed"),
        table.expect(role, putTargets(topic(other)), "Denied"),
        table.expect(role, putTargets(`arn:aws:lambda:${R}:${A}:function:pantstack-${mine}-x`), "Denied"),
        table.expect(role, putTargets(`arn:aws:sns:${R}:${A}:elsewhere`), "Denied"),
      ]);
    });
  }
});
