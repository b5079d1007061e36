import assert from "node:assert/strict";
import type { StackValidationPolicy } from "@pulumi/policy";
import { checkPolicies } from "../../plan/policy-check";
import { pantstackPolicies } from "../../policies/policies";
import { plannedStack, plannedStacks } from "../support/planned";
import { resource } from "./fixtures";

const policy = (name: string) => pantstackPolicies.find((p) => p.name === name) as StackValidationPolicy;
const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

describe("stack policies", () => {
  describe("preview-no-shared-infrastructure", () => {
    const rule = { policies: [policy("preview-no-shared-infrastructure")] };

    it("reports every shared type a preview creates, and nothing in other stacks", async () => {
      const types = [
        "aws:ec2/vpc:Vpc",
        "aws:lb/loadBalancer:LoadBalancer",
        "aws:iam/role:Role",
        "aws:ecs/service:Service",
      ];
      const preview = types.map((t, i) => resource(t, {}, { stack: "preview-pr-5", name: `r${i}` }));
      const violations = await checkPolicies(preview, rule);
      assert.deepEqual(
        violations.map((v) => v.urn.split("::")[2]),
        types.slice(0, 3),
      );
      assert.match(violations[0].message, /a preview may not create aws:ec2\/vpc:Vpc/);
      const test = types.map((t, i) => resource(t, {}, { stack: "test", name: `r${i}` }));
      assert.deepEqual(await checkPolicies(test, rule), []);
    });

    it("takes the forbidden types from config", async () => {
      const queue = [resource("aws:sqs/queue:Queue", {}, { stack: "preview-pr-5" })];
      assert.deepEqual(await checkPolicies(queue, rule), []);
      const configured = await checkPolicies(queue, {
        ...rule,
        config: { "preview-no-shared-infrastructure": { forbiddenTypes: ["aws:sqs/queue:Queue"] } },
      });
      assert.equal(configured.length, 1);
    });
  });

  describe("sg-no-public-ingress", () => {
    const rule = { policies: [policy("sg-no-public-ingress")] };
    const group = (name: string) => resource(SG, {}, { name });
    const open = (name: string, group: string, port: number, extra: Record<string, unknown> = {}) =>
      resource(
        INGRESS,
        { cidrIpv4: "0.0.0.0/0", fromPort: port, toPort: port, ...extra },
        { name, propertyDependencies: { securityGroupId: [`urn:pulumi:test::pantstack::${SG}::${group}`] } },
      );
    const loadBalancer = (group: string) =>
      resource(
        "aws:lb/loadBalancer:LoadBalancer",
        {},
        { propertyDependencies: { securityGroups: [`urn:pulumi:test::pantstack::${SG}::${group}`] } },
      );

    it("allows a load balancer's group to open 80 and 443 to the world", async () => {
      const stack = [group("alb"), loadBalancer("alb"), open("http", "alb", 80), open("https", "alb", 443)];
      assert.deepEqual(await checkPolicies(stack, rule), []);
    });

    it("reports another port on the load balancer's group", async () => {
      const [violation] = await checkPolicies(
        [group("alb"), loadBalancer("alb"), open("ssh", "alb", 22)],
        rule,
      );
      assert.match(violation.message, /"ssh" opens port 22 to the internet/);
    });

    it("reports 443 open to the world on a group no load balancer uses", async () => {
      const violations = await checkPolicies(
        [group("tasks"), group("alb"), loadBalancer("alb"), open("tasks-443", "tasks", 443)],
        rule,
      );
      assert.equal(violations.length, 1);
      assert.match(violations[0].urn, /::tasks-443$/);
    });

    it("reports IPv6 ::/0, port ranges and inline rules", async () => {
      const ipv6 = resource(INGRESS, { cidrIpv6: "::/0", fromPort: 8000, toPort: 8000 }, { name: "v6" });
      const range = resource(INGRESS, { cidrIpv4: "0.0.0.0/0", fromPort: 0, toPort: 65535 }, { name: "all" });
      const inline = resource(
        SG,
        { ingress: [{ cidrBlocks: ["0.0.0.0/0"], fromPort: 5432, toPort: 5432, protocol: "tcp" }] },
        { name: "db" },
      );
      const messages = (await checkPolicies([ipv6, range, inline], rule)).map((v) => v.message);
      assert.deepEqual(messages, [
        '"v6" opens port 8000 to the internet; only a load balancer may, on 80/443',
        '"all" opens ports 0-65535 to the internet; only a load balancer may, on 80/443',
        '"db" opens port 5432 to the internet; only a load balancer may, on 80/443',
      ]);
    });

    it("ignores rules admitting another security group or a private range", async () => {
      const fromLb = resource(
        INGRESS,
        { referencedSecurityGroupId: "sg-alb", fromPort: 8000, toPort: 8000 },
        { name: "from-lb" },
      );
      const vpc = resource(
        INGRESS,
        { cidrIpv4: "10.0.0.0/16", fromPort: 8000, toPort: 8000 },
        { name: "vpc" },
      );
      assert.deepEqual(await checkPolicies([fromLb, vpc], rule), []);
    });
  });

  it("every planned stack passes the whole pack with no mandatory violation", async () => {
    const plans = await plannedStacks({ stacks: ["shared", "test", "prod", "preview-pr-1"] });
    for (const plan of plans) {
      const mandatory = plan.policy.violations.filter((v) => v.level === "mandatory");
      assert.deepEqual(mandatory, [], plan.stack);
      assert.ok(plan.resources.length > 5, `${plan.stack} was planned`);
    }
  });

  it("a planned prod keeping logs 14 days is refused by logs-retention", async () => {
    const prod = await plannedStack("prod", { "pantstack:logRetentionDays": "14" });
    assert.deepEqual(
      prod.policy.violations.map((v) => v.policy),
      ["logs-retention"],
    );
  });
});
