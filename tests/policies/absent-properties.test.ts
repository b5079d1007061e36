import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { checkPolicies } from "../../plan/policy-check";
import { pantstackPolicies } from "../../policies/policies";
import { AWS_TAGGABLE_TYPES } from "../../policies/support/aws-taggable-types";
import { GENERATED, generatedModule, taggableTypesOfProvider } from "../support/aws-taggable-types";
import { resource, tagsFor } from "./fixtures";

// A property left out must never make a check pass: each case declares a resource without the property.
const only = (name: string) => {
  const found = pantstackPolicies.find((p) => p.name === name);
  if (!found) throw new Error(`no policy ${name}`);
  return { policies: [found as ResourceValidationPolicy] };
};
const messages = async (name: string, ...resources: ReturnType<typeof resource>[]) =>
  (await checkPolicies(resources, only(name))).map((v) => v.message);

describe("policies on resources declared without the property they check", () => {
  it("required-tags: a taggable type declared with no tags at all is reported", async () => {
    assert.deepEqual(await messages("required-tags", resource("aws:ecs/cluster:Cluster", {})), [
      "missing tags: pantstack:environment, pantstack:stack, pantstack:managed-by",
    ]);
    assert.deepEqual(
      await messages(
        "required-tags",
        resource("aws:cloudwatch/logGroup:LogGroup", {}, { stack: "preview-pr-3" }),
      ),
      [
        "missing tags: pantstack:environment, pantstack:stack, pantstack:managed-by, pantstack:pr, pantstack:expires-at",
      ],
    );
  });

  it("required-tags: decides by the type, so untaggable types are not applicable even with no tags", async () => {
    assert.deepEqual(
      await messages("required-tags", resource("aws:route53/record:Record", { name: "x" })),
      [],
    );
    assert.deepEqual(
      await messages("required-tags", resource("aws:ecs/cluster:Cluster", { tags: tagsFor("test") })),
      [],
    );
    // A type newer than the list still counts once it carries tags.
    assert.deepEqual(await messages("required-tags", resource("aws:new/thing:Thing", { tags: {} })), [
      "missing tags: pantstack:environment, pantstack:stack, pantstack:managed-by",
    ]);
  });

  it("alb-http-redirect-only: a listener without protocol is HTTP (the ALB default) and must redirect", async () => {
    const listener = resource("aws:lb/listener:Listener", {
      port: 80,
      defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }],
    });
    assert.deepEqual(await messages("alb-http-redirect-only", listener), [
      "HTTP listener on port 80 must only redirect to HTTPS",
    ]);
  });

  for (const name of ["ecs-no-privileged-containers", "ecs-read-only-root-filesystem"]) {
    it(`${name}: containers that cannot be read are reported, not passed`, async () => {
      for (const containerDefinitions of [undefined, "not json", "[]", '{"name":"app"}', "[1]"]) {
        const task = resource("aws:ecs/taskDefinition:TaskDefinition", { cpu: "256", containerDefinitions });
        assert.deepEqual(
          await messages(name, task),
          ["containerDefinitions is not a JSON list of containers, so it cannot be checked"],
          String(containerDefinitions),
        );
      }
    });
  }

  describe("sg-no-public-ingress", () => {
    const SG = "aws:ec2/securityGroup:SecurityGroup";
    const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    const onAlb = { securityGroupId: [`urn:pulumi:test::pantstack::${SG}::alb`] };
    const platform = [
      resource(SG, {}, { name: "alb" }),
      resource(
        "aws:lb/loadBalancer:LoadBalancer",
        {},
        { propertyDependencies: { securityGroups: onAlb.securityGroupId } },
      ),
    ];

    it("reads protocol -1 (all traffic) as every port, whatever ports it names", async () => {
      const all = resource(
        INGRESS,
        { cidrIpv4: "0.0.0.0/0", ipProtocol: "-1", fromPort: 443, toPort: 443 },
        { name: "all", propertyDependencies: onAlb },
      );
      const legacy = resource(
        "aws:ec2/securityGroupRule:SecurityGroupRule",
        { type: "ingress", cidrBlocks: ["0.0.0.0/0"], protocol: "all", fromPort: 80, toPort: 80 },
        { name: "legacy", propertyDependencies: onAlb },
      );
      const inline = resource(
        SG,
        { ingress: [{ cidrBlocks: ["0.0.0.0/0"], protocol: "-1", fromPort: 443, toPort: 443 }] },
        { name: "inline" },
      );
      assert.deepEqual(await messages("sg-no-public-ingress", ...platform, all, legacy, inline), [
        '"all" opens ports 0-65535 to the internet; only a load balancer may, on 80/443',
        '"legacy" opens ports 0-65535 to the internet; only a load balancer may, on 80/443',
        '"inline" opens ports 0-65535 to the internet; only a load balancer may, on 80/443',
      ]);
    });

    it("reads a rule without ports as every port", async () => {
      const bare = resource(
        INGRESS,
        { cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp" },
        { name: "bare", propertyDependencies: onAlb },
      );
      assert.deepEqual(await messages("sg-no-public-ingress", ...platform, bare), [
        '"bare" opens ports 0-65535 to the internet; only a load balancer may, on 80/443',
      ]);
    });
  });
});

describe("the AWS taggable types the policy pack knows", () => {
  it("are the installed @pulumi/aws provider's (regenerate with npx tsx tests/support/aws-taggable-types.ts --write)", () => {
    const types = taggableTypesOfProvider();
    assert.ok(types.length > 500, `${types.length} types`);
    assert.deepEqual([...AWS_TAGGABLE_TYPES], types);
    assert.equal(readFileSync(GENERATED, "utf8"), generatedModule(types));
  });

  it("include what the stacks create, and not what takes no tags", () => {
    for (const type of ["aws:ecs/service:Service", "aws:iam/role:Role", "aws:cloudwatch/logGroup:LogGroup"]) {
      assert.ok(AWS_TAGGABLE_TYPES.has(type), type);
    }
    for (const type of [
      "aws:route53/record:Record",
      "aws:iam/rolePolicy:RolePolicy",
      "aws:lb/listenerCertificate:ListenerCertificate",
    ]) {
      assert.ok(!AWS_TAGGABLE_TYPES.has(type), type);
    }
  });
});
