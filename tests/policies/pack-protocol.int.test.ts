import assert from "node:assert/strict";
import { planStacks, type StackPlan } from "../../plan/plan";
import { pantstackPolicies } from "../../policies/policies";
import { type AnalyzedResource, LEVEL, PackProcess } from "./analyzer-client";
import { COMPLIANT, tagsFor } from "./fixtures";

const task = (stack: string, cpu: string): AnalyzedResource => ({
  type: "aws:ecs/taskDefinition:TaskDefinition",
  urn: `urn:pulumi:${stack}::pantstack::aws:ecs/taskDefinition:TaskDefinition::api-task`,
  name: "api-task",
  properties: { ...COMPLIANT["aws:ecs/taskDefinition:TaskDefinition"], cpu, tags: tagsFor(stack) },
});

describe("the policy pack over the analyzer protocol (as the Pulumi CLI runs it)", function () {
  this.timeout(30000);
  let pack: PackProcess;
  before(async () => {
    pack = await PackProcess.start();
  });
  after(() => pack?.stop());

  it("lists every policy with its level and config schema", async () => {
    const info = await pack.info();
    assert.equal(info.getName(), "pantstack");
    assert.equal(info.getVersion(), "0.1.0");
    const policies = info.getPoliciesList();
    assert.deepEqual(policies.map((p) => p.getName()).sort(), pantstackPolicies.map((p) => p.name).sort());
    const cpu = policies.find((p) => p.getName() === "preview-task-cpu");
    assert.equal(cpu?.getEnforcementlevel(), LEVEL.MANDATORY);
    const schema = cpu?.getConfigschema()?.getProperties()?.toJavaScript() as Record<
      string,
      { type: string; default: number }
    >;
    assert.deepEqual(schema.maxCpu, {
      type: "integer",
      default: 256,
      description: "Most CPU units a preview task may use",
    });
  });

  it("reports a mandatory violation for an oversized preview task, and nothing for a compliant one", async () => {
    const violations = await pack.analyze(task("preview-pr-42", "1024"));
    assert.deepEqual(
      violations.map((v) => [v.policy, v.level]),
      [["preview-task-cpu", LEVEL.MANDATORY]],
    );
    assert.match(violations[0].message, /cpu 1024 exceeds the preview limit of 256/);
    assert.deepEqual(await pack.analyze(task("preview-pr-42", "256")), []);
    assert.deepEqual(await pack.analyze(task("prod", "1024")), [], "preview limits do not apply to prod");
  });

  it("runs a stack policy over the whole stack", async () => {
    const vpc: AnalyzedResource = {
      type: "aws:ec2/vpc:Vpc",
      urn: "urn:pulumi:preview-pr-42::pantstack::aws:ec2/vpc:Vpc::network",
      name: "network",
      properties: { cidrBlock: "10.0.0.0/16", tags: tagsFor("preview-pr-42") },
    };
    const violations = await pack.analyzeStack([task("preview-pr-42", "256"), vpc]);
    assert.deepEqual(
      violations.map((v) => [v.policy, v.urn]),
      [["preview-no-shared-infrastructure", vpc.urn]],
    );
  });

  it("relates a rule to its load balancer through property dependencies, as in a preview where IDs are unknown", async () => {
    const urn = (type: string, name: string) => `urn:pulumi:test::pantstack::${type}::${name}`;
    const sg = (name: string): AnalyzedResource => ({
      type: "aws:ec2/securityGroup:SecurityGroup",
      urn: urn("aws:ec2/securityGroup:SecurityGroup", name),
      name,
      properties: {},
    });
    const rule = (name: string, group: string, port: number): AnalyzedResource => ({
      type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
      urn: urn("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name),
      name,
      properties: { cidrIpv4: "0.0.0.0/0", fromPort: port, toPort: port },
      propertyDependencies: { securityGroupId: [sg(group).urn] },
    });
    const lb: AnalyzedResource = {
      type: "aws:lb/loadBalancer:LoadBalancer",
      urn: urn("aws:lb/loadBalancer:LoadBalancer", "edge"),
      name: "edge",
      properties: {},
      propertyDependencies: { securityGroups: [sg("edge-sg").urn] },
    };
    const found = await pack.analyzeStack([
      sg("edge-sg"),
      sg("tasks"),
      lb,
      rule("https", "edge-sg", 443),
      rule("open-tasks", "tasks", 443),
    ]);
    assert.deepEqual(
      found.map((v) => [v.policy, v.urn]),
      [["sg-no-public-ingress", rule("open-tasks", "tasks", 443).urn]],
    );
  });

  /** The pack's findings on a planned stack, sent resource by resource and as a stack, as the CLI does. */
  async function packFindings(plan: StackPlan): Promise<string[]> {
    const analyzed: AnalyzedResource[] = plan.resources
      .filter((r) => r.custom && !r.type.startsWith("pulumi:"))
      .map((r) => ({
        type: r.type,
        urn: r.urn,
        name: r.name,
        // What the CLI sends: the inputs as JSON (undefined values dropped).
        properties: JSON.parse(JSON.stringify(r.inputs)),
        propertyDependencies: r.options.propertyDependencies,
      }));
    const found = [
      ...(await Promise.all(analyzed.map((r) => pack.analyze(r)))).flat(),
      ...(await pack.analyzeStack(analyzed)),
    ];
    return found.map((v) => `${v.policy} ${v.urn}`).sort();
  }

  it("agrees with the offline plan's in-process check on planned stacks", async () => {
    const [prod, preview] = [
      ...(await planStacks({ stacks: ["prod"] })),
      ...(await planStacks({
        stacks: ["preview-pr-42"],
        overrides: {
          "pantstack:imageTag": "pr-42-abc1234",
          "pantstack:cpu": "1024",
          "pantstack:memory": "2048",
        },
      })),
    ];
    assert.deepEqual(await packFindings(prod), [], "prod passes, its load balancer's open ports included");
    const expected = preview.policy.violations.map((v) => `${v.policy} ${v.urn}`).sort();
    assert.equal(expected.length, 2);
    assert.deepEqual(await packFindings(preview), expected);
  });

  it("honours a configured threshold and level", async () => {
    await pack.configure({ "preview-task-cpu": { level: LEVEL.ADVISORY, properties: { maxCpu: 512 } } });
    assert.deepEqual(
      await pack.analyze(task("preview-pr-42", "512")),
      [],
      "512 is within the configured ceiling",
    );
    const [violation] = await pack.analyze(task("preview-pr-42", "1024"));
    assert.equal(violation.level, LEVEL.ADVISORY);
    assert.match(violation.message, /limit of 512/);
  });
});
