import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { RecordedResource } from "../../engine/recording-monitor";
import { EcrRepository } from "../../lib/ecr/ecr-repository";
import { EcsApiService } from "../../lib/ecs/ecs-api-service";
import { EcsBackendService } from "../../lib/ecs/ecs-backend-service";
import { EcsWorkerService } from "../../lib/ecs/ecs-worker-service";
import { ScheduledTask } from "../../lib/ecs/scheduled-task";
import { GithubOidcRole } from "../../lib/github/github-oidc-role";
import { AlarmTopic } from "../../lib/monitoring/alarm-topic";
import { HttpsLoadBalancer } from "../../lib/network/https-load-balancer";
import { Network } from "../../lib/network/network";
import { ServiceNamespace } from "../../lib/network/service-namespace";
import { PreviewEnvironment } from "../../lib/preview/preview-environment";
import { run } from "../harness";
import { GrpcEngine } from "./engine-server";
import * as fixtures from "./fixtures";
import * as kinds from "./fixtures-kinds";
import { type PackageSchema, ProviderProcess } from "./provider-process";

const rootPackage = JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8")) as {
  version: string;
};
const STACK = "unit";
const REGION = "us-east-1";
const COMPONENTS = [
  "AlarmTopic",
  "EcrRepository",
  "EcsApiService",
  "EcsBackendService",
  "EcsWorkerService",
  "GithubOidcRole",
  "HttpsLoadBalancer",
  "Network",
  "PreviewEnvironment",
  "ScheduledTask",
  "ServiceNamespace",
];

/** The record fields a real engine would store and that must not depend on how the component was reached. */
const comparable = (r: RecordedResource) => ({
  urn: r.urn,
  type: r.type,
  name: r.name,
  parent: r.parent,
  custom: r.custom,
  id: r.id,
  inputs: r.inputs,
  outputs: r.outputs,
  protect: r.options.protect,
  retainOnDelete: r.options.retainOnDelete,
  deleteBeforeReplace: r.options.deleteBeforeReplace,
  ignoreChanges: r.options.ignoreChanges,
  dependencies: [...r.options.dependencies].sort(),
});

describe("the component package (provider/), over Pulumi's provider protocol", function () {
  this.timeout(60000);
  let engine: GrpcEngine;
  let provider: ProviderProcess;
  let schema: PackageSchema;
  /** The required properties of an object type of the schema. */
  const requiredOf = (type: string) => (schema.types[type] as { required?: string[] }).required;

  before(async () => {
    engine = await GrpcEngine.start(STACK, REGION);
    provider = await ProviderProcess.start(engine.address);
    schema = await provider.schema();
  });
  after(async () => {
    provider?.stop();
    await engine?.stop();
  });

  describe("GetSchema", () => {
    it("serves a schema that Pulumi's package metaschema accepts", () => {
      const metaschema = JSON.parse(readFileSync(join(__dirname, "vendor/pulumi.json"), "utf8"));
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
      const validate = ajv.compile(metaschema);
      const valid = validate(schema);
      assert.ok(valid, `the schema is invalid: ${ajv.errorsText(validate.errors)}`);
      assert.equal(schema.name, "pantstack");
      assert.equal(schema.version, rootPackage.version, "released with the library");
    });

    it("the metaschema check is not vacuous: it refuses a broken schema", () => {
      const metaschema = JSON.parse(readFileSync(join(__dirname, "vendor/pulumi.json"), "utf8"));
      const ajv = new Ajv2020({ strict: false });
      addFormats(ajv);
      const validate = ajv.compile(metaschema);
      const broken = structuredClone(schema) as unknown as {
        resources: Record<string, Record<string, unknown>>;
      };
      broken.resources["pantstack:index:EcsApiService"].inputProperties = { cpu: { type: "float" } };
      assert.equal(validate(broken), false);
      assert.equal(validate({ ...schema, name: "9pantstack" }), false);
    });

    it("has the eleven components, as components, with their descriptions", () => {
      assert.deepEqual(
        Object.keys(schema.resources).sort(),
        COMPONENTS.map((c) => `pantstack:index:${c}`).sort(),
      );
      for (const spec of Object.values(schema.resources)) {
        assert.equal(spec.isComponent, true);
        assert.ok(spec.description && spec.description.length > 40);
      }
    });

    it("EcsApiService: required and optional inputs, TSDoc descriptions, typed objects and enums, outputs", () => {
      const spec = schema.resources["pantstack:index:EcsApiService"];
      assert.deepEqual(spec.requiredInputs, ["cluster", "network", "repositoryUrl", "routing"]);
      assert.ok(!("transform" in spec.inputProperties), "the transform hatch is TypeScript-only");
      assert.equal(spec.inputProperties.cpu.type, "number");
      assert.equal(
        spec.inputProperties.cpu.description,
        "Task CPU units; with `memory`, one of Fargate's supported pairs.",
      );
      assert.equal(spec.inputProperties.imageTag.plain, true, "validated before registration, so plain");
      assert.equal(spec.inputProperties.cluster.plain, undefined, "an ARN may be another resource's output");
      assert.equal(spec.inputProperties.routing.$ref, "#/types/pantstack:index:ServiceRoutingSpec");
      assert.equal(spec.inputProperties.architecture.$ref, "#/types/pantstack:index:CpuArchitecture");
      assert.deepEqual(
        schema.types["pantstack:index:CpuArchitecture"].enum?.map((e) => e.value),
        ["X86_64", "ARM64"],
      );
      assert.equal(
        spec.inputProperties.imageDigest.plain,
        undefined,
        "a digest may come from a push's output",
      );
      assert.equal(
        spec.inputProperties.deploymentStrategy.$ref,
        "#/types/pantstack:index:DeploymentStrategySpec",
      );
      const strategy = schema.types["pantstack:index:DeploymentStrategySpec"].properties ?? {};
      assert.equal(strategy.type.$ref, "#/types/pantstack:index:DeploymentStrategyType");
      assert.deepEqual(
        schema.types["pantstack:index:DeploymentStrategyType"].enum?.map((e) => e.value),
        ["rolling", "canary", "linear"],
      );
      assert.equal(spec.inputProperties.alarms.$ref, "#/types/pantstack:index:ServiceAlarmsSpec");
      const routing = schema.types["pantstack:index:ServiceRoutingSpec"].properties ?? {};
      assert.equal(routing.dns.$ref, "#/types/pantstack:index:ServiceDns");
      assert.match(routing.priority.description ?? "", /1 to 50000/);
      assert.deepEqual(Object.keys(spec.properties).sort(), [
        "logGroupName",
        "securityGroupIds",
        "serviceArn",
        "serviceName",
        "targetGroupArn",
        "targetGroupArnSuffix",
        "url",
      ]);
      assert.equal(spec.properties.securityGroupIds.type, "array");
      assert.equal(spec.properties.url.description, "`https://<hostname>`.");
    });

    it("Network and HttpsLoadBalancer: inputs and outputs", () => {
      const network = schema.resources["pantstack:index:Network"];
      assert.deepEqual(network.requiredInputs, []);
      assert.equal(network.inputProperties.natGateways.$ref, "#/types/pantstack:index:NatGateways");
      assert.deepEqual(
        schema.types["pantstack:index:NatGateways"].enum?.map((e) => e.value),
        ["none", "single", "perAz"],
      );
      assert.equal(network.properties.taskSubnetIds.type, "array");
      assert.equal(network.properties.tasksNeedPublicIp.type, "boolean");
      const lb = schema.resources["pantstack:index:HttpsLoadBalancer"];
      assert.deepEqual(lb.requiredInputs, [
        "domainNames",
        "hostedZoneId",
        "subnetIds",
        "vpcCidrBlock",
        "vpcId",
      ]);
      assert.match(lb.inputProperties.sslPolicy.description ?? "", /TLS 1\.3/);
      assert.ok(lb.required.includes("httpsListenerArn"));
    });

    it("EcrRepository, GithubOidcRole, PreviewEnvironment: inputs and outputs", () => {
      const ecr = schema.resources["pantstack:index:EcrRepository"];
      assert.deepEqual(ecr.requiredInputs, []);
      assert.equal(ecr.inputProperties.encryption.$ref, "#/types/pantstack:index:EcrEncryptionSpec");
      assert.deepEqual(
        schema.types["pantstack:index:EcrEncryptionType"].enum?.map((e) => e.value),
        ["AES256", "KMS"],
      );
      assert.deepEqual(ecr.required, ["arn", "repositoryName", "repositoryUrl"]);

      const role = schema.resources["pantstack:index:GithubOidcRole"];
      assert.deepEqual(role.requiredInputs, ["repository", "subjects"]);
      assert.equal(role.inputProperties.subjects.items?.$ref, "#/types/pantstack:index:GithubSubjectSpec");
      assert.deepEqual(
        schema.types["pantstack:index:GithubSubjectKind"].enum?.map((e) => e.value),
        ["branch", "tag", "environment", "pullRequest"],
      );
      assert.match(role.inputProperties.inlinePolicies.description ?? "", /JSON/);
      assert.deepEqual(role.required, ["arn", "providerArn", "roleName"]);

      const preview = schema.resources["pantstack:index:PreviewEnvironment"];
      assert.deepEqual(preview.requiredInputs, ["imageTag", "platform", "prNumber", "repositoryUrl"]);
      assert.equal(preview.inputProperties.deployedAt.type, "string");
      assert.equal(preview.inputProperties.platform.$ref, "#/types/pantstack:index:PreviewPlatform");
      assert.deepEqual(preview.required, [
        "awakeHoursPerWeek",
        "expiresAt",
        "logGroupName",
        "prNumber",
        "serviceName",
        "sleepsAt",
        "url",
        "wakesAt",
      ]);
      assert.equal(preview.inputProperties.awakeHours.type, "string");
      assert.equal(
        schema.resources["pantstack:index:EcsApiService"].inputProperties.permissionsBoundaryArn.type,
        "string",
      );
    });

    it("EcsBackendService: the namespace, callers and port; shared task inputs; CPU-only autoscaling; outputs", () => {
      const spec = schema.resources["pantstack:index:EcsBackendService"];
      assert.deepEqual(spec.requiredInputs, [
        "clientSecurityGroupIds",
        "cluster",
        "namespaceArn",
        "network",
        "repositoryUrl",
      ]);
      assert.ok(!("transform" in spec.inputProperties), "the transform hatch is TypeScript-only");
      assert.equal(spec.inputProperties.namespaceArn.type, "string");
      assert.equal(spec.inputProperties.namespaceArn.plain, undefined, "a namespace's ARN is an output");
      const callers = spec.inputProperties.clientSecurityGroupIds;
      assert.equal(callers.type, "array");
      assert.equal(callers.plain, true, "one ingress rule per caller: the list must be known");
      assert.equal(callers.items?.type, "string");
      assert.equal(spec.inputProperties.containerPort.type, "number");
      assert.equal(spec.inputProperties.network.$ref, "#/types/pantstack:index:PrivateTaskNetwork");
      assert.equal(spec.inputProperties.architecture.$ref, "#/types/pantstack:index:CpuArchitecture");
      assert.equal(spec.inputProperties.taskPolicy.type, "string");
      assert.match(spec.inputProperties.taskPolicy.description ?? "", /JSON/);
      assert.equal(spec.inputProperties.autoscaling.$ref, "#/types/pantstack:index:BackendAutoscaling");
      const scaling = schema.types["pantstack:index:BackendAutoscaling"];
      assert.deepEqual(Object.keys(scaling.properties ?? {}).sort(), [
        "cpuTargetPercent",
        "maxCount",
        "minCount",
        "scaleInCooldownSeconds",
        "scaleOutCooldownSeconds",
      ]);
      assert.deepEqual(requiredOf("pantstack:index:PrivateTaskNetwork"), ["subnetIds", "vpcId"]);
      assert.deepEqual(spec.required, [
        "logGroupName",
        "securityGroupId",
        "serviceArn",
        "serviceName",
        "url",
      ]);
      assert.match(spec.properties.url.description ?? "", /http:\/\/<discoveryName>:<containerPort>/);
    });

    it("EcsWorkerService and ScheduledTask: the queue, scaling and schedule inputs; their outputs", () => {
      const worker = schema.resources["pantstack:index:EcsWorkerService"];
      assert.deepEqual(worker.requiredInputs, ["cluster", "network", "repositoryUrl"]);
      assert.equal(worker.inputProperties.queue.$ref, "#/types/pantstack:index:WorkerQueueSpec");
      assert.equal(worker.inputProperties.scaling.$ref, "#/types/pantstack:index:WorkerScalingSpec");
      const queue = schema.types["pantstack:index:WorkerQueueSpec"].properties ?? {};
      assert.equal(queue.visibilityTimeoutSeconds.type, "number");
      assert.equal(queue.maxReceiveCount.type, "number");
      assert.equal(queue.kmsKeyArn.type, "string");
      assert.deepEqual(requiredOf("pantstack:index:WorkerScalingSpec"), ["maxCount", "minCount"]);
      assert.deepEqual(worker.required, [
        "consumePolicy",
        "deadLetterQueueArn",
        "logGroupName",
        "queueArn",
        "queueUrl",
        "securityGroupId",
        "sendPolicy",
        "serviceArn",
        "serviceName",
      ]);
      assert.equal(worker.properties.sendPolicy.type, "string", "policies cross languages as JSON");

      const job = schema.resources["pantstack:index:ScheduledTask"];
      assert.deepEqual(job.requiredInputs, ["cluster", "network", "repositoryUrl", "schedule"]);
      assert.equal(job.inputProperties.schedule.type, "string");
      assert.equal(job.inputProperties.schedule.plain, true, "checked before registration, so plain");
      assert.equal(job.inputProperties.command.type, "array");
      assert.equal(job.inputProperties.command.items?.type, "string");
      assert.equal(job.inputProperties.enabled.type, "boolean");
      assert.equal(job.inputProperties.timeoutSeconds.type, "number");
      assert.ok(!("transform" in job.inputProperties));
      assert.deepEqual(job.required, [
        "logGroupName",
        "scheduleArn",
        "scheduleName",
        "schedulerRoleArn",
        "securityGroupId",
        "taskDefinitionArn",
      ]);
    });

    it("ServiceNamespace and AlarmTopic: optional inputs, the Slack channel type, outputs", () => {
      const ns = schema.resources["pantstack:index:ServiceNamespace"];
      assert.deepEqual(ns.requiredInputs, []);
      assert.equal(ns.inputProperties.namespaceName.type, "string");
      assert.deepEqual(ns.required, ["arn", "namespaceId", "namespaceName"]);
      const topic = schema.resources["pantstack:index:AlarmTopic"];
      assert.deepEqual(topic.requiredInputs, []);
      assert.equal(topic.inputProperties.slack.$ref, "#/types/pantstack:index:SlackChannel");
      assert.deepEqual(requiredOf("pantstack:index:SlackChannel"), ["channelId", "workspaceId"]);
      assert.equal(topic.inputProperties.keyAdministratorArns.items?.type, "string");
      assert.deepEqual(topic.required, ["namePrefix", "topicArn"]);
    });
  });

  describe("Construct, with the project's engine as the resource monitor", () => {
    /**
     * Constructs `type` over gRPC and runs the TypeScript class in-process under a component of the same type
     * token, so both trees have the same URNs and the fake AWS answers both alike; then compares them.
     */
    async function sameAsTypeScript(
      component: string,
      wire: Record<string, unknown>,
      typescript: (parent: pulumi.ComponentResource) => Record<string, pulumi.Input<unknown>>,
    ) {
      const monitor = engine.use();
      const constructed = await provider.construct({
        monitorAddress: engine.address,
        stack: STACK,
        config: { "aws:region": REGION },
        type: `pantstack:index:${component}`,
        name: "it",
        inputs: wire,
      });
      assert.deepEqual(monitor.failures, []);
      const expected = await run(
        () => typescript(new pulumi.ComponentResource(`pantstack:index:${component}`, "it")),
        {
          stack: STACK,
        },
      );
      assert.equal(constructed.urn, `urn:pulumi:${STACK}::pantstack::pantstack:index:${component}::it`);
      // The facade, the TypeScript component and at least one resource of its own.
      assert.ok(monitor.records.length >= 3, "the construct registered the component's children");
      // Registrations made inside `apply` may interleave differently across processes: compare by URN.
      const byUrn = (records: RecordedResource[]) =>
        records.map(comparable).sort((a, b) => a.urn.localeCompare(b.urn));
      assert.deepEqual(byUrn(monitor.records), byUrn(expected.resources));
      assert.deepEqual(constructed.state, expected.outputs);
      return { records: monitor.records, state: constructed.state };
    }

    it("EcrRepository: the same repository, lifecycle and repository policy, protected; same outputs", async () => {
      const { records, state } = await sameAsTypeScript("EcrRepository", fixtures.ecr.wire, (parent) => {
        const repo = new EcrRepository("it", fixtures.ecr.ts, { parent });
        return { repositoryName: repo.repositoryName, repositoryUrl: repo.repositoryUrl, arn: repo.arn };
      });
      const repo = records.find((r) => r.type === "aws:ecr/repository:Repository");
      assert.equal(repo?.options.protect, true);
      assert.match(
        String(state.repositoryUrl),
        /^123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/team\/api$/,
      );
      assert.match(String(state.arn), /^arn:aws:ecr:us-east-1:123456789012:repository\/team\/api$/);
    });

    it("EcsApiService: the same task definition, service, roles, autoscaling and DNS; same outputs", async () => {
      const { records, state } = await sameAsTypeScript("EcsApiService", fixtures.service.wire, (parent) => {
        const svc = new EcsApiService("it", fixtures.service.ts, { parent });
        return {
          serviceName: svc.serviceName,
          serviceArn: svc.serviceArn,
          targetGroupArn: svc.targetGroupArn,
          targetGroupArnSuffix: svc.targetGroupArnSuffix,
          logGroupName: svc.logGroupName,
          securityGroupIds: svc.securityGroupIds,
          url: svc.url,
        };
      });
      const task = records.find((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition");
      const [container] = JSON.parse(String(task?.inputs.containerDefinitions));
      assert.equal(container.image, "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack:v1.2.3");
      assert.deepEqual(task?.inputs.runtimePlatform, {
        operatingSystemFamily: "LINUX",
        cpuArchitecture: "ARM64",
      });
      assert.ok(records.some((r) => r.type === "aws:appautoscaling/policy:Policy"));
      assert.ok(records.some((r) => r.type === "aws:route53/record:Record"));
      assert.equal(state.url, "https://api.example.com");
      const roles = records.filter((r) => r.type === "aws:iam/role:Role");
      assert.ok(roles.length > 0);
      for (const role of roles)
        assert.match(String(role.inputs.permissionsBoundary), /pantstack-test-boundary$/);
    });

    it("GithubOidcRole: the same role, trust policy and inline policy; same outputs", async () => {
      const { records, state } = await sameAsTypeScript("GithubOidcRole", fixtures.role.wire, (parent) => {
        const role = new GithubOidcRole("it", fixtures.role.ts, { parent });
        return { arn: role.arn, roleName: role.roleName, providerArn: role.providerArn };
      });
      const role = records.find((r) => r.type === "aws:iam/role:Role");
      const trust = JSON.parse(String(role?.inputs.assumeRolePolicy));
      assert.match(JSON.stringify(trust), /repo:acme\/api:environment:production/);
      assert.match(String(state.arn), /^arn:aws:iam::123456789012:role\/pantstack\/ci\//);
    });

    it("PreviewEnvironment: the same per-PR resources, tags and expiry; same outputs", async () => {
      const { records, state } = await sameAsTypeScript(
        "PreviewEnvironment",
        fixtures.preview.wire,
        (parent) => {
          const preview = new PreviewEnvironment("it", fixtures.preview.ts, { parent });
          return {
            url: preview.url,
            prNumber: preview.prNumber,
            serviceName: preview.serviceName,
            logGroupName: preview.logGroupName,
            expiresAt: preview.expiresAt,
            awakeHoursPerWeek: preview.awakeHoursPerWeek,
            sleepsAt: preview.sleepsAt ?? "",
            wakesAt: preview.wakesAt ?? "",
          };
        },
      );
      assert.equal(state.url, "https://preview-pr-42.example.dev");
      // Deployed Friday 13:00 in Berlin, awake until 18:00 there (17:00 UTC), then asleep until Monday.
      assert.deepEqual(
        [state.awakeHoursPerWeek, state.sleepsAt, state.wakesAt],
        [50, "2026-11-27T17:00:00Z", "2026-11-30T07:00:00Z"],
      );
      assert.ok(records.some((r) => r.type === "aws:appautoscaling/scheduledAction:ScheduledAction"));
      assert.equal(state.expiresAt, "2026-12-04T12:00:00Z");
    });

    it("Network: the same VPC, subnets and NAT gateway across three AZs; same outputs", async () => {
      const { records, state } = await sameAsTypeScript("Network", fixtures.network.wire, (parent) => {
        const net = new Network("it", fixtures.network.ts, { parent });
        return {
          vpcId: net.vpcId,
          cidrBlock: net.cidrBlock,
          publicSubnetIds: net.publicSubnetIds,
          privateSubnetIds: net.privateSubnetIds,
          taskSubnetIds: net.taskSubnetIds,
          tasksNeedPublicIp: net.tasksNeedPublicIp,
        };
      });
      assert.equal(records.filter((r) => r.type === "aws:ec2/natGateway:NatGateway").length, 1);
      assert.equal((state.taskSubnetIds as string[]).length, 3);
      assert.equal(state.tasksNeedPublicIp, false);
    });

    it("HttpsLoadBalancer: the same load balancer, certificate, listeners and group, protected; same outputs", async () => {
      const { records, state } = await sameAsTypeScript(
        "HttpsLoadBalancer",
        fixtures.httpsLoadBalancer.wire,
        (parent) => {
          const lb = new HttpsLoadBalancer("it", fixtures.httpsLoadBalancer.ts, { parent });
          return {
            arn: lb.arn,
            arnSuffix: lb.arnSuffix,
            dnsName: lb.dnsName,
            zoneId: lb.zoneId,
            securityGroupId: lb.securityGroupId,
            httpsListenerArn: lb.httpsListenerArn,
            certificateArn: lb.certificateArn,
          };
        },
      );
      const alb = records.find((r) => r.type === "aws:lb/loadBalancer:LoadBalancer");
      assert.equal(alb?.options.protect, true);
      assert.match(
        String(state.httpsListenerArn),
        /^arn:aws:elasticloadbalancing:us-east-1:123456789012:listener\/app\//,
      );
    });

    it("EcsBackendService: the same task, Service Connect service, caller rules and autoscaling; same outputs", async () => {
      const { records, state } = await sameAsTypeScript("EcsBackendService", kinds.backend.wire, (parent) => {
        const svc = new EcsBackendService("it", kinds.backend.ts, { parent });
        return {
          serviceName: svc.serviceName,
          serviceArn: svc.serviceArn,
          logGroupName: svc.logGroupName,
          securityGroupId: svc.securityGroupId,
          url: svc.url,
        };
      });
      const service = records.find((r) => r.type === "aws:ecs/service:Service");
      const connect = service?.inputs.serviceConnectConfiguration as { namespace: string };
      assert.equal(connect.namespace, kinds.NAMESPACE_ARN);
      const rules = records.filter(
        (r) => r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
      );
      assert.deepEqual(rules.map((r) => r.inputs.referencedSecurityGroupId).sort(), ["sg-0api", "sg-0web"]);
      assert.ok(records.some((r) => r.type === "aws:appautoscaling/policy:Policy"));
      assert.equal(state.url, "http://auth:9000");
      const role = records.find((r) => r.type === "aws:iam/role:Role" && r.name.endsWith("task"));
      assert.match(String(role?.inputs.permissionsBoundary), /pantstack-test-boundary$/);
    });

    it("EcsWorkerService: the same queue, DLQ, service and backlog scaling; same outputs", async () => {
      const { records, state } = await sameAsTypeScript("EcsWorkerService", kinds.worker.wire, (parent) => {
        const worker = new EcsWorkerService("it", kinds.worker.ts, { parent });
        return {
          serviceName: worker.serviceName,
          serviceArn: worker.serviceArn,
          logGroupName: worker.logGroupName,
          queueUrl: worker.queueUrl,
          queueArn: worker.queueArn,
          deadLetterQueueArn: worker.deadLetterQueueArn,
          securityGroupId: worker.securityGroupId,
          consumePolicy: worker.consumePolicy.apply((d) => JSON.stringify(d)),
          sendPolicy: worker.sendPolicy.apply((d) => JSON.stringify(d)),
        };
      });
      const queues = records.filter((r) => r.type === "aws:sqs/queue:Queue");
      assert.equal(queues.length, 2);
      assert.ok(queues.some((q) => q.inputs.visibilityTimeoutSeconds === 120));
      assert.match(String(state.queueUrl), /^https:\/\/sqs\.us-east-1\.amazonaws\.com\/123456789012\//);
      assert.equal(JSON.parse(String(state.sendPolicy)).Version, "2012-10-17");
    });

    it("ScheduledTask: the same schedule, task definition and scheduler role; same outputs", async () => {
      const { records, state } = await sameAsTypeScript("ScheduledTask", kinds.job.wire, (parent) => {
        const job = new ScheduledTask("it", kinds.job.ts, { parent });
        return {
          scheduleArn: job.scheduleArn,
          scheduleName: job.scheduleName,
          taskDefinitionArn: job.taskDefinitionArn,
          logGroupName: job.logGroupName,
          schedulerRoleArn: job.schedulerRoleArn,
          securityGroupId: job.securityGroupId,
        };
      });
      const schedule = records.find((r) => r.type === "aws:scheduler/schedule:Schedule");
      assert.equal(schedule?.inputs.scheduleExpression, "cron(0 3 * * ? *)");
      assert.equal(schedule?.inputs.scheduleExpressionTimezone, "Europe/Berlin");
      assert.equal(state.scheduleName, "pantstack-unit-it");
    });

    it("ServiceNamespace and AlarmTopic: the same namespace, topic, key and Slack channel; same outputs", async () => {
      const ns = await sameAsTypeScript("ServiceNamespace", kinds.namespace.wire, (parent) => {
        const namespace = new ServiceNamespace("it", kinds.namespace.ts, { parent });
        return {
          arn: namespace.arn,
          namespaceId: namespace.namespaceId,
          namespaceName: namespace.namespaceName,
        };
      });
      assert.equal(ns.state.namespaceName, "pantstack-test");
      const topic = await sameAsTypeScript("AlarmTopic", kinds.alarmTopic.wire, (parent) => {
        const t = new AlarmTopic("it", kinds.alarmTopic.ts, { parent });
        return { topicArn: t.topicArn, namePrefix: t.namePrefix };
      });
      assert.ok(
        topic.records.some(
          (r) => r.type === "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration",
        ),
      );
      assert.match(String(topic.state.topicArn), /:pantstack-test-alarms$/);
    });

    it("refuses a schedule Scheduler would refuse, before registering anything", async () => {
      const monitor = engine.use();
      await assert.rejects(
        provider.construct({
          monitorAddress: engine.address,
          stack: STACK,
          config: { "aws:region": REGION },
          type: "pantstack:index:ScheduledTask",
          name: "bad",
          inputs: { ...kinds.job.wire, schedule: "cron(0 3 * * *)" },
        }),
        /ScheduledTask\(bad\)\.schedule: "cron\(0 3 \* \* \*\)" is not allowed/,
      );
      assert.deepEqual(monitor.records, []);
    });

    it("refuses bad input with the component's ValidationError, before registering anything", async () => {
      const monitor = engine.use();
      const bad = { ...fixtures.role.wire, subjects: [{ kind: "branch" }] };
      await assert.rejects(
        provider.construct({
          monitorAddress: engine.address,
          stack: STACK,
          config: { "aws:region": REGION },
          type: "pantstack:index:GithubOidcRole",
          name: "bad",
          inputs: bad,
        }),
        /GithubOidcRole\(bad\)\.subjects\[0\]\.name: \(missing\) is not allowed; a branch subject needs a name/,
      );
      assert.deepEqual(monitor.records, []);
    });
  });
});
