import assert from "node:assert/strict";
import type { RecordedResource } from "../../engine/recording-monitor";
import { type Decision, evaluate, type Principal } from "../support/iam-evaluation";
import { ACCOUNT, EvaluationTable, loadPlanned, type Planned, REGION, tagsOf } from "./permissions-fixture";
import { resourceTags } from "./provider-calls";

/**
 * Escalation attempts against the CI roles, evaluated by iam-simulate over the documents the `shared` stack
 * plans: roles without (or with another) boundary, boundary changes, the CI roles themselves, `PassRole`
 * beyond ECS tasks, and what a role created under a boundary can then do.
 */

describe("CI roles: escalation, evaluated (iam-simulate)", () => {
  let p: Planned;
  const table = new EvaluationTable(() => p);
  before(async () => {
    p = await loadPlanned();
  });
  after(() => table.checked("escalation table"));
  const expectDecision = table.expect.bind(table);
  const all = table.all.bind(table);
  describe("escalation", () => {
    const testRole = (name: string) => `arn:aws:iam::${ACCOUNT}:role/pantstack/test/${name}`;
    const boundaryArn = (env: string) =>
      `arn:aws:iam::${ACCOUNT}:policy/pantstack/boundaries/pantstack-${env}-boundary`;
    const bounded = (env: string) => ({ "iam:PermissionsBoundary": boundaryArn(env) });

    it("no role creates or changes a role that lacks its environment's boundary", async () => {
      const rows: Promise<string | undefined>[] = [];
      for (const role of ["deploy-test", "deploy-prod", "preview", "image-push"] as const) {
        for (const action of [
          "iam:CreateRole",
          "iam:PutRolePolicy",
          "iam:AttachRolePolicy",
          "iam:UpdateAssumeRolePolicy",
          "iam:PutRolePermissionsBoundary",
        ]) {
          for (const path of ["test", "prod", "preview", "ci"]) {
            const resource = `arn:aws:iam::${ACCOUNT}:role/pantstack/${path}/x`;
            rows.push(expectDecision(role, { action, resource, context: {} }, "Denied"));
            // Another environment's boundary is no better than none.
            const other = path === "prod" ? "test" : "prod";
            rows.push(expectDecision(role, { action, resource, context: bounded(other) }, "Denied"));
          }
        }
      }
      await all(rows);
    });

    it("deploy-test creates an admin-shaped role only with its boundary, and the boundary caps it", async () => {
      await all([
        expectDecision(
          "deploy-test",
          { action: "iam:CreateRole", resource: testRole("x"), context: bounded("test") },
          "Allowed",
        ),
        expectDecision(
          "deploy-test",
          { action: "iam:PutRolePolicy", resource: testRole("x"), context: bounded("test") },
          "Allowed",
        ),
        expectDecision(
          "deploy-prod",
          { action: "iam:CreateRole", resource: testRole("x"), context: bounded("test") },
          "Denied",
        ),
      ]);
      // What /pantstack/test/x with `Action: *` and the test boundary can then do.
      const admin: Principal = {
        arn: testRole("x"),
        identity: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }],
        boundary: p.boundaries.test,
      };
      const release = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/pantstack`;
      const rows: [string, string, Decision][] = [
        ["ecr:BatchGetImage", release, "Allowed"],
        ["ssm:GetParameters", `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/pantstack/test/db`, "Allowed"],
        [
          "logs:PutLogEvents",
          `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/pantstack/test/api:log-stream:x`,
          "Allowed",
        ],
        ["ecr:PutImage", release, "ExplicitlyDenied"],
        [
          "ecr:BatchGetImage",
          `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/pantstack-preview`,
          "ImplicitlyDenied",
        ],
        [
          "ssm:GetParameters",
          `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/pantstack/prod/db`,
          "ImplicitlyDenied",
        ],
        ["iam:CreateRole", testRole("y"), "ExplicitlyDenied"],
        ["iam:PassRole", testRole("y"), "ExplicitlyDenied"],
        ["sts:AssumeRole", String(p.roles["deploy-prod"].arn), "ExplicitlyDenied"],
        [
          "ecs:UpdateService",
          `arn:aws:ecs:${REGION}:${ACCOUNT}:service/pantstack-prod/api`,
          "ImplicitlyDenied",
        ],
        ["s3:GetObject", "arn:aws:s3:::any-bucket/key", "ImplicitlyDenied"],
      ];
      await all(
        rows.map(([action, resource, expected]) =>
          expectDecision(admin, { action, resource }, expected === "Allowed" ? "Allowed" : "Denied"),
        ),
      );
      // The denials come from the boundary: the same role without it would be allowed everything.
      assert.equal(
        await evaluate(
          { ...admin, boundary: undefined },
          { action: "iam:CreateRole", resource: testRole("y") },
        ),
        "Allowed",
      );
    });

    it("the preview boundary allows only the preview repository and preview logs", async () => {
      const task: Principal = {
        arn: `arn:aws:iam::${ACCOUNT}:role/pantstack/preview/task`,
        identity: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }],
        boundary: p.boundaries.preview,
      };
      await all([
        expectDecision(
          task,
          {
            action: "ecr:BatchGetImage",
            resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/pantstack-preview`,
          },
          "Allowed",
        ),
        expectDecision(
          task,
          { action: "ecr:BatchGetImage", resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/pantstack` },
          "Denied",
        ),
        expectDecision(
          task,
          {
            action: "logs:PutLogEvents",
            resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/pantstack/preview/pr-7:log-stream:x`,
          },
          "Allowed",
        ),
        expectDecision(
          task,
          {
            action: "logs:PutLogEvents",
            resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/pantstack/test/api:log-stream:x`,
          },
          "Denied",
        ),
        expectDecision(
          task,
          {
            action: "secretsmanager:GetSecretValue",
            resource: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:pantstack/test/db-AbCdEf`,
          },
          "Denied",
        ),
      ]);
    });

    it("no role changes or removes a boundary, changes itself or passes roles beyond its tasks", async () => {
      const rows: Promise<string | undefined>[] = [];
      for (const role of ["deploy-test", "deploy-prod", "preview", "image-push"] as const) {
        for (const env of ["test", "prod", "preview"]) {
          for (const action of [
            "iam:CreatePolicyVersion",
            "iam:SetDefaultPolicyVersion",
            "iam:DeletePolicy",
          ]) {
            rows.push(expectDecision(role, { action, resource: boundaryArn(env), context: {} }, "Denied"));
          }
          rows.push(
            expectDecision(
              role,
              {
                action: "iam:DeleteRolePermissionsBoundary",
                resource: testRole("api-task"),
                context: bounded("test"),
              },
              "Denied",
            ),
          );
        }
        for (const action of [
          "iam:PutRolePolicy",
          "iam:AttachRolePolicy",
          "iam:UpdateAssumeRolePolicy",
          "iam:DeleteRolePermissionsBoundary",
        ]) {
          rows.push(expectDecision(role, { action, resource: p.roles[role].arn, context: {} }, "Denied"));
        }
        // PassRole to another service, or of another environment's or a CI role.
        rows.push(
          expectDecision(
            role,
            {
              action: "iam:PassRole",
              resource: testRole("api-task"),
              context: { "iam:PassedToService": "ec2.amazonaws.com" },
            },
            "Denied",
          ),
          expectDecision(
            role,
            {
              action: "iam:PassRole",
              resource: String(p.roles["deploy-prod"].arn),
              context: { "iam:PassedToService": "ecs-tasks.amazonaws.com" },
            },
            "Denied",
          ),
        );
      }
      const prodTask = p.plans.prod.resources.find(
        (r) => r.type === "aws:iam/role:Role" && r.name === "api-task",
      ) as RecordedResource;
      const testTask = p.plans.test.resources.find(
        (r) => r.type === "aws:iam/role:Role" && r.name === "api-task",
      ) as RecordedResource;
      const toTasks = { "iam:PassedToService": "ecs-tasks.amazonaws.com" };
      rows.push(
        expectDecision(
          "deploy-test",
          {
            action: "iam:PassRole",
            resource: String(prodTask.outputs.arn),
            context: { ...toTasks, ...resourceTags(tagsOf(prodTask)) },
          },
          "Denied",
        ),
        expectDecision(
          "deploy-prod",
          {
            action: "iam:PassRole",
            resource: String(testTask.outputs.arn),
            context: { ...toTasks, ...resourceTags(tagsOf(testTask)) },
          },
          "Denied",
        ),
        expectDecision(
          "preview",
          {
            action: "iam:PassRole",
            resource: String(testTask.outputs.arn),
            context: { ...toTasks, ...resourceTags(tagsOf(testTask)) },
          },
          "Denied",
        ),
      );
      await all(rows);
    });
  });
});
