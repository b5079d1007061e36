import assert from "node:assert/strict";
import type { RecordedResource } from "../../engine/recording-monitor";
import type { PolicyDocument } from "../../lib/iam/policy-document";
import { planStacks, type StackPlan } from "../../plan/plan";
import { checkAgainstIamData, type Decision, evaluate, type Principal } from "../support/iam-evaluation";
import {
  type PlannedWorld,
  type ProviderCall,
  providerCalls,
  requestTags,
  resourceTags,
} from "./provider-calls";

/**
 * The CI roles' permissions, evaluated by an IAM policy evaluator over the documents the `shared` stack
 * plans, against the calls the AWS provider makes for the resources `test`, `prod` and a preview plan.
 */

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const ZONE = "arn:aws:route53:::hostedzone";

let plans: Record<"shared" | "test" | "prod" | "preview", StackPlan>;
let world: PlannedWorld;
let roles: Record<"image-push" | "deploy-test" | "deploy-prod" | "preview", Principal>;
let boundaries: Record<"test" | "prod" | "preview", PolicyDocument>;
let repositoryPolicies: Record<"release" | "preview", PolicyDocument>;

const doc = (value: unknown) => JSON.parse(String(value)) as PolicyDocument;
const find = (plan: StackPlan, type: string, name: string) => {
  const found = plan.resources.find((r) => r.type === type && r.name === name);
  if (!found) throw new Error(`no ${type} ${name} in ${plan.stack}`);
  return found;
};
const tagsOf = (r: RecordedResource) => (r.inputs.tags as Record<string, string>) ?? {};
const calls = (plan: StackPlan) => plan.resources.flatMap((r) => providerCalls(r, world));
const decide = (
  role: keyof typeof roles,
  call: Omit<ProviderCall, "phase" | "of">,
  resourcePolicy?: PolicyDocument,
) => evaluate(roles[role], call, resourcePolicy);

/** The table's size, printed at the end: every evaluation counts. */
const tally = { rows: 0, allowed: 0, denied: 0 };
async function expectDecision(
  role: keyof typeof roles,
  call: Omit<ProviderCall, "phase" | "of"> & { of?: string },
  expected: "Allowed" | "Denied",
  resourcePolicy?: PolicyDocument,
): Promise<string | undefined> {
  const decision: Decision = await decide(role, call, resourcePolicy);
  tally.rows++;
  if (decision === "Allowed") tally.allowed++;
  else tally.denied++;
  const ok = expected === "Allowed" ? decision === "Allowed" : decision !== "Allowed";
  return ok
    ? undefined
    : `${role} ${call.action} on ${call.resource} (${call.of ?? "row"}): ${decision}, expected ${expected}`;
}
async function all(rows: Promise<string | undefined>[]) {
  const failures = (await Promise.all(rows)).filter((f): f is string => f !== undefined);
  assert.deepEqual(failures, []);
}

before(async function () {
  this.timeout(30000);
  const [shared, test, prod] = await planStacks({ stacks: ["shared", "test", "prod"] });
  const [preview] = await planStacks({
    stacks: ["preview-pr-7"],
    overrides: { "pantstack:imageTag": "pr-7-abc1234" },
  });
  plans = { shared, test, prod, preview };
  world = {
    region: REGION,
    account: ACCOUNT,
    resources: [shared, test, prod, preview].flatMap((p) => p.resources),
  };
  const role = (name: keyof typeof roles): Principal => ({
    arn: String(find(shared, "aws:iam/role:Role", name).outputs.arn),
    identity: [doc(find(shared, "aws:iam/rolePolicy:RolePolicy", `${name}-permissions`).inputs.policy)],
  });
  roles = {
    "image-push": role("image-push"),
    "deploy-test": role("deploy-test"),
    "deploy-prod": role("deploy-prod"),
    preview: role("preview"),
  };
  const boundary = (env: string) =>
    doc(find(shared, "aws:iam/policy:Policy", `${env}-boundary`).inputs.policy);
  boundaries = { test: boundary("test"), prod: boundary("prod"), preview: boundary("preview") };
  repositoryPolicies = {
    release: doc(find(shared, "aws:ecr/repositoryPolicy:RepositoryPolicy", "images-policy").inputs.policy),
    preview: doc(
      find(shared, "aws:ecr/repositoryPolicy:RepositoryPolicy", "preview-images-policy").inputs.policy,
    ),
  };
});

after(() => {
  process.stderr.write(
    `      IAM evaluation table: ${tally.rows} rows, ${tally.allowed} allowed, ${tally.denied} denied\n`,
  );
});

describe("CI roles, evaluated (iam-simulate over the planned shared stack)", () => {
  it("deploy-test can make every call of a deploy, redeploy, refresh and destroy of test", async () => {
    await all(calls(plans.test).map((c) => expectDecision("deploy-test", c, "Allowed")));
  });

  it("deploy-prod can make every call of a deploy, redeploy, refresh and destroy of prod", async () => {
    await all(calls(plans.prod).map((c) => expectDecision("deploy-prod", c, "Allowed")));
  });

  it("the preview role can deploy, redeploy with a changed tag, refresh and destroy a preview", async () => {
    const previewCalls = calls(plans.preview);
    assert.ok(previewCalls.some((c) => c.phase === "update" && c.action === "ecs:TagResource"));
    assert.ok(previewCalls.some((c) => c.phase === "delete" && c.action === "ecs:DeleteService"));
    await all(previewCalls.map((c) => expectDecision("preview", c, "Allowed")));
  });

  // DeregisterTaskDefinition has no resource-level permission in AWS: it is the one call every deploy role
  // can make on every family. Reads of "*" are not changes.
  const changes = (plan: StackPlan) =>
    calls(plan).filter((c) => c.phase !== "read" && c.resource !== "*" && !c.action.includes(":Describe"));

  it("deploy-test can change nothing of prod, and deploy-prod nothing of test or a preview", async () => {
    await all([
      ...changes(plans.prod).map((c) => expectDecision("deploy-test", c, "Denied")),
      ...changes(plans.test).map((c) => expectDecision("deploy-prod", c, "Denied")),
      ...changes(plans.preview).map((c) => expectDecision("deploy-prod", c, "Denied")),
    ]);
  });

  it("the preview role can change nothing of test, prod or shared", async () => {
    await all([
      ...changes(plans.test).map((c) => expectDecision("preview", c, "Denied")),
      ...changes(plans.prod).map((c) => expectDecision("preview", c, "Denied")),
      ...changes(plans.shared).map((c) => expectDecision("preview", c, "Denied")),
    ]);
  });

  it("no deploy role can change shared: CI roles, boundaries, repositories", async () => {
    await all(
      ["deploy-test", "deploy-prod", "image-push"].flatMap((role) =>
        changes(plans.shared).map((c) => expectDecision(role as keyof typeof roles, c, "Denied")),
      ),
    );
  });

  it("every action, condition key and ARN in every planned document exists in AWS's IAM data", async () => {
    const documents = plans.shared.resources.flatMap((r): [string, PolicyDocument][] => {
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

  it("grants ELB tagging of target groups and rules only on preview resources or when they are created", () => {
    // AWS's IAM data lists these calls on the Classic type only, so they are checked by their statements.
    const policy = roles.preview.identity[0];
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
        boundary: boundaries.test,
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
        ["sts:AssumeRole", String(roles["deploy-prod"].arn), "ExplicitlyDenied"],
        [
          "ecs:UpdateService",
          `arn:aws:ecs:${REGION}:${ACCOUNT}:service/pantstack-prod/api`,
          "ImplicitlyDenied",
        ],
        ["s3:GetObject", "arn:aws:s3:::any-bucket/key", "ImplicitlyDenied"],
      ];
      const failures: string[] = [];
      for (const [action, resource, expected] of rows) {
        const decision = await evaluate(admin, { action, resource });
        tally.rows++;
        if (decision === "Allowed") tally.allowed++;
        else tally.denied++;
        if ((decision === "Allowed") !== (expected === "Allowed"))
          failures.push(`${action} on ${resource}: ${decision}`);
      }
      assert.deepEqual(failures, []);
    });

    it("the preview boundary allows only the preview repository and preview logs", async () => {
      const task: Principal = {
        arn: `arn:aws:iam::${ACCOUNT}:role/pantstack/preview/task`,
        identity: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }],
        boundary: boundaries.preview,
      };
      assert.equal(
        await evaluate(task, {
          action: "ecr:BatchGetImage",
          resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/pantstack-preview`,
        }),
        "Allowed",
      );
      assert.equal(
        await evaluate(task, {
          action: "ecr:BatchGetImage",
          resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/pantstack`,
        }),
        "ImplicitlyDenied",
      );
      assert.equal(
        await evaluate(task, {
          action: "logs:PutLogEvents",
          resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/pantstack/test/api:log-stream:x`,
        }),
        "ImplicitlyDenied",
      );
      tally.rows += 3;
      tally.allowed += 1;
      tally.denied += 2;
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
          rows.push(expectDecision(role, { action, resource: roles[role].arn, context: {} }, "Denied"));
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
              resource: String(roles["deploy-prod"].arn),
              context: { "iam:PassedToService": "ecs-tasks.amazonaws.com" },
            },
            "Denied",
          ),
        );
      }
      const prodTask = plans.prod.resources.find(
        (r) => r.type === "aws:iam/role:Role" && r.name === "api-task",
      ) as RecordedResource;
      const testTask = plans.test.resources.find(
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
          repositoryPolicies.preview,
        ),
        expectDecision(
          "preview",
          { action, resource: repo("pantstack"), context: {} },
          "Denied",
          repositoryPolicies.release,
        ),
        expectDecision(
          "image-push",
          { action, resource: repo("pantstack"), context: {} },
          "Allowed",
          repositoryPolicies.release,
        ),
        expectDecision(
          "image-push",
          { action, resource: repo("pantstack-preview"), context: {} },
          "Denied",
          repositoryPolicies.preview,
        ),
        ...(["deploy-test", "deploy-prod"] as const).flatMap((role) => [
          expectDecision(
            role,
            { action, resource: repo("pantstack"), context: {} },
            "Denied",
            repositoryPolicies.release,
          ),
          expectDecision(
            role,
            { action, resource: repo("pantstack-preview"), context: {} },
            "Denied",
            repositoryPolicies.preview,
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
            context: resourceTags(tagsOf(find(plans.shared, "aws:ecr/repository:Repository", "images"))),
          },
          "Allowed",
        ),
      ]);
    });

    it("execution roles pull only from the repository their environment runs", async () => {
      const execution = (plan: StackPlan, role: string) => ({
        arn: String(find(plan, "aws:iam/role:Role", role).outputs.arn),
        identity: [doc(find(plan, "aws:iam/rolePolicy:RolePolicy", role).inputs.policy)],
        boundary:
          boundaries[plan.stack === "prod" ? "prod" : role.startsWith("preview") ? "preview" : "test"],
      });
      const pull = (p: Principal, name: string) =>
        evaluate(p, { action: "ecr:BatchGetImage", resource: repo(name) });
      const prod = execution(plans.prod, "api-execution");
      const previews = execution(plans.test, "preview-execution");
      assert.equal(await pull(prod, "pantstack"), "Allowed");
      assert.equal(await pull(prod, "pantstack-preview"), "ImplicitlyDenied");
      assert.equal(await pull(previews, "pantstack-preview"), "Allowed");
      assert.equal(await pull(previews, "pantstack"), "ImplicitlyDenied");
      tally.rows += 4;
      tally.allowed += 2;
      tally.denied += 2;
    });
  });

  describe("clusters, DNS and log groups of other environments", () => {
    const zoneId = () => String(plans.test.outputs.hostedZoneId);
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
              role as keyof typeof roles,
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
        ...listeners(plans.test).map((l) => expectDecision("preview", createRule(l), "Allowed")),
        ...listeners(plans.prod).map((l) => expectDecision("preview", createRule(l), "Denied")),
      ]);
    });
  });
});
