import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RecordedResource } from "../../engine/recording-monitor";
import type { PolicyDocument } from "../../lib/iam/policy-document";
import type { StackPlan } from "../../plan/plan";
import { checkAgainstIamData, type Decision, evaluate, type Principal } from "../support/iam-evaluation";
import {
  ACCOUNT,
  doc,
  EvaluationTable,
  find,
  loadPlanned,
  type Planned,
  REGION,
  type RoleName,
  tagsOf,
} from "./permissions-fixture";
import { requestTags, resourceTags } from "./provider-calls";

/**
 * The CI roles' permissions, evaluated by an IAM policy evaluator (iam-simulate) over the documents the
 * `shared` stack plans: escalation attempts, other environments' resources, DNS names and repositories, and
 * every planned document checked against AWS's IAM data. The exhaustive table of every provider call of
 * every stack is in permissions.int.test.ts.
 */

const ZONE = "arn:aws:route53:::hostedzone";
const ROOT = join(__dirname, "../..");

describe("CI roles, evaluated (iam-simulate over the planned shared stack)", () => {
  let p: Planned;
  const table = new EvaluationTable(() => p);
  before(async () => {
    p = await loadPlanned();
  });
  after(() => process.stderr.write(table.summary("targeted table")));
  const expectDecision = table.expect.bind(table);
  const all = table.all.bind(table);

  it("every action, condition key and ARN in every planned document exists in AWS's IAM data", async () => {
    const documents = p.plans.shared.resources.flatMap((r): [string, PolicyDocument][] => {
      if (r.type === "aws:iam/rolePolicy:RolePolicy" || r.type === "aws:iam/policy:Policy") {
        return [[r.name, doc(r.inputs.policy)]];
      }
      return [];
    });
    assert.equal(documents.length, 7, "four role policies and three boundaries");
    const problems = (await Promise.all(documents.map(([name, d]) => checkAgainstIamData(name, d)))).flat();
    assert.deepEqual(problems, []);
    // The check itself finds what is wrong.
    const broken: PolicyDocument = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["ecs:CreateServise", "logs:Nothing*"],
          Resource: "arn:aws:ecs:us-east-1:123456789012:cluster/x",
          Condition: { StringEquals: { "ecs:clusterr": "x" } },
        },
        {
          Effect: "Allow",
          Action: "ecs:CreateService",
          Resource: "arn:aws:logs:us-east-1:123456789012:log-group:x",
        },
        {
          Effect: "Allow",
          Action: "ecs:UpdateService",
          Resource: "arn:aws:ecs:us-east-1:123456789012:cluster/x",
        },
      ],
    };
    assert.deepEqual(await checkAgainstIamData("broken", broken), [
      "broken #0: no action ecs:CreateServise in IAM",
      "broken #0: no action logs:Nothing* in IAM",
      "broken #0: no condition key ecs:clusterr in IAM",
      "broken #0: arn:aws:ecs:us-east-1:123456789012:cluster/x fits no resource type of ecs:CreateServise,logs:Nothing*",
      "broken #1: arn:aws:logs:us-east-1:123456789012:log-group:x fits no resource type of ecs:CreateService",
      "broken #2: arn:aws:ecs:us-east-1:123456789012:cluster/x fits no resource type of ecs:UpdateService",
    ]);
  });

  it("keeps the AGPL-3.0 simulator out of the published package", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as Record<
      string,
      Record<string, string>
    >;
    assert.ok(pkg.devDependencies["@cloud-copilot/iam-simulate"], "a dev dependency");
    assert.equal(pkg.dependencies?.["@cloud-copilot/iam-simulate"], undefined);
    assert.equal(pkg.peerDependencies?.["@cloud-copilot/iam-simulate"], undefined);
    const shipped = readdirSync(join(ROOT, "lib"), { recursive: true, encoding: "utf8" }).filter((f) =>
      f.endsWith(".ts"),
    );
    assert.ok(shipped.length > 10);
    for (const file of shipped) {
      assert.doesNotMatch(readFileSync(join(ROOT, "lib", file), "utf8"), /@cloud-copilot/, file);
    }
  });

  it("grants ELB tagging of target groups and rules only on preview resources or when they are created", () => {
    // AWS's IAM data lists these calls on the Classic type only, so they are checked by their statements.
    const policy = p.roles.preview.identity[0];
    const granting = policy.Statement.filter(
      (st) => st.Effect === "Allow" && [st.Action].flat().includes("elasticloadbalancing:AddTags"),
    );
    assert.deepEqual(
      granting.map((st) => st.Condition),
      [
        {
          StringEquals: {
            "aws:RequestTag/pantstack:environment": "preview",
            "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateRule"],
          },
        },
        { StringEquals: { "aws:ResourceTag/pantstack:environment": "preview" } },
      ],
    );
  });

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

  describe("repositories", () => {
    const repo = (name: string) => `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${name}`;
    const push = [
      "ecr:PutImage",
      "ecr:InitiateLayerUpload",
      "ecr:UploadLayerPart",
      "ecr:CompleteLayerUpload",
    ];

    it("a pull request pushes only to the preview repository, releases only come from image-push", async () => {
      const rows = push.flatMap((action) => [
        expectDecision(
          "preview",
          { action, resource: repo("pantstack-preview"), context: {} },
          "Allowed",
          p.repositoryPolicies.preview,
        ),
        expectDecision(
          "preview",
          { action, resource: repo("pantstack"), context: {} },
          "Denied",
          p.repositoryPolicies.release,
        ),
        expectDecision(
          "image-push",
          { action, resource: repo("pantstack"), context: {} },
          "Allowed",
          p.repositoryPolicies.release,
        ),
        expectDecision(
          "image-push",
          { action, resource: repo("pantstack-preview"), context: {} },
          "Denied",
          p.repositoryPolicies.preview,
        ),
        ...(["deploy-test", "deploy-prod"] as const).flatMap((role) => [
          expectDecision(
            role,
            { action, resource: repo("pantstack"), context: {} },
            "Denied",
            p.repositoryPolicies.release,
          ),
          expectDecision(
            role,
            { action, resource: repo("pantstack-preview"), context: {} },
            "Denied",
            p.repositoryPolicies.preview,
          ),
        ]),
      ]);
      await all([
        ...rows,
        // Deploy roles may check that a release image exists before they point a service at it.
        expectDecision(
          "deploy-prod",
          {
            action: "ecr:DescribeImages",
            resource: repo("pantstack"),
            context: resourceTags(tagsOf(find(p.plans.shared, "aws:ecr/repository:Repository", "images"))),
          },
          "Allowed",
        ),
      ]);
    });

    it("execution roles pull only from the repository their environment runs", async () => {
      const boundaryNamed = (arn: string) => {
        const env = /pantstack-(test|prod|preview)-boundary$/.exec(arn)?.[1] as "test" | "prod" | "preview";
        assert.ok(env, `a planned role without a boundary: ${arn}`);
        return p.boundaries[env];
      };
      const execution = (plan: StackPlan, role: string) => ({
        arn: String(find(plan, "aws:iam/role:Role", role).outputs.arn),
        identity: [doc(find(plan, "aws:iam/rolePolicy:RolePolicy", role).inputs.policy)],
        // The boundary each planned role actually carries.
        boundary: boundaryNamed(String(find(plan, "aws:iam/role:Role", role).inputs.permissionsBoundary)),
      });
      const pull = (who: Principal, name: string, expected: "Allowed" | "Denied") =>
        expectDecision(who, { action: "ecr:BatchGetImage", resource: repo(name) }, expected);
      const test = execution(p.plans.test, "api-execution");
      const prod = execution(p.plans.prod, "api-execution");
      const previews = execution(p.plans.test, "preview-execution");
      await all([
        pull(test, "pantstack", "Allowed"),
        pull(test, "pantstack-preview", "Denied"),
        pull(prod, "pantstack", "Allowed"),
        pull(prod, "pantstack-preview", "Denied"),
        pull(previews, "pantstack-preview", "Allowed"),
        pull(previews, "pantstack", "Denied"),
      ]);
    });
  });

  describe("clusters, DNS and log groups of other environments", () => {
    const zoneId = () => String(p.plans.test.outputs.hostedZoneId);
    const dns = (names: string[], type = "A") => ({
      action: "route53:ChangeResourceRecordSets",
      resource: `${ZONE}/${zoneId()}`,
      context: {
        "route53:ChangeResourceRecordSetsNormalizedRecordNames": names,
        "route53:ChangeResourceRecordSetsRecordTypes": [type],
        "route53:ChangeResourceRecordSetsActions": ["UPSERT"],
      },
    });

    it("each role writes only its own DNS names, only in the configured zone", async () => {
      await all([
        expectDecision("deploy-test", dns(["test.pantstack.dev"]), "Allowed"),
        expectDecision("deploy-test", dns(["api.pantstack.dev"]), "Denied"),
        expectDecision("deploy-test", dns(["_0123abcd.api.pantstack.dev"], "CNAME"), "Denied"),
        expectDecision("deploy-test", dns(["preview-pr-3.pantstack.dev"]), "Denied"),
        expectDecision("deploy-test", dns(["test.pantstack.dev", "api.pantstack.dev"]), "Denied"),
        expectDecision(
          "deploy-test",
          { ...dns(["test.pantstack.dev"]), resource: `${ZONE}/ZOTHERZONE123` },
          "Denied",
        ),
        expectDecision("deploy-prod", dns(["api.pantstack.dev"]), "Allowed"),
        expectDecision("deploy-prod", dns(["test.pantstack.dev"]), "Denied"),
        expectDecision("deploy-prod", dns(["_0123abcd.pantstack.dev"], "CNAME"), "Denied"),
        expectDecision("deploy-prod", dns(["preview-pr-3.pantstack.dev"]), "Denied"),
        expectDecision("preview", dns(["preview-pr-3.pantstack.dev"]), "Allowed"),
        expectDecision("preview", dns(["preview-pr-3.api.pantstack.dev"]), "Denied"),
        expectDecision("preview", dns(["test.pantstack.dev"]), "Denied"),
        expectDecision("preview", dns(["api.pantstack.dev"]), "Denied"),
        expectDecision("preview", dns(["preview-pr-3.pantstack.dev"], "TXT"), "Denied"),
        expectDecision(
          "preview",
          { ...dns(["preview-pr-3.pantstack.dev"]), resource: `${ZONE}/ZOTHERZONE123` },
          "Denied",
        ),
      ]);
    });

    it("services, tasks, task definitions and log groups stay in their environment", async () => {
      const service = (cluster: string, name: string) =>
        `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${cluster}/${name}`;
      const clusterArn = (cluster: string) => `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${cluster}`;
      const family = (name: string) => `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${name}:1`;
      const logGroup = (name: string) => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}`;
      const preview = requestTags({ "pantstack:environment": "preview" });
      const spot = {
        "ecs:capacity-provider": [`arn:aws:ecs:${REGION}:${ACCOUNT}:capacity-provider/FARGATE_SPOT`],
      };
      await all([
        expectDecision(
          "deploy-test",
          {
            action: "ecs:CreateService",
            resource: service("pantstack-prod", "x"),
            context: { "ecs:cluster": clusterArn("pantstack-prod") },
          },
          "Denied",
        ),
        expectDecision(
          "deploy-prod",
          {
            action: "ecs:CreateService",
            resource: service("pantstack-test", "x"),
            context: { "ecs:cluster": clusterArn("pantstack-test") },
          },
          "Denied",
        ),
        expectDecision(
          "preview",
          {
            action: "ecs:CreateService",
            resource: service("pantstack-prod", "x"),
            context: { "ecs:cluster": clusterArn("pantstack-prod"), ...preview, ...spot },
          },
          "Denied",
        ),
        expectDecision(
          "preview",
          {
            action: "ecs:CreateService",
            resource: service("pantstack-test", "x"),
            context: { "ecs:cluster": clusterArn("pantstack-test"), ...preview },
          },
          "Denied",
        ),
        expectDecision(
          "preview",
          {
            action: "ecs:CreateService",
            resource: service("pantstack-test", "x"),
            context: { "ecs:cluster": clusterArn("pantstack-test"), ...spot },
          },
          "Denied",
        ),
        ...["deploy-test", "deploy-prod", "preview"].flatMap((role) =>
          ["pantstack-test", "pantstack-prod"].map((cluster) =>
            expectDecision(
              role as RoleName,
              {
                action: "ecs:RunTask",
                resource: family(`${cluster.slice(10)}-api`),
                context: { "ecs:cluster": clusterArn(cluster) },
              },
              "Denied",
            ),
          ),
        ),
        expectDecision(
          "deploy-test",
          { action: "ecs:RegisterTaskDefinition", resource: family("prod-api"), context: {} },
          "Denied",
        ),
        expectDecision(
          "deploy-prod",
          { action: "ecs:RegisterTaskDefinition", resource: family("test-api"), context: {} },
          "Denied",
        ),
        expectDecision(
          "preview",
          { action: "ecs:RegisterTaskDefinition", resource: family("test-api"), context: preview },
          "Denied",
        ),
        expectDecision(
          "deploy-test",
          { action: "logs:DeleteLogGroup", resource: logGroup("/pantstack/prod/api"), context: {} },
          "Denied",
        ),
        expectDecision(
          "deploy-prod",
          { action: "logs:DeleteLogGroup", resource: logGroup("/pantstack/test/api"), context: {} },
          "Denied",
        ),
        expectDecision(
          "preview",
          { action: "logs:CreateLogGroup", resource: logGroup("/pantstack/test/x"), context: preview },
          "Denied",
        ),
        expectDecision(
          "preview",
          { action: "logs:DeleteLogGroup", resource: logGroup("/pantstack/prod/api"), context: {} },
          "Denied",
        ),
        // Creating a resource tagged as another environment is refused too.
        expectDecision(
          "deploy-test",
          {
            action: "ec2:CreateVpc",
            resource: `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-1`,
            context: { ...requestTags({ "pantstack:environment": "prod" }), "aws:RequestedRegion": REGION },
          },
          "Denied",
        ),
        expectDecision(
          "deploy-test",
          {
            action: "ec2:CreateVpc",
            resource: `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-1`,
            context: { ...requestTags({ "pantstack:environment": "test" }), "aws:RequestedRegion": REGION },
          },
          "Allowed",
        ),
        expectDecision(
          "deploy-test",
          {
            action: "ec2:CreateVpc",
            resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc/vpc-1`,
            context: {
              ...requestTags({ "pantstack:environment": "test" }),
              "aws:RequestedRegion": "eu-west-1",
            },
          },
          "Denied",
        ),
      ]);
    });

    it("the preview role adds rules only to test's listeners", async () => {
      const listeners = (plan: StackPlan) =>
        plan.resources.filter((r) => r.type === "aws:lb/listener:Listener");
      const createRule = (listener: RecordedResource) => ({
        action: "elasticloadbalancing:CreateRule",
        resource: String(listener.outputs.arn),
        context: {
          ...resourceTags(tagsOf(listener)),
          ...requestTags({ "pantstack:environment": "preview" }),
        },
      });
      await all([
        ...listeners(p.plans.test).map((l) => expectDecision("preview", createRule(l), "Allowed")),
        ...listeners(p.plans.prod).map((l) => expectDecision("preview", createRule(l), "Denied")),
      ]);
    });
  });
});
