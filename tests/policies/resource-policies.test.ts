import assert from "node:assert/strict";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { checkPolicies, type PolicyConfig } from "../../plan/policy-check";
import { pantstackPolicies } from "../../policies/policies";
import { COMPLIANT, resource, tagsFor } from "./fixtures";

const policy = (name: string) => {
  const found = pantstackPolicies.find((p) => p.name === name);
  if (!found) throw new Error(`no policy ${name}`);
  return found as ResourceValidationPolicy;
};

/** The violations one policy reports on one resource built from the compliant fixture plus `change`. */
async function check(
  name: string,
  fixture: string,
  change: Record<string, unknown>,
  stack = "test",
  config?: PolicyConfig,
) {
  const type = fixture.split("#")[0];
  const inputs = { ...COMPLIANT[fixture], ...change, tags: tagsFor(stack) };
  const violations = await checkPolicies([resource(type, inputs, { stack })], {
    policies: [policy(name)],
    config,
  });
  return violations.map((v) => v.message);
}

interface Case {
  policy: string;
  fixture: string;
  stack?: string;
  /** A change that makes the fixture compliant in this stack, where the shared one is not. */
  compliant?: Record<string, unknown>;
  /** A change that breaks exactly this policy. */
  violating: Record<string, unknown>;
  message: RegExp;
}

const admin = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
});
const trust = (condition: Record<string, unknown>) =>
  JSON.stringify({
    Statement: [
      {
        Effect: "Allow",
        Principal: {
          Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
        },
        Condition: condition,
      },
    ],
  });
const AUD = { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" };

const CASES: Case[] = [
  {
    policy: "preview-task-cpu",
    fixture: "aws:ecs/taskDefinition:TaskDefinition",
    stack: "preview-pr-7",
    violating: { cpu: "1024" },
    message: /cpu 1024 exceeds the preview limit of 256/,
  },
  {
    policy: "preview-task-memory",
    fixture: "aws:ecs/taskDefinition:TaskDefinition",
    stack: "preview-pr-7",
    violating: { memory: "1024" },
    message: /memory 1024 MiB exceeds the preview limit of 512/,
  },
  {
    policy: "preview-desired-count",
    fixture: "aws:ecs/service:Service",
    stack: "preview-pr-7",
    violating: { desiredCount: 2 },
    message: /desiredCount 2 exceeds/,
  },
  {
    policy: "preview-autoscaling-max",
    fixture: "aws:appautoscaling/target:Target",
    stack: "preview-pr-7",
    violating: { maxCapacity: 3 },
    message: /maxCapacity 3 exceeds/,
  },
  {
    policy: "preview-log-retention",
    fixture: "aws:cloudwatch/logGroup:LogGroup",
    stack: "preview-pr-7",
    violating: { retentionInDays: 14 },
    message: /14 days; at most 7/,
  },
  {
    policy: "ecr-immutable-tags",
    fixture: "aws:ecr/repository:Repository",
    violating: { imageTagMutability: "MUTABLE" },
    message: /IMMUTABLE/,
  },
  {
    policy: "ecr-scan-on-push",
    fixture: "aws:ecr/repository:Repository",
    violating: { imageScanningConfiguration: { scanOnPush: false } },
    message: /scanOnPush/,
  },
  {
    policy: "iam-github-oidc-trust",
    fixture: "aws:iam/role:Role",
    violating: {
      assumeRolePolicy: trust({
        StringEquals: AUD,
        StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/*" },
      }),
    },
    message: /"repo:acme\/\*" is not scoped to one repository/,
  },
  {
    policy: "iam-github-oidc-trust",
    fixture: "aws:iam/role:Role",
    violating: {
      assumeRolePolicy: trust({
        StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/api:*" },
      }),
    },
    message: /must pin .*aud/,
  },
  {
    policy: "iam-github-oidc-trust",
    fixture: "aws:iam/role:Role",
    violating: { assumeRolePolicy: trust({ StringEquals: AUD }) },
    message: /no .*:sub condition/,
  },
  {
    policy: "iam-github-oidc-trust",
    fixture: "aws:iam/role:Role",
    violating: {
      assumeRolePolicy: trust({
        StringEquals: AUD,
        StringLike: { "token.actions.githubusercontent.com:sub": "*" },
      }),
    },
    message: /"\*" is not scoped/,
  },
  {
    policy: "iam-no-admin-statements",
    fixture: "aws:iam/rolePolicy:RolePolicy",
    violating: { policy: admin },
    message: /allows "\*" actions on "\*"/,
  },
  {
    policy: "iam-no-admin-statements",
    fixture: "aws:iam/role:Role",
    violating: { inlinePolicies: [{ name: "x", policy: admin }] },
    message: /allows "\*"/,
  },
  {
    policy: "alb-https-tls-policy",
    fixture: "aws:lb/listener:Listener",
    violating: { sslPolicy: "ELBSecurityPolicy-2016-08" },
    message: /uses TLS policy ELBSecurityPolicy-2016-08/,
  },
  {
    policy: "alb-http-redirect-only",
    fixture: "aws:lb/listener:Listener#http",
    violating: { defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }] },
    message: /must only redirect to HTTPS/,
  },
  {
    policy: "alb-drop-invalid-headers",
    fixture: "aws:lb/loadBalancer:LoadBalancer",
    violating: { dropInvalidHeaderFields: false },
    message: /dropInvalidHeaderFields/,
  },
  {
    policy: "alb-deletion-protection-prod",
    fixture: "aws:lb/loadBalancer:LoadBalancer",
    stack: "prod",
    violating: { enableDeletionProtection: false },
    message: /enableDeletionProtection/,
  },
  {
    policy: "ecs-no-privileged-containers",
    fixture: "aws:ecs/taskDefinition:TaskDefinition",
    violating: {
      containerDefinitions: JSON.stringify([{ name: "app", privileged: true, readonlyRootFilesystem: true }]),
    },
    message: /"app" is privileged/,
  },
  {
    policy: "ecs-read-only-root-filesystem",
    fixture: "aws:ecs/taskDefinition:TaskDefinition",
    violating: { containerDefinitions: JSON.stringify([{ name: "app" }]) },
    message: /"app" needs readonlyRootFilesystem/,
  },
  {
    policy: "ecs-circuit-breaker",
    fixture: "aws:ecs/service:Service",
    violating: { deploymentCircuitBreaker: { enable: false, rollback: false } },
    message: /enable must be true/,
  },
  {
    policy: "ecs-circuit-breaker",
    fixture: "aws:ecs/service:Service",
    violating: { deploymentCircuitBreaker: { enable: true, rollback: false } },
    message: /rollback must be true/,
  },
  {
    policy: "logs-retention",
    fixture: "aws:cloudwatch/logGroup:LogGroup",
    violating: { retentionInDays: undefined },
    message: /never expire/,
  },
  {
    policy: "logs-retention",
    fixture: "aws:cloudwatch/logGroup:LogGroup",
    stack: "prod",
    compliant: { retentionInDays: 90 },
    violating: { retentionInDays: 14 },
    message: /at least 30 days; this group keeps them 14/,
  },
];

describe("resource policies", () => {
  for (const c of CASES) {
    it(`${c.policy}: passes the compliant ${c.fixture} and reports ${c.message}`, async () => {
      assert.deepEqual(await check(c.policy, c.fixture, c.compliant ?? {}, c.stack), []);
      const messages = await check(c.policy, c.fixture, c.violating, c.stack);
      assert.equal(messages.length, 1, messages.join("\n"));
      assert.match(messages[0], c.message);
    });
  }

  it("iam-no-users-or-access-keys reports every IAM user and access key", async () => {
    const violations = await checkPolicies(
      [
        resource("aws:iam/user:User", { name: "ci" }),
        resource("aws:iam/accessKey:AccessKey", { user: "ci" }),
      ],
      { policies: [policy("iam-no-users-or-access-keys")] },
    );
    assert.deepEqual(
      violations.map((v) => v.urn.split("::")[2]),
      ["aws:iam/user:User", "aws:iam/accessKey:AccessKey"],
    );
  });

  it("required-tags reports missing pantstack tags, and the PR tags in previews", async () => {
    const rule = [policy("required-tags")];
    const bare = resource("aws:ecr/repository:Repository", { tags: { "pantstack:environment": "test" } });
    const [missing] = await checkPolicies([bare], { policies: rule });
    assert.equal(missing.message, "missing tags: pantstack:stack, pantstack:managed-by");
    const preview = resource(
      "aws:ecs/service:Service",
      { tags: { ...tagsFor("test"), "pantstack:environment": "preview" } },
      { stack: "preview-pr-3" },
    );
    const [previewMissing] = await checkPolicies([preview], { policies: rule });
    assert.equal(previewMissing.message, "missing tags: pantstack:pr, pantstack:expires-at");
    const untaggable = resource("aws:route53/record:Record", { name: "x" });
    assert.deepEqual(await checkPolicies([untaggable], { policies: rule }), []);
  });

  it("preview limits apply to preview stacks only: by stack name, stack tag or resource tag", async () => {
    const big = { ...COMPLIANT["aws:ecs/taskDefinition:TaskDefinition"], cpu: "4096" };
    const rule = { policies: [policy("preview-task-cpu")] };
    assert.deepEqual(
      await checkPolicies([resource("aws:ecs/taskDefinition:TaskDefinition", big, { stack: "prod" })], rule),
      [],
    );
    const byName = await checkPolicies(
      [resource("aws:ecs/taskDefinition:TaskDefinition", big, { stack: "preview-pr-9" })],
      rule,
    );
    assert.equal(byName.length, 1);
    const byStackTag = await checkPolicies(
      [resource("aws:ecs/taskDefinition:TaskDefinition", big, { stack: "pr9" })],
      {
        ...rule,
        stackTags: new Map([["pantstack:environment", "preview"]]),
      },
    );
    assert.equal(byStackTag.length, 1);
    const byTag = await checkPolicies(
      [
        resource(
          "aws:ecs/taskDefinition:TaskDefinition",
          { ...big, tags: { "pantstack:environment": "preview" } },
          { stack: "pr9" },
        ),
      ],
      rule,
    );
    assert.equal(byTag.length, 1);
  });

  it("honours a configured threshold and level, and defaults config the engine left empty", async () => {
    const task = resource(
      "aws:ecs/taskDefinition:TaskDefinition",
      { ...COMPLIANT["aws:ecs/taskDefinition:TaskDefinition"], cpu: "512" },
      { stack: "preview-pr-1" },
    );
    const rule = [policy("preview-task-cpu")];
    assert.equal((await checkPolicies([task], { policies: rule })).length, 1, "default maxCpu 256");
    assert.deepEqual(
      await checkPolicies([task], { policies: rule, config: { "preview-task-cpu": { maxCpu: 512 } } }),
      [],
    );
    const [advisory] = await checkPolicies([task], {
      policies: rule,
      config: { "preview-task-cpu": "advisory" },
    });
    assert.equal(advisory.level, "advisory");
    assert.deepEqual(
      await checkPolicies([task], { policies: rule, config: { "preview-task-cpu": "disabled" } }),
      [],
    );
  });

  it("alb-https-tls-policy takes its allow-list from config", async () => {
    const messages = await check("alb-https-tls-policy", "aws:lb/listener:Listener", {}, "test", {
      "alb-https-tls-policy": { allowedPolicies: ["ELBSecurityPolicy-TLS13-1-3-2021-06"] },
    });
    assert.equal(messages.length, 1);
  });

  it("iam-github-oidc-trust can restrict trust to listed repositories", async () => {
    const messages = await check("iam-github-oidc-trust", "aws:iam/role:Role", {}, "shared", {
      "iam-github-oidc-trust": { allowedRepositories: ["acme/other"] },
    });
    assert.match(messages[0], /outside acme\/other/);
  });
});
