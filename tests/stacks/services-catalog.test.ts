import assert from "node:assert/strict";
import type { RecordedResource } from "../../engine/recording-monitor";
import { json, one } from "../harness";
import { plan } from "../support/plan-cli";
import { plannedStacks } from "../support/planned";

const TWO_WEB = "tests/fixtures/services/two-web.yaml";

interface Container {
  image: string;
  environment: { name: string; value: string }[];
  portMappings: { containerPort: number }[];
}

const planned = () => plannedStacks({ stacks: ["shared", "test", "prod"], services: TWO_WEB });
const byStack = async (stack: string) =>
  (await planned()).find((p) => p.stack === stack) as NonNullable<
    Awaited<ReturnType<typeof planned>>[number]
  >;
const container = (task: RecordedResource) => json<Container[]>(task.inputs.containerDefinitions)[0];
const variable = (c: Container, name: string) => c.environment.find((e) => e.name === name)?.value;

describe("stacks from a catalog of two web services (npm run plan -- --services)", function () {
  this.timeout(120_000);

  it("shared creates a release repository per service; the primary keeps today's", async () => {
    const shared = await byStack("shared");
    assert.equal(one(shared, "aws:ecr/repository:Repository", "images").inputs.name, "pantstack");
    assert.equal(one(shared, "aws:ecr/repository:Repository", "images-web").inputs.name, "pantstack/web");
    assert.deepEqual(Object.keys(shared.outputs.repositoryUrls as object), ["api", "web"]);
  });

  it("test runs both, web at test-app.<domain> on its own port, calling test's api through PANTSTACK_API_URL", async () => {
    const test = await byStack("test");
    const api = container(one(test, "aws:ecs/taskDefinition:TaskDefinition", "api-task"));
    const web = container(one(test, "aws:ecs/taskDefinition:TaskDefinition", "web-task"));
    assert.equal(variable(web, "PANTSTACK_API_URL"), "https://test.pantstack.dev");
    assert.equal(variable(api, "PANTSTACK_API_URL"), undefined, "api depends on nothing");
    assert.match(web.image, /\/pantstack\/web:v0\.1\.0-dev\.1$/);
    assert.deepEqual(
      web.portMappings.map((p) => p.containerPort),
      [3000],
    );
    const rule = one(test, "aws:lb/listenerRule:ListenerRule", "web-rule");
    assert.deepEqual(rule.inputs.conditions, [{ hostHeader: { values: ["test-app.pantstack.dev"] } }]);
    assert.equal(rule.inputs.priority, 101);
    const tg = one(test, "aws:lb/targetGroup:TargetGroup", "web-tg");
    assert.equal((tg.inputs.healthCheck as { path: string }).path, "/healthz");
    const services = test.outputs.services as Record<string, { kind: string; address: string }>;
    assert.deepEqual(Object.fromEntries(Object.entries(services).map(([n, s]) => [n, [s.kind, s.address]])), {
      api: ["web", "https://test.pantstack.dev"],
      web: ["web", "https://test-app.pantstack.dev"],
    });
    // Preview tasks of either service are admitted from the load balancer on its port.
    const ports = test.resources
      .filter(
        (r) =>
          r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" &&
          r.name.startsWith("preview-from-lb"),
      )
      .map((r) => r.inputs.fromPort);
    assert.deepEqual(ports, [8000, 3000]);
  });

  it("prod serves web at app.<domain> on its certificate, calling prod's api", async () => {
    const prod = await byStack("prod");
    const web = container(one(prod, "aws:ecs/taskDefinition:TaskDefinition", "web-task"));
    assert.equal(variable(web, "PANTSTACK_API_URL"), "https://api.pantstack.dev");
    assert.equal(variable(web, "PANTSTACK_VERSION"), "v0.1.0");
    const certificate = one(prod, "aws:acm/certificate:Certificate");
    assert.deepEqual(
      [certificate.inputs.domainName, certificate.inputs.subjectAlternativeNames],
      ["api.pantstack.dev", ["app.pantstack.dev"]],
    );
  });

  it("refuses private services in an environment set to no NAT, naming the key, the service and the fix, exit 2", async () => {
    const { code, stderr } = await plan(
      "--stack",
      "test",
      "--services",
      "examples/services.yaml",
      "--config",
      "test:pantstack:natGateways=none",
    );
    assert.equal(code, 2);
    assert.match(
      stderr.trimEnd(),
      /^error: test:pantstack:natGateways: "none" is not allowed; examples\/services\.yaml: services\[2\] is backend auth, whose tasks get no public IP and reach ECR, CloudWatch Logs and SQS through NAT: set single or perAz$/,
    );
  });
});
