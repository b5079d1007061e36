import assert from "node:assert/strict";
import type { RecordedResource } from "../../engine/recording-monitor";
import type { StackPlan } from "../../plan/plan";
import type { Principal } from "../support/iam-evaluation";
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
 * Which repositories, clusters, task families, DNS names and log groups each CI role reaches, evaluated by
 * iam-simulate over the documents the `shared` stack plans (with the repository policies it plans).
 */

const ZONE = "arn:aws:route53:::hostedzone";

describe("CI roles: repositories, clusters, DNS and log groups, evaluated (iam-simulate)", () => {
  let p: Planned;
  const table = new EvaluationTable(() => p);
  before(async () => {
    p = await loadPlanned();
  });
  after(() => table.checked("scope table"));
  const expectDecision = table.expect.bind(table);
  const all = table.all.bind(table);
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
        // A second web service of the catalog (hostLabel app) answers at test-app.<domain> in test.
        expectDecision("deploy-test", dns(["test-app.pantstack.dev"]), "Allowed"),
        expectDecision("deploy-prod", dns(["test-app.pantstack.dev"]), "Denied"),
        expectDecision("preview", dns(["test-app.pantstack.dev"]), "Denied"),
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
