import assert from "node:assert/strict";
import type { Policy } from "@pulumi/policy";
import type { RecordedResource } from "../../engine/recording-monitor";
import { checkPolicies, type PolicyConfig } from "../../plan/policy-check";
import { PACK_NAME, pantstackPolicies } from "../../policies/policies";
import { inEnvironment, PREVIEW_STACK, stackOf } from "../../policies/support/scope";
import { resource, tagsFor } from "./fixtures";

// Cases the mutation run (npm run test:mutation) showed unpinned: each asserts the exact finding, or its
// absence, at a boundary of a policy's logic.

const only = (name: string): Policy => {
  const found = pantstackPolicies.find((p) => p.name === name);
  if (!found) throw new Error(`no policy ${name}`);
  return found;
};
const findings = async (name: string, resources: RecordedResource[], config?: PolicyConfig) =>
  (await checkPolicies(resources, { policies: [only(name)], config })).map((v) => v.message);
const one = (type: string, inputs: Record<string, unknown>, stack = "test", name?: string) =>
  resource(type, { ...inputs, tags: tagsFor(stack) }, { stack, name });

describe("policy boundaries", () => {
  it("the pack is named pantstack", () => {
    assert.equal(PACK_NAME, "pantstack");
  });

  it("load balancer policies cover the aws:alb aliases too", async () => {
    for (const type of ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"]) {
      assert.deepEqual(await findings("alb-drop-invalid-headers", [one(type, {})]), [
        "dropInvalidHeaderFields must be true",
      ]);
      assert.deepEqual(await findings("alb-deletion-protection-prod", [one(type, {}, "prod")]), [
        "a prod load balancer needs enableDeletionProtection: true",
      ]);
    }
    for (const type of ["aws:lb/listener:Listener", "aws:alb/listener:Listener"]) {
      assert.deepEqual(
        await findings("alb-https-tls-policy", [one(type, { protocol: "HTTPS", port: 443 })]),
        [
          `HTTPS listener uses TLS policy (the ALB default); allowed: ${[
            "ELBSecurityPolicy-TLS13-1-2-2021-06",
            "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
            "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
            "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
            "ELBSecurityPolicy-TLS13-1-3-2021-06",
            "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
            "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
          ].join(", ")}`,
        ],
      );
      assert.deepEqual(
        await findings("alb-http-redirect-only", [one(type, { protocol: "HTTP", port: 80 })]),
        ["HTTP listener on port 80 must only redirect to HTTPS"],
      );
    }
  });

  it("alb-drop-invalid-headers does not apply to network load balancers", async () => {
    const nlb = one("aws:lb/loadBalancer:LoadBalancer", { loadBalancerType: "network" });
    assert.deepEqual(await findings("alb-drop-invalid-headers", [nlb]), []);
  });

  it("alb-https-tls-policy leaves HTTP listeners to the redirect policy", async () => {
    const http = one("aws:lb/listener:Listener", { protocol: "HTTP", port: 80, sslPolicy: "old" });
    assert.deepEqual(await findings("alb-https-tls-policy", [http]), []);
  });

  it("alb-http-redirect-only accepts only redirects to HTTPS, all of them", async () => {
    const listener = (defaultActions: unknown[]) =>
      one("aws:lb/listener:Listener", { protocol: "HTTP", port: 80, defaultActions });
    const toHttps = { type: "redirect", redirect: { protocol: "HTTPS" } };
    assert.deepEqual(await findings("alb-http-redirect-only", [listener([toHttps])]), []);
    for (const actions of [
      [],
      [{ type: "redirect", redirect: { protocol: "HTTP" } }],
      [{ type: "redirect" }],
      [{ type: "forward", redirect: { protocol: "HTTPS" } }],
      [toHttps, { type: "forward" }],
    ]) {
      assert.equal(
        (await findings("alb-http-redirect-only", [listener(actions)])).length,
        1,
        JSON.stringify(actions),
      );
    }
    const https = one("aws:lb/listener:Listener", { protocol: "HTTPS", port: 443 });
    assert.deepEqual(await findings("alb-http-redirect-only", [https]), []);
  });

  it("ecr policies report a repository declared without the settings", async () => {
    const bare = one("aws:ecr/repository:Repository", {});
    assert.deepEqual(await findings("ecr-immutable-tags", [bare]), [
      "imageTagMutability is MUTABLE (default); set IMMUTABLE so a tag cannot be moved",
    ]);
    assert.deepEqual(await findings("ecr-scan-on-push", [bare]), [
      "imageScanningConfiguration.scanOnPush must be true",
    ]);
  });

  it("ecs-circuit-breaker reports a missing breaker, and rollback only when required", async () => {
    const service = (breaker?: object) =>
      one("aws:ecs/service:Service", breaker ? { deploymentCircuitBreaker: breaker } : {});
    assert.deepEqual(await findings("ecs-circuit-breaker", [service()]), [
      "deploymentCircuitBreaker.enable must be true",
    ]);
    assert.deepEqual(await findings("ecs-circuit-breaker", [service({ enable: true })]), [
      "deploymentCircuitBreaker.rollback must be true",
    ]);
    assert.deepEqual(
      await findings("ecs-circuit-breaker", [service({ enable: true })], {
        "ecs-circuit-breaker": { requireRollback: false },
      }),
      [],
    );
  });

  it("container policies report a list holding something other than containers", async () => {
    const task = one("aws:ecs/taskDefinition:TaskDefinition", {
      containerDefinitions: JSON.stringify([{ name: "app", readonlyRootFilesystem: true }, 1]),
    });
    assert.deepEqual(await findings("ecs-no-privileged-containers", [task]), [
      "containerDefinitions is not a JSON list of containers, so it cannot be checked",
    ]);
    const listed = one("aws:ecs/taskDefinition:TaskDefinition", {
      containerDefinitions: [{ name: "app", privileged: true }],
    });
    assert.deepEqual(await findings("ecs-no-privileged-containers", [listed]), [
      'container "app" is privileged',
    ]);
  });

  describe("iam-github-oidc-trust", () => {
    const GITHUB = "token.actions.githubusercontent.com";
    const role = (statement: object | object[]) =>
      one("aws:iam/role:Role", { assumeRolePolicy: JSON.stringify({ Statement: statement }) });
    const trust = (condition: object, extra: object = {}) => ({
      Effect: "Allow",
      Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${GITHUB}` },
      Condition: condition,
      ...extra,
    });
    const AUD = { [`${GITHUB}:aud`]: "sts.amazonaws.com" };
    const sub = (subject: string | string[]) => ({ StringEquals: { ...AUD, [`${GITHUB}:sub`]: subject } });

    it("reads a single statement, and skips statements that do not trust GitHub", async () => {
      assert.equal((await findings("iam-github-oidc-trust", [role(trust({}))])).length, 2);
      const others = [
        trust({}, { Effect: "Deny" }),
        trust({}, { Principal: { Federated: "arn:aws:iam::1:saml-provider/x" } }),
        trust({}, { Principal: "*" }),
        trust({}, { Principal: { Service: "ecs-tasks.amazonaws.com" } }),
      ];
      assert.deepEqual(await findings("iam-github-oidc-trust", [role(others)]), []);
    });

    it("pins aud to exactly sts.amazonaws.com", async () => {
      const both = {
        StringEquals: { [`${GITHUB}:aud`]: ["sts.amazonaws.com", "other"], [`${GITHUB}:sub`]: "repo:a/b:x" },
      };
      assert.deepEqual(await findings("iam-github-oidc-trust", [role(trust(both))]), [
        `GitHub trust must pin ${GITHUB}:aud to sts.amazonaws.com with StringEquals`,
      ]);
      assert.deepEqual(await findings("iam-github-oidc-trust", [role(trust(sub("repo:a/b:x")))]), []);
    });

    it("accepts only whole subjects scoped to one repository", async () => {
      for (const subject of [
        "xrepo:acme/api:main",
        "repo:acme/api:main extra",
        "repo:acme/api:",
        "repo:acme:main",
      ]) {
        assert.deepEqual(
          await findings("iam-github-oidc-trust", [role(trust(sub(subject)))]),
          [
            `GitHub trust subject "${subject}" is not scoped to one repository (expected repo:<owner>/<repo>:...)`,
          ],
          subject,
        );
      }
    });

    it("checks each subject against the allowed repositories", async () => {
      const config = { "iam-github-oidc-trust": { allowedRepositories: ["acme/api"] } };
      const subjects = sub(["repo:acme/api:ref:refs/heads/main", "repo:acme/web:ref:refs/heads/main"]);
      assert.deepEqual(await findings("iam-github-oidc-trust", [role(trust(subjects))], config), [
        'GitHub trust subject "repo:acme/web:ref:refs/heads/main" names a repository outside acme/api',
      ]);
    });
  });

  it("iam-no-admin-statements covers every policy type, * and *:* actions, in lists and single statements", async () => {
    const statement = (Action: unknown) =>
      JSON.stringify({ Statement: { Effect: "Allow", Action, Resource: "*" } });
    const message = 'a statement allows "*" actions on "*": grant the actions and resources the job needs';
    for (const type of [
      "aws:iam/rolePolicy:RolePolicy",
      "aws:iam/policy:Policy",
      "aws:iam/userPolicy:UserPolicy",
      "aws:iam/groupPolicy:GroupPolicy",
    ]) {
      assert.deepEqual(
        await findings("iam-no-admin-statements", [one(type, { policy: statement("*") })]),
        [message],
        type,
      );
    }
    const policy = (Action: unknown) => one("aws:iam/policy:Policy", { policy: statement(Action) });
    assert.deepEqual(await findings("iam-no-admin-statements", [policy("*:*")]), [message]);
    assert.deepEqual(await findings("iam-no-admin-statements", [policy(["s3:GetObject", "*"])]), [message]);
    assert.deepEqual(await findings("iam-no-admin-statements", [policy(["s3:GetObject", "s3:*"])]), []);
  });

  it("iam-no-users-or-access-keys names each credential type", async () => {
    for (const type of [
      "aws:iam/user:User",
      "aws:iam/accessKey:AccessKey",
      "aws:iam/userLoginProfile:UserLoginProfile",
    ]) {
      assert.deepEqual(await findings("iam-no-users-or-access-keys", [one(type, {})]), [
        `${type} creates long-lived credentials; use a role assumed through SSO or GitHub OIDC`,
      ]);
    }
  });

  it("logs-retention accepts exactly the prod minimum", async () => {
    const group = (retentionInDays: number) =>
      one("aws:cloudwatch/logGroup:LogGroup", { retentionInDays }, "prod");
    assert.deepEqual(await findings("logs-retention", [group(30)]), []);
    assert.deepEqual(await findings("logs-retention", [group(29)]), [
      "prod keeps logs for at least 30 days; this group keeps them 29",
    ]);
  });

  it("preview-log-retention accepts exactly the maximum and reports logs that never expire", async () => {
    const group = (inputs: Record<string, unknown>) =>
      one("aws:cloudwatch/logGroup:LogGroup", inputs, "preview-pr-2");
    assert.deepEqual(await findings("preview-log-retention", [group({ retentionInDays: 7 })]), []);
    assert.deepEqual(await findings("preview-log-retention", [group({ retentionInDays: 8 })]), [
      "preview log retention 8 days; at most 7 days allowed",
    ]);
    assert.deepEqual(await findings("preview-log-retention", [group({})]), [
      "preview log retention never expires; at most 7 days allowed",
    ]);
  });

  it("preview-desired-count counts a missing desiredCount as one task", async () => {
    const service = one("aws:ecs/service:Service", {}, "preview-pr-2");
    assert.deepEqual(await findings("preview-desired-count", [service]), []);
    assert.deepEqual(
      await findings("preview-desired-count", [service], { "preview-desired-count": { maxTasks: 0 } }),
      ["preview desiredCount undefined exceeds the preview limit of 0"],
    );
  });

  it("preview limits do not apply outside previews", async () => {
    const task = one("aws:ecs/taskDefinition:TaskDefinition", { cpu: "4096", memory: "30720" }, "prod");
    assert.deepEqual(await findings("preview-task-memory", [task]), []);
    assert.deepEqual(await findings("preview-task-cpu", [task]), []);
  });

  it("preview-no-shared-infrastructure forbids every shared type in a preview, and nothing elsewhere", async () => {
    const types = [
      "aws:lb/loadBalancer:LoadBalancer",
      "aws:alb/loadBalancer:LoadBalancer",
      "aws:ec2/natGateway:NatGateway",
      "aws:ec2/eip:Eip",
      "aws:ec2/vpc:Vpc",
      "aws:ec2/subnet:Subnet",
      "aws:ecs/cluster:Cluster",
      "aws:ecr/repository:Repository",
      "aws:acm/certificate:Certificate",
      "aws:iam/role:Role",
      "aws:iam/user:User",
    ];
    const inPreview = types.map((type, i) => one(type, {}, "preview-pr-2", `r${i}`));
    assert.deepEqual(
      await findings("preview-no-shared-infrastructure", inPreview),
      types.map((type, i) => `a preview may not create ${type} ("r${i}"): it belongs to the shared platform`),
    );
    const inTest = types.map((type, i) => one(type, {}, "test", `r${i}`));
    assert.deepEqual(await findings("preview-no-shared-infrastructure", inTest), []);
  });

  it("required-tags refuses empty values, reads tagsAll, and applies to AWS types only", async () => {
    const tags = { ...tagsFor("test"), "pantstack:stack": "" };
    const empty = resource("aws:ecs/cluster:Cluster", { tags });
    assert.deepEqual(await findings("required-tags", [empty]), ["missing tags: pantstack:stack"]);
    const viaAll = resource("aws:ecs/cluster:Cluster", { tagsAll: tagsFor("test") });
    assert.deepEqual(await findings("required-tags", [viaAll]), []);
    const newType = resource("aws:new/thing:Thing", { tagsAll: {} });
    assert.equal((await findings("required-tags", [newType])).length, 1);
    const notAws = resource("random:index/randomId:RandomId", { tags: {} });
    assert.deepEqual(await findings("required-tags", [notAws]), []);
  });
});

describe("where a resource lives (policies/support/scope.ts)", () => {
  const args = (urn: string, props: Record<string, unknown> = {}, stackTags = new Map<string, string>()) => ({
    urn,
    props,
    stackTags,
  });

  it("reads the stack from a URN", () => {
    assert.equal(stackOf("urn:pulumi:preview-pr-3::pantstack::aws:ecs/service:Service::api"), "preview-pr-3");
  });

  it("names preview stacks preview-pr-<N> exactly", () => {
    for (const name of ["preview-pr-3", "preview-pr-12345"]) assert.ok(PREVIEW_STACK.test(name), name);
    for (const name of ["preview-pr-", "xpreview-pr-3", "preview-pr-3x", "preview-pr-3-4"]) {
      assert.ok(!PREVIEW_STACK.test(name), name);
    }
  });

  it("finds prod by stack name, stack tag or resource tag, and nothing else", () => {
    assert.ok(inEnvironment(args("urn:pulumi:prod::p::t::n"), "prod"));
    assert.ok(!inEnvironment(args("urn:pulumi:production::p::t::n"), "prod"));
    assert.ok(!inEnvironment(args("urn:pulumi:preview-pr-1::p::t::n"), "prod"));
    assert.ok(!inEnvironment(args("urn:pulumi:prod::p::t::n"), "preview"));
    assert.ok(
      inEnvironment(args("urn:pulumi:x::p::t::n", {}, new Map([["pantstack:environment", "prod"]])), "prod"),
    );
    assert.ok(
      inEnvironment(args("urn:pulumi:x::p::t::n", { tags: { "pantstack:environment": "prod" } }), "prod"),
    );
    assert.ok(
      inEnvironment(args("urn:pulumi:x::p::t::n", { tagsAll: { "pantstack:environment": "prod" } }), "prod"),
    );
    assert.ok(!inEnvironment(args("urn:pulumi:x::p::t::n", { tags: "pantstack:environment=prod" }), "prod"));
  });
});

describe("sg-no-public-ingress boundaries", () => {
  const SG = "aws:ec2/securityGroup:SecurityGroup";
  const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
  const RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
  const urnOf = (name: string) => `urn:pulumi:test::pantstack::${SG}::${name}`;
  const group = (name: string) => resource(SG, {}, { name });
  const lb = (
    name: string,
    inputs: Record<string, unknown> = {},
    groups: string[] = [],
    type = "aws:lb/loadBalancer:LoadBalancer",
  ) => resource(type, inputs, { name, propertyDependencies: { securityGroups: groups.map(urnOf) } });
  const rule = (name: string, inputs: Record<string, unknown>, onGroup?: string, type = INGRESS) =>
    resource(type, inputs, {
      name,
      propertyDependencies: onGroup ? { securityGroupId: [urnOf(onGroup)] } : {},
    });
  const world443 = { cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 443, toPort: 443 };
  const open = (name: string, ports: string) =>
    `"${name}" opens ${ports} to the internet; only a load balancer may, on 80/443`;

  it("admits 443 on a group a load balancer uses, found by dependency on any load balancer, or by ID", async () => {
    const byDependency = [group("alb"), lb("other"), lb("edge", {}, ["alb"]), rule("https", world443, "alb")];
    assert.deepEqual(await findings("sg-no-public-ingress", byDependency), []);
    const alias = [
      group("alb"),
      lb("edge", {}, ["alb"], "aws:alb/loadBalancer:LoadBalancer"),
      rule("https", world443, "alb"),
    ];
    assert.deepEqual(await findings("sg-no-public-ingress", alias), []);
    const byId = [
      lb("edge", { securityGroups: ["sg-1"] }),
      rule("https", { ...world443, securityGroupId: "sg-1" }),
    ];
    assert.deepEqual(await findings("sg-no-public-ingress", byId), []);
    const otherId = [
      lb("edge", { securityGroups: ["sg-2"] }),
      rule("https", { ...world443, securityGroupId: "sg-1" }),
    ];
    assert.deepEqual(await findings("sg-no-public-ingress", otherId), [open("https", "port 443")]);
  });

  it("reports a port range even on a load balancer's group, and every port for protocol -1 or no ports", async () => {
    const stack = [
      group("alb"),
      lb("edge", {}, ["alb"]),
      rule("range", { ...world443, fromPort: 80 }, "alb"),
      rule("numeric", { ...world443, ipProtocol: -1 }, "alb"),
      rule("half", { cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", toPort: 443 }, "alb"),
    ];
    assert.deepEqual(await findings("sg-no-public-ingress", stack), [
      open("range", "ports 80-443"),
      open("numeric", "ports 0-65535"),
      open("half", "ports 0-65535"),
    ]);
  });

  it("reads ingress, not egress, of SecurityGroupRule, and any world CIDR in a list", async () => {
    const egress = rule(
      "out",
      { type: "egress", cidrBlocks: ["0.0.0.0/0"], protocol: "-1", fromPort: 0, toPort: 0 },
      undefined,
      RULE,
    );
    const ingress = rule(
      "ssh",
      { type: "ingress", cidrBlocks: ["10.0.0.0/8", "0.0.0.0/0"], protocol: "tcp", fromPort: 22, toPort: 22 },
      undefined,
      RULE,
    );
    assert.deepEqual(await findings("sg-no-public-ingress", [egress, ingress]), [open("ssh", "port 22")]);
  });

  it("reads inline ingress: private ranges pass, IPv6 ::/0 does not", async () => {
    const inline = resource(
      SG,
      {
        ingress: [
          { cidrBlocks: ["10.0.0.0/16"], protocol: "tcp", fromPort: 5432, toPort: 5432 },
          { ipv6CidrBlocks: ["::/0"], protocol: "tcp", fromPort: 8080, toPort: 8080 },
        ],
      },
      { name: "db" },
    );
    assert.deepEqual(await findings("sg-no-public-ingress", [inline]), [open("db", "port 8080")]);
  });

  it("takes publicPorts from the config", async () => {
    const stack = [group("alb"), lb("edge", {}, ["alb"]), rule("https", world443, "alb")];
    assert.deepEqual(
      await findings("sg-no-public-ingress", stack, { "sg-no-public-ingress": { publicPorts: [80] } }),
      ['"https" opens port 443 to the internet; only a load balancer may, on 80'],
    );
  });
});
