import assert from "node:assert/strict";
import type { RecordedResource } from "../../engine/recording-monitor";
import { ofType, one } from "../harness";
import { plannedStack } from "../support/planned";

// Plans are deterministic and tests only read them: each is planned once per worker (tests/support/planned.ts).
const planOne = plannedStack;
const planCommitted = (stack: string) => plannedStack(stack);

/** Security group ingress open to the internet. */
const worldIngress = (resources: RecordedResource[]) =>
  resources.filter(
    (r) =>
      r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" &&
      (r.inputs.cidrIpv4 === "0.0.0.0/0" || r.inputs.cidrIpv6 === "::/0"),
  );

describe("test and prod environments", () => {
  describe("prod", () => {
    it("runs api-service with circuit breaker and rollback, autoscaling 2 to 10, at https://api.<domain>", async () => {
      const prod = await planCommitted("prod");
      const svc = one(prod, "aws:ecs/service:Service");
      assert.equal(svc.name, "api-service");
      assert.deepEqual(svc.inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
      const target = one(prod, "aws:appautoscaling/target:Target");
      assert.deepEqual([target.inputs.minCapacity, target.inputs.maxCapacity], [2, 10]);
      assert.equal(prod.outputs.url, "https://api.pantstack.dev");
      assert.equal(prod.outputs.serviceUrn, svc.urn);
      const task = one(prod, "aws:ecs/taskDefinition:TaskDefinition");
      assert.deepEqual([task.inputs.cpu, task.inputs.memory], ["256", "512"]);
      assert.match(
        String(task.inputs.containerDefinitions),
        /dkr\.ecr\.us-east-1\.amazonaws\.com\/pantstack:v0\.1\.0"/,
      );
    });

    it("has private task subnets behind one NAT per AZ, Container Insights and a protected load balancer", async () => {
      const prod = await planCommitted("prod");
      assert.equal(ofType(prod, "aws:ec2/natGateway:NatGateway").length, 2);
      const svc = one(prod, "aws:ecs/service:Service");
      const networkConfiguration = svc.inputs.networkConfiguration as {
        subnets: string[];
        assignPublicIp: boolean;
      };
      const privateSubnets = ofType(prod, "aws:ec2/subnet:Subnet")
        .filter((s) => s.name.includes("private"))
        .map((s) => s.id);
      assert.deepEqual(networkConfiguration.subnets, privateSubnets);
      assert.equal(networkConfiguration.assignPublicIp, false);
      assert.deepEqual(one(prod, "aws:ecs/cluster:Cluster").inputs.settings, [
        { name: "containerInsights", value: "enabled" },
      ]);
      const alb = one(prod, "aws:lb/loadBalancer:LoadBalancer");
      assert.equal(alb.inputs.enableDeletionProtection, true);
      assert.equal(alb.options.protect, true);
    });

    it("keeps its logs: protected, retained on delete, 90 days", async () => {
      const logs = one(await planCommitted("prod"), "aws:cloudwatch/logGroup:LogGroup");
      assert.deepEqual(
        [logs.options.protect, logs.options.retainOnDelete, logs.inputs.retentionInDays],
        [true, true, 90],
      );
    });

    it("opens nothing to the internet but the load balancer's 80 and 443, and uses TLS 1.3", async () => {
      const prod = await planCommitted("prod");
      const albGroup = one(prod, "aws:ec2/securityGroup:SecurityGroup", "edge-sg").id;
      const open = worldIngress(prod.resources);
      assert.deepEqual(
        open.map((r) => [r.inputs.securityGroupId, r.inputs.fromPort]),
        [
          [albGroup, 80],
          [albGroup, 443],
        ],
      );
      const https = ofType(prod, "aws:lb/listener:Listener").find((l) => l.inputs.port === 443);
      assert.match(String(https?.inputs.sslPolicy), /TLS13/);
    });

    it("tags every taggable resource as prod", async () => {
      const prod = await planCommitted("prod");
      const tagged = prod.resources.filter((r) => r.custom && "tags" in r.inputs);
      assert.ok(tagged.length > 30);
      for (const r of tagged)
        assert.equal((r.inputs.tags as Record<string, string>)["pantstack:environment"], "prod", r.urn);
    });
  });

  describe("test", () => {
    it("serves https://test.<domain> without NAT: public task subnets with public IPs", async () => {
      const test = await planCommitted("test");
      assert.equal(test.outputs.url, "https://test.pantstack.dev");
      assert.equal(ofType(test, "aws:ec2/natGateway:NatGateway").length, 0);
      assert.equal(ofType(test, "aws:ec2/eip:Eip").length, 0);
      const svc = one(test, "aws:ecs/service:Service");
      assert.equal((svc.inputs.networkConfiguration as { assignPublicIp: boolean }).assignPublicIp, true);
      assert.equal(ofType(test, "aws:appautoscaling/target:Target").length, 0, "a fixed task count");
      assert.equal(one(test, "aws:lb/loadBalancer:LoadBalancer").inputs.enableDeletionProtection, false);
    });

    it("certifies test.<domain> and *.<domain> for previews", async () => {
      const cert = one(await planCommitted("test"), "aws:acm/certificate:Certificate");
      assert.deepEqual(
        [cert.inputs.domainName, cert.inputs.subjectAlternativeNames],
        ["test.pantstack.dev", ["*.pantstack.dev"]],
      );
    });

    it("exports what previews need, including task roles under the preview path", async () => {
      const test = await planCommitted("test");
      const o = test.outputs;
      assert.equal(
        o.httpsListenerArn,
        ofType(test, "aws:lb/listener:Listener").find((l) => l.inputs.port === 443)?.outputs.arn,
      );
      assert.equal(
        o.loadBalancerSecurityGroupId,
        one(test, "aws:ec2/securityGroup:SecurityGroup", "edge-sg").id,
      );
      assert.equal(o.clusterArn, one(test, "aws:ecs/cluster:Cluster").outputs.arn);
      assert.deepEqual(
        o.taskSubnetIds,
        ofType(test, "aws:ec2/subnet:Subnet").map((s) => s.id),
      );
      assert.equal(o.domain, "pantstack.dev");
      assert.match(String(o.hostedZoneId), /^Z[0-9A-F]+$/);
      assert.match(String(o.previewExecutionRoleArn), /:role\/pantstack\/preview\/preview-execution-/);
      assert.match(String(o.previewTaskRoleArn), /:role\/pantstack\/preview\/preview-task-/);
      assert.equal(
        o.previewSecurityGroupId,
        one(test, "aws:ec2/securityGroup:SecurityGroup", "preview-tasks").id,
      );
      const fromLb = one(
        test,
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        "preview-from-lb",
      );
      assert.deepEqual(
        [fromLb.inputs.referencedSecurityGroupId, fromLb.inputs.fromPort],
        [o.loadBalancerSecurityGroupId, 8000],
      );
      const policy = String(one(test, "aws:iam/rolePolicy:RolePolicy", "preview-execution").inputs.policy);
      assert.match(policy, /log-group:\/pantstack\/preview\/\*:\*/);
    });

    it("reads the repository from the shared stack, and what it runs from itself, through stack references", async () => {
      const test = await planCommitted("test");
      assert.equal(one(test, "pulumi:pulumi:StackReference", "shared").id, "organization/pantstack/shared");
      assert.equal(one(test, "pulumi:pulumi:StackReference", "running").id, "organization/pantstack/test");
    });
  });

  const invalid: [string, Record<string, string>, RegExp][] = [
    ["prod", { "pantstack:cpu": "300" }, /^pantstack:cpu: "300" .*256, 512/],
    [
      "prod",
      { "pantstack:memory": "3000" },
      /^pantstack:memory: 3000 .*with cpu 256, Fargate memory must be one of 512, 1024, 2048$/,
    ],
    ["prod", { "pantstack:imageTag": "bad tag" }, /^pantstack:imageTag: "bad tag"/],
    ["prod", { "pantstack:logRetentionDays": "2" }, /^pantstack:logRetentionDays: "2"/],
    [
      "prod",
      { "pantstack:minCount": "5", "pantstack:maxCount": "3" },
      /^pantstack:maxCount: 3 .*at least pantstack:minCount \(5\)/,
    ],
    ["prod", { "pantstack:desiredCount": "11" }, /^pantstack:desiredCount: 11 .*within/],
    ["prod", { "pantstack:natGateways": "two" }, /^pantstack:natGateways: "two"/],
    ["prod", { "pantstack:hostedZoneId": "zone" }, /^pantstack:hostedZoneId: "zone"/],
    ["test", { "pantstack:domain": "*.pantstack.dev" }, /^pantstack:domain: "\*\.pantstack\.dev"/],
    ["test", { "pantstack:maxCount": "3" }, /^pantstack:minCount: \(missing\) .*together/],
    ["test", { "pantstack:sharedStack": "a/b" }, /^pantstack:sharedStack: "a\/b"/],
    ["test", { "pantstack:cpu": "abc" }, /^pantstack:cpu: "abc" .*whole number/],
  ];
  for (const [stack, config, message] of invalid) {
    it(`${stack} refuses ${JSON.stringify(config)}`, async () => {
      // The plan names the stack before the key, as `--config STACK:KEY=VALUE` would set it.
      await assert.rejects(
        planOne(stack, config),
        (err: Error) =>
          err.message.startsWith(`${stack}:`) && message.test(err.message.slice(stack.length + 1)),
      );
    });
  }
});
