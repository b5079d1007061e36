import assert from "node:assert/strict";
import type { ProgramResult } from "../../engine/run-program";
import type { StackPlan } from "../../plan/plan";
import { json, ofType, one } from "../harness";
import { evaluate } from "../support/iam-evaluation";
import { plan } from "../support/plan-cli";
import { plannedStack, plannedStacks } from "../support/planned";

// api (web) → auth (backend), events (worker); web (web) → api; nightly (job). Planned with test's committed
// config: no NAT flag, test's NAT follows the catalog.
const EXAMPLE = "examples/services.yaml";
const ACCOUNT = "123456789012";

interface Container {
  environment: { name: string; value: string }[];
}
interface ServiceConnect {
  enabled: boolean;
  namespace: string;
  services?: { discoveryName: string; clientAlias: { port: number; dnsName: string }[] }[];
}
interface Network {
  subnets: string[];
  securityGroups: string[];
  assignPublicIp: boolean;
}

const variables = (r: ProgramResult, task: string) =>
  Object.fromEntries(
    json<Container[]>(
      one(r, "aws:ecs/taskDefinition:TaskDefinition", task).inputs.containerDefinitions,
    )[0].environment.map((e) => [e.name, e.value]),
  );
const service = (r: ProgramResult, name: string) => one(r, "aws:ecs/service:Service", name).inputs;
const names = (r: ProgramResult, type: string) =>
  ofType(r, type)
    .map((x) => x.name)
    .sort();

describe("previews as overlays on test, with the example catalog (every kind)", function () {
  this.timeout(120_000);
  let test: StackPlan;
  const previews: Record<string, StackPlan> = {};

  before(async () => {
    const preview = (changed: string, extra: Record<string, string> = {}) =>
      plannedStacks({
        stacks: ["test", "preview-pr-1"],
        services: EXAMPLE,
        stackOverrides: { "preview-pr-1": { "pantstack:changedServices": changed, ...extra } },
      });
    const cases = {
      web: preview("web"),
      api: preview("api"),
      auth: preview("auth"),
      events: preview("events"),
      nightly: preview("nightly"),
      scheduled: preview("nightly", { "pantstack:previewJobs": "scheduled" }),
    };
    for (const [name, plans] of Object.entries(cases)) {
      const [t, p] = await plans;
      test = t;
      previews[name] = p;
    }
  });

  const testOutput = (key: string) => test.outputs[key] as string;
  const testAddress = (name: string) =>
    (test.outputs.services as Record<string, { address: string }>)[name].address;

  it("plans test without the NAT flag: one NAT gateway for the private services; the default catalog keeps none", async () => {
    assert.deepEqual(test.policy.violations, []);
    assert.equal(ofType(test, "aws:ec2/natGateway:NatGateway").length, 1);
    const defaultTest = await plannedStack("test");
    assert.equal(ofType(defaultTest, "aws:ec2/natGateway:NatGateway").length, 0);
    assert.equal(defaultTest.outputs.serviceConnectNamespaceArn, undefined, "no backend, no namespace");
  });

  it("test opens its backends to preview tasks: auth admits the preview group, which admits itself on 8080", () => {
    const previewGroup = one(test, "aws:ec2/securityGroup:SecurityGroup", "preview-tasks").id;
    assert.equal(testOutput("previewSecurityGroupId"), previewGroup);
    const rule = (name: string) =>
      one(test, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name).inputs;
    const fromPreviews = rule("auth-from-previews");
    assert.deepEqual(
      [fromPreviews.securityGroupId, fromPreviews.referencedSecurityGroupId, fromPreviews.fromPort],
      [one(test, "aws:ec2/securityGroup:SecurityGroup", "auth-tasks").id, previewGroup, 8080],
    );
    const between = rule("preview-from-previews-8080");
    assert.deepEqual(
      [between.securityGroupId, between.referencedSecurityGroupId, between.fromPort, between.toPort],
      [previewGroup, previewGroup, 8080, 8080],
    );
    assert.equal(
      testOutput("serviceConnectNamespaceArn"),
      one(test, "aws:servicediscovery/httpNamespace:HttpNamespace").outputs.arn,
    );
  });

  it("test's callers of auth start after auth's Service Connect endpoint exists (their task definition waits for it)", () => {
    const auth = one(test, "aws:ecs/service:Service", "auth-service").urn;
    const api = one(test, "aws:ecs/taskDefinition:TaskDefinition", "api-task");
    assert.ok(api.options.propertyDependencies.containerDefinitions?.includes(auth));
  });

  it("a PR that changed only web runs only web, whose PANTSTACK_API_URL is test's api", () => {
    const pr = previews.web;
    assert.deepEqual([pr.outputs.runs, pr.outputs.borrows], [["web"], ["auth", "events", "api", "nightly"]]);
    assert.deepEqual(names(pr, "aws:ecs/taskDefinition:TaskDefinition"), ["pr-1-web-task"]);
    assert.equal(variables(pr, "pr-1-web-task").PANTSTACK_API_URL, testAddress("api"));
    assert.equal(testAddress("api"), "https://test.pantstack.dev");
    assert.equal(
      service(pr, "pr-1-web-service").serviceConnectConfiguration,
      undefined,
      "web calls only api, over HTTPS",
    );
    assert.deepEqual(pr.policy.violations, []);
  });

  it("a PR that changed only api runs api and web; web calls the preview's api, api calls test's auth and queue as a Service Connect client", () => {
    const pr = previews.api;
    assert.deepEqual(
      [pr.outputs.runs, pr.outputs.borrows],
      [
        ["api", "web"],
        ["auth", "events", "nightly"],
      ],
    );
    assert.equal(variables(pr, "pr-1-web-task").PANTSTACK_API_URL, "https://preview-pr-1.pantstack.dev");
    const api = variables(pr, "pr-1-task");
    assert.equal(api.PANTSTACK_AUTH_URL, "http://auth:8080");
    assert.equal(api.PANTSTACK_EVENTS_QUEUE_URL, testAddress("events"));
    const apiService = service(pr, "pr-1-service");
    assert.deepEqual(apiService.serviceConnectConfiguration as ServiceConnect, {
      enabled: true,
      namespace: testOutput("serviceConnectNamespaceArn"),
    });
    // The group test's auth admits (auth-from-previews).
    assert.deepEqual((apiService.networkConfiguration as Network).securityGroups, [
      testOutput("previewSecurityGroupId"),
    ]);
    assert.deepEqual(pr.policy.violations, []);
  });

  it("a PR that changed only auth runs auth as auth-pr-1 in test's namespace, in the preview group, and api and web call it", () => {
    const pr = previews.auth;
    assert.deepEqual(
      [pr.outputs.runs, pr.outputs.borrows],
      [
        ["auth", "api", "web"],
        ["events", "nightly"],
      ],
    );
    const auth = service(pr, "pr-1-auth-service");
    const connect = auth.serviceConnectConfiguration as ServiceConnect;
    assert.equal(connect.namespace, testOutput("serviceConnectNamespaceArn"));
    assert.deepEqual(
      connect.services?.map((s) => [s.discoveryName, s.clientAlias]),
      [["auth-pr-1", [{ port: 8080, dnsName: "auth-pr-1" }]]],
    );
    const network = auth.networkConfiguration as Network;
    assert.deepEqual(network, {
      subnets: test.outputs.taskSubnetIds,
      securityGroups: [testOutput("previewSecurityGroupId")],
      assignPublicIp: false,
    });
    const privateSubnets = ofType(test, "aws:ec2/subnet:Subnet")
      .filter((s) => s.name.includes("private"))
      .map((s) => s.id);
    assert.deepEqual(network.subnets, privateSubnets, "test's task subnets are private once it has NAT");
    assert.equal(variables(pr, "pr-1-task").PANTSTACK_AUTH_URL, "http://auth-pr-1:8080");
    // Service Connect clients resolve only endpoints that existed when their tasks started: api's task
    // definition waits for auth-pr-1's service.
    const authService = one(pr, "aws:ecs/service:Service", "pr-1-auth-service").urn;
    const apiTask = one(pr, "aws:ecs/taskDefinition:TaskDefinition", "pr-1-task");
    assert.ok(
      apiTask.options.propertyDependencies.containerDefinitions?.includes(authService),
      "pr-1-task's containerDefinitions depend on pr-1-auth-service",
    );
    const outputs = pr.outputs.services as Record<string, { kind: string; address?: string }>;
    assert.deepEqual(outputs.auth, { ...outputs.auth, kind: "backend", address: "http://auth-pr-1:8080" });
    assert.equal(variables(pr, "pr-1-web-task").PANTSTACK_API_URL, "https://preview-pr-1.pantstack.dev");
    assert.deepEqual(service(pr, "pr-1-service").serviceConnectConfiguration as ServiceConnect, {
      enabled: true,
      namespace: testOutput("serviceConnectNamespaceArn"),
    });
    // A preview creates no network resource and no role: it uses test's group and preview roles.
    assert.deepEqual(names(pr, "aws:ec2/securityGroup:SecurityGroup"), []);
    assert.deepEqual(names(pr, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"), []);
    assert.deepEqual(names(pr, "aws:iam/role:Role"), []);
    const task = one(pr, "aws:ecs/taskDefinition:TaskDefinition", "pr-1-auth-task").inputs;
    assert.deepEqual(
      [task.executionRoleArn, task.taskRoleArn, task.cpu, task.memory],
      [testOutput("previewExecutionRoleArn"), testOutput("previewTaskRoleArn"), "256", "512"],
    );
    assert.deepEqual(auth.capacityProviderStrategies, [{ capacityProvider: "FARGATE_SPOT", weight: 1 }]);
    // It sleeps outside awake hours like the preview's web services.
    assert.deepEqual(
      names(pr, "aws:appautoscaling/scheduledAction:ScheduledAction").filter((n) => n.includes("auth")),
      ["preview-pr-1-auth-sleep", "preview-pr-1-auth-wake"],
    );
    assert.deepEqual(pr.policy.violations, []);
  });

  it("a PR that changed events runs a preview queue and DLQ; api (and only the preview) sends to it", () => {
    const pr = previews.events;
    assert.deepEqual(
      [pr.outputs.runs, pr.outputs.borrows],
      [
        ["events", "api", "web"],
        ["auth", "nightly"],
      ],
    );
    const queue = one(pr, "aws:sqs/queue:Queue", "pr-1-events-queue");
    const dlq = one(pr, "aws:sqs/queue:Queue", "pr-1-events-dlq");
    assert.deepEqual(
      [queue.inputs.name, dlq.inputs.name],
      ["pantstack-preview-pr-1-events", "pantstack-preview-pr-1-events-dlq"],
    );
    assert.equal(json<{ maxReceiveCount: number }>(queue.inputs.redrivePolicy).maxReceiveCount, 5);
    assert.equal(queue.inputs.visibilityTimeoutSeconds, 60);
    assert.equal(variables(pr, "pr-1-task").PANTSTACK_EVENTS_QUEUE_URL, queue.outputs.url);
    assert.equal(
      (pr.outputs.services as Record<string, { address: string }>).events.address,
      queue.outputs.url,
    );
    assert.equal(variables(pr, "pr-1-events-task").PANTSTACK_QUEUE_URL, queue.outputs.url);
    assert.notEqual(queue.outputs.url, testAddress("events"));
    assert.equal((service(pr, "pr-1-events-service").networkConfiguration as Network).assignPublicIp, false);
    assert.deepEqual(pr.policy.violations, []);
  });

  it("test's preview task role consumes previews' queues and sends to test's, but never takes test's messages", async () => {
    const policy = json(one(test, "aws:iam/rolePolicy:RolePolicy", "preview-task-queues").inputs.policy);
    const role = {
      arn: `arn:aws:iam::${ACCOUNT}:role/pantstack/preview/preview-task`,
      identity: [policy as never],
    };
    const previewQueue = `arn:aws:sqs:us-east-1:${ACCOUNT}:pantstack-preview-pr-1-events`;
    const testQueue = one(test, "aws:sqs/queue:Queue", "events-queue").outputs.arn as string;
    const decide = (action: string, resource: string) => evaluate(role, { action, resource });
    assert.equal(await decide("sqs:ReceiveMessage", previewQueue), "Allowed");
    assert.equal(await decide("sqs:SendMessage", previewQueue), "Allowed");
    assert.equal(await decide("sqs:SendMessage", testQueue), "Allowed");
    assert.equal(await decide("sqs:ReceiveMessage", testQueue), "ImplicitlyDenied");
    assert.equal(await decide("sqs:DeleteQueue", previewQueue), "ImplicitlyDenied");
  });

  it("a PR that changed nightly runs its schedule paused, with test's preview scheduler role; previewJobs=scheduled enables it", () => {
    const pr = previews.nightly;
    assert.deepEqual(pr.outputs.runs, ["nightly"]);
    assert.equal(pr.outputs.url, undefined, "no web service runs");
    const schedule = one(pr, "aws:scheduler/schedule:Schedule").inputs;
    const target = schedule.target as {
      roleArn: string;
      ecsParameters: { networkConfiguration: Network };
    };
    assert.deepEqual(
      [schedule.name, schedule.state, schedule.scheduleExpression, schedule.scheduleExpressionTimezone],
      ["pantstack-preview-pr-1-nightly", "DISABLED", "cron(0 3 * * ? *)", "Europe/Berlin"],
    );
    assert.equal(target.roleArn, testOutput("previewSchedulerRoleArn"));
    assert.equal(
      target.roleArn,
      one(test, "aws:iam/role:Role", "preview-scheduler").outputs.arn,
      "the role test creates for previews",
    );
    assert.deepEqual(target.ecsParameters.networkConfiguration.securityGroups, [
      testOutput("previewSecurityGroupId"),
    ]);
    assert.deepEqual(pr.policy.violations, []);
    assert.equal(one(previews.scheduled, "aws:scheduler/schedule:Schedule").inputs.state, "ENABLED");
  });

  it("a preview's cost grows with the services it runs, not with the catalog", () => {
    const cost = (name: string) => previews[name].cost.monthlyUsd;
    assert.ok(cost("web") < cost("api"), `${cost("web")} < ${cost("api")}`);
    assert.ok(cost("api") < cost("auth"), `${cost("api")} < ${cost("auth")}`);
    const services = (p: StackPlan) => ofType(p, "aws:ecs/service:Service").length;
    assert.deepEqual(
      ["web", "api", "auth", "events", "nightly"].map((n) => services(previews[n])),
      [1, 2, 3, 3, 0],
    );
  });

  it("refuses, in one line and before anything exists, a job preview on a test stack whose catalog has no job", async () => {
    const { code, stderr } = await plan(
      "--stack",
      "preview-pr-1",
      "--config",
      `preview-pr-1:pantstack:servicesFile=${EXAMPLE}`,
      "--config",
      "preview-pr-1:pantstack:changedServices=nightly",
    );
    assert.equal(code, 2);
    assert.equal(
      stderr.trimEnd(),
      'error: preview-pr-1:pantstack:testStack: "test" is not allowed; expected a test stack that outputs previewSchedulerRoleArn (the preview runs job nightly); update test with this catalog first',
    );
  });
});
