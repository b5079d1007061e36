import assert from "node:assert/strict";
import type { ProgramResult } from "../../engine/run-program";
import type { StackPlan } from "../../plan/plan";
import { json, ofType, one } from "../harness";
import { plannedStacks } from "../support/planned";

// api (web) → auth (backend), events (worker); web (web) → api; nightly (job).
const EXAMPLE = "examples/services.yaml";
// Private tasks reach ECR, CloudWatch Logs and SQS through NAT: `single`, test's default for this catalog, set
// explicitly.
const NAT = { "pantstack:natGateways": "single" };
const REGISTRY = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
const digest = (c: string) => `sha256:${c.repeat(64)}`;

interface Container {
  image: string;
  environment: { name: string; value: string }[];
}
interface ServiceConnect {
  enabled: boolean;
  namespace: string;
  services?: { discoveryName: string; clientAlias: { port: number; dnsName: string }[] }[];
}

const container = (r: ProgramResult, name: string) =>
  json<Container[]>(one(r, "aws:ecs/taskDefinition:TaskDefinition", name).inputs.containerDefinitions)[0];
const variable = (c: Container, name: string) => c.environment.find((e) => e.name === name)?.value;
const service = (r: ProgramResult, name: string) => one(r, "aws:ecs/service:Service", name).inputs;

describe("the example catalog: backend, worker and job wired into the stacks", function () {
  this.timeout(120_000);
  let test: StackPlan;
  let prod: StackPlan;
  let onlyWeb: StackPlan;
  let onlyApi: StackPlan;
  let pinned: StackPlan;
  let repinned: StackPlan;

  before(async () => {
    const images = (api: string) =>
      JSON.stringify({
        api: { image: `${REGISTRY}/pantstack@${digest(api)}`, version: "v1.1.0" },
        auth: { image: `${REGISTRY}/pantstack/auth@${digest("b")}`, version: "v1.0.0" },
      });
    const pinnedTest = { ...NAT, "pantstack:images": images("a") };
    const previews = (changed: string) =>
      plannedStacks({
        stacks: ["test", "preview-pr-1"],
        services: EXAMPLE,
        stackOverrides: { test: pinnedTest, "preview-pr-1": { "pantstack:changedServices": changed } },
      });
    const [plans, web, api, second] = await Promise.all([
      plannedStacks({ stacks: ["test", "prod"], services: EXAMPLE, stackOverrides: { test: pinnedTest } }),
      previews("web"),
      previews("api"),
      plannedStacks({
        stacks: ["test"],
        services: EXAMPLE,
        stackOverrides: { test: { ...NAT, "pantstack:images": images("c") } },
      }),
    ]);
    [test, prod] = plans;
    pinned = test;
    onlyWeb = web[1];
    onlyApi = api[1];
    repinned = second[0];
  });

  it("plans test and prod with every kind, and the policies pass", () => {
    for (const plan of [test, prod]) {
      assert.deepEqual(plan.policy.violations, []);
      assert.equal(ofType(plan, "pantstack:ecs:EcsBackendService").length, 1);
      assert.equal(ofType(plan, "pantstack:ecs:EcsWorkerService").length, 1);
      assert.equal(ofType(plan, "pantstack:ecs:ScheduledTask").length, 1);
      assert.equal(ofType(plan, "aws:servicediscovery/httpNamespace:HttpNamespace").length, 1);
    }
  });

  it("registers the backend at http://auth:8080 in the environment's namespace; api is its Service Connect client", () => {
    const namespace = one(test, "aws:servicediscovery/httpNamespace:HttpNamespace");
    const auth = service(test, "auth-service").serviceConnectConfiguration as ServiceConnect;
    assert.equal(auth.namespace, namespace.outputs.arn);
    assert.deepEqual(auth.services?.[0].clientAlias, [{ port: 8080, dnsName: "auth" }]);
    const api = service(test, "api-service").serviceConnectConfiguration as ServiceConnect;
    assert.deepEqual(api, { enabled: true, namespace: namespace.outputs.arn });
    assert.equal(
      service(test, "web-service").serviceConnectConfiguration,
      undefined,
      "web calls only api, over HTTPS",
    );
    const apiTask = container(test, "api-task");
    assert.equal(variable(apiTask, "PANTSTACK_AUTH_URL"), "http://auth:8080");
    const queue = one(test, "aws:sqs/queue:Queue", "events-queue");
    assert.equal(variable(apiTask, "PANTSTACK_EVENTS_QUEUE_URL"), queue.outputs.url);
    const webTask = container(test, "web-task");
    assert.equal(variable(webTask, "PANTSTACK_API_URL"), "https://test.pantstack.dev");
  });

  it("admits only api (and previews' tasks) to auth's port, and runs backend, worker and job without a public IP in private subnets", () => {
    const rules = ofType(test, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) =>
      r.name.startsWith("auth-"),
    );
    const apiGroup = one(test, "aws:ec2/securityGroup:SecurityGroup", "api-tasks").id;
    const authGroup = one(test, "aws:ec2/securityGroup:SecurityGroup", "auth-tasks").id;
    const previewGroup = one(test, "aws:ec2/securityGroup:SecurityGroup", "preview-tasks").id;
    assert.deepEqual(
      rules
        .map((r) => [r.name, r.inputs.securityGroupId, r.inputs.referencedSecurityGroupId, r.inputs.fromPort])
        .sort(),
      [
        ["auth-from-api", authGroup, apiGroup, 8080],
        ["auth-from-previews", authGroup, previewGroup, 8080],
      ],
    );
    const privateSubnets = ofType(test, "aws:ec2/subnet:Subnet")
      .filter((s) => s.name.includes("private"))
      .map((s) => s.id);
    for (const name of ["auth-service", "events-service"]) {
      const network = service(test, name).networkConfiguration as {
        subnets: string[];
        assignPublicIp: boolean;
      };
      assert.equal(network.assignPublicIp, false, name);
      assert.deepEqual(network.subnets, privateSubnets, name);
    }
    const target = one(test, "aws:scheduler/schedule:Schedule").inputs.target as {
      ecsParameters: { networkConfiguration: { assignPublicIp: boolean } };
    };
    assert.equal(target.ecsParameters.networkConfiguration.assignPublicIp, false);
  });

  it("lets api send to the worker's queue, and only that queue", () => {
    const policies = ofType(test, "aws:iam/rolePolicy:RolePolicy").filter((p) => p.name.startsWith("api-"));
    const queueArn = one(test, "aws:sqs/queue:Queue", "events-queue").outputs.arn;
    const sends = policies.flatMap(
      (p) =>
        json<{ Statement: { Action: string[]; Resource: string | string[] }[] }>(p.inputs.policy).Statement,
    );
    const send = sends.find((s) => [s.Action].flat().includes("sqs:SendMessage"));
    assert.deepEqual([send?.Resource].flat(), [queueArn]);
  });

  it("deploys each kind by digest, and a service whose image did not change keeps its task definition", () => {
    const auth = container(pinned, "auth-task");
    assert.equal(auth.image, `${REGISTRY}/pantstack/auth@${digest("b")}`);
    assert.equal(container(repinned, "api-task").image, `${REGISTRY}/pantstack@${digest("c")}`);
    const inputs = (p: ProgramResult) => one(p, "aws:ecs/taskDefinition:TaskDefinition", "auth-task").inputs;
    assert.deepEqual(inputs(repinned), inputs(pinned), "no diff on auth's task definition");
    assert.notDeepEqual(
      one(repinned, "aws:ecs/taskDefinition:TaskDefinition", "api-task").inputs,
      one(pinned, "aws:ecs/taskDefinition:TaskDefinition", "api-task").inputs,
    );
  });

  it("alarms on the worker's dead letters and oldest message and on the job's failed runs, to the environment's topic", () => {
    for (const plan of [test, prod]) {
      const topic = one(plan, "aws:sns/topic:Topic").outputs.arn;
      const alarms = ofType(plan, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) =>
        /^(events|nightly)-/.test(a.name),
      );
      assert.deepEqual(alarms.map((a) => a.name).sort(), [
        "events-dlq-messages",
        "events-oldest-message",
        "nightly-failed-runs",
      ]);
      for (const alarm of alarms) assert.deepEqual(alarm.inputs.alarmActions, [topic], alarm.name);
    }
  });

  it("a PR that changed only web runs only web, whose PANTSTACK_API_URL is test's api", () => {
    assert.deepEqual(onlyWeb.outputs.runs, ["web"]);
    const tasks = ofType(onlyWeb, "aws:ecs/taskDefinition:TaskDefinition").map((t) => t.name);
    assert.deepEqual(tasks, ["pr-1-web-task"]);
    const testApi = (test.outputs.services as Record<string, { address: string }>).api.address;
    assert.equal(variable(container(onlyWeb, "pr-1-web-task"), "PANTSTACK_API_URL"), testApi);
    assert.deepEqual(onlyWeb.policy.violations, []);
  });

  it("a PR that changed only api runs api and web, and the preview's web calls the preview's api", () => {
    assert.deepEqual(onlyApi.outputs.runs, ["api", "web"]);
    const previewApi = (onlyApi.outputs.urls as Record<string, string>).api;
    assert.equal(previewApi, "https://preview-pr-1.pantstack.dev");
    assert.equal(variable(container(onlyApi, "pr-1-web-task"), "PANTSTACK_API_URL"), previewApi);
    assert.equal(variable(container(onlyApi, "pr-1-task"), "PANTSTACK_AUTH_URL"), "http://auth:8080");
    assert.deepEqual(onlyApi.policy.violations, []);
  });
});
