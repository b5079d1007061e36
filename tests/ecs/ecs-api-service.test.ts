import assert from "node:assert/strict";
import { EcsApiService } from "../../lib/ecs/ecs-api-service";
import type { EcsApiServiceArgs } from "../../lib/ecs/ecs-api-service-args";
import { json, ofType, one, refusedBeforeRegistration, run } from "../harness";

const ALB_SG = "sg-0alb";
const base: EcsApiServiceArgs = {
  cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/main",
  repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack",
  imageTag: "v1.2.3",
  network: { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] },
  routing: {
    listenerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/edge/1/2",
    loadBalancerSecurityGroupId: ALB_SG,
    hostname: "api.example.com",
    priority: 100,
    loadBalancerArnSuffix: "app/edge/0123456789abcdef",
  },
};
const service = (args: Partial<EcsApiServiceArgs> = {}) =>
  run(() => new EcsApiService("api", { ...base, ...args }), { stack: "prod" });

interface Container {
  name: string;
  image: string;
  privileged: boolean;
  readonlyRootFilesystem: boolean;
  environment: { name: string; value: string }[];
  secrets: { name: string; valueFrom: string }[];
  mountPoints: { containerPath: string; readOnly: boolean }[];
  healthCheck?: { command: string[]; interval: number };
  logConfiguration: { options: Record<string, string> };
  portMappings: { containerPort: number }[];
}

describe("EcsApiService", () => {
  it("runs the image repositoryUrl:imageTag in a hardened container that logs to its log group", async () => {
    const result = await service({ environment: { B: "2", A: "1" } });
    const task = one(result, "aws:ecs/taskDefinition:TaskDefinition");
    assert.equal(task.name, "api-task");
    assert.deepEqual(
      [task.inputs.cpu, task.inputs.memory, task.inputs.networkMode],
      ["256", "512", "awsvpc"],
    );
    assert.deepEqual(task.inputs.requiresCompatibilities, ["FARGATE"]);
    const [container] = json<Container[]>(task.inputs.containerDefinitions);
    assert.equal(container.image, "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack:v1.2.3");
    assert.equal(container.privileged, false);
    assert.equal(container.readonlyRootFilesystem, true);
    assert.deepEqual(
      container.mountPoints.map((m) => [m.containerPath, m.readOnly]),
      [["/tmp", false]],
    );
    assert.deepEqual(
      container.environment.map((e) => e.name),
      ["A", "B"],
      "sorted, so order does not churn revisions",
    );
    assert.deepEqual(container.portMappings, [{ containerPort: 8000, protocol: "tcp" }]);
    assert.equal(
      container.healthCheck,
      undefined,
      "no container health check by default: the image may have no interpreter; the target group probes it",
    );
    const logs = one(result, "aws:cloudwatch/logGroup:LogGroup");
    assert.equal(logs.inputs.retentionInDays, 30);
    assert.equal(container.logConfiguration.options["awslogs-group"], logs.inputs.name);
    assert.equal(logs.inputs.name, "/pantstack/prod/api");
    assert.equal(logs.options.retainOnDelete, false);
  });

  it("runs repositoryUrl@digest when given a digest, and a container health check only when asked", async () => {
    const digest = `sha256:${"ab".repeat(32)}`;
    const result = await service({
      imageDigest: digest,
      containerHealthCheck: { command: ["CMD", "/app/healthcheck"], intervalSeconds: 10 },
    });
    const [container] = json<Container[]>(
      one(result, "aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions,
    );
    assert.equal(container.image, `123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack@${digest}`);
    assert.deepEqual(container.healthCheck?.command, ["CMD", "/app/healthcheck"]);
    assert.equal(container.healthCheck?.interval, 10);
  });

  it("deploys with the circuit breaker and rollback, 100%/200%, behind a host-header rule", async () => {
    const result = await service();
    const svc = one(result, "aws:ecs/service:Service");
    assert.equal(svc.name, "api-service", "stable logical name for rollback --target");
    assert.equal(
      svc.urn,
      "urn:pulumi:prod::pantstack::pantstack:ecs:EcsApiService$aws:ecs/service:Service::api-service",
    );
    assert.deepEqual(svc.inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
    assert.equal(svc.inputs.deploymentMinimumHealthyPercent, 100);
    assert.equal(svc.inputs.deploymentMaximumPercent, 200);
    assert.equal(svc.inputs.healthCheckGracePeriodSeconds, 60);
    assert.equal(svc.inputs.launchType, "FARGATE");
    assert.equal(svc.inputs.taskDefinition, one(result, "aws:ecs/taskDefinition:TaskDefinition").outputs.arn);
    const tg = one(result, "aws:lb/targetGroup:TargetGroup");
    assert.equal(tg.inputs.targetType, "ip");
    assert.equal((tg.inputs.healthCheck as { path: string }).path, "/health");
    assert.deepEqual(svc.inputs.loadBalancers, [
      { targetGroupArn: tg.outputs.arn, containerName: "app", containerPort: 8000 },
    ]);
    const rule = one(result, "aws:lb/listenerRule:ListenerRule");
    assert.equal(rule.inputs.priority, 100);
    assert.deepEqual(rule.inputs.conditions, [{ hostHeader: { values: ["api.example.com"] } }]);
    assert.ok(
      svc.options.dependencies.includes(rule.urn),
      "the service waits for its target group to be routed",
    );
  });

  it("admits only the load balancer's security group, on the container port", async () => {
    const result = await service({ containerPort: 9000 });
    const ingress = ofType(result, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    assert.equal(ingress.length, 1);
    assert.equal(ingress[0].inputs.referencedSecurityGroupId, ALB_SG);
    assert.deepEqual([ingress[0].inputs.fromPort, ingress[0].inputs.toPort], [9000, 9000]);
    assert.equal(ingress[0].inputs.cidrIpv4, undefined);
    const sg = one(result, "aws:ec2/securityGroup:SecurityGroup");
    assert.equal(ingress[0].inputs.securityGroupId, sg.id);
    assert.deepEqual(
      (one(result, "aws:ecs/service:Service").inputs.networkConfiguration as { securityGroups: string[] })
        .securityGroups,
      [sg.id],
    );
  });

  it("lets the execution role read exactly the task's secrets, its image and its logs", async () => {
    const parameter = "arn:aws:ssm:us-east-1:123456789012:parameter/pantstack/db-url";
    const secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-key-AbCdEf";
    // One JSON key of a secret: ECS takes the suffix, IAM grants on the secret itself.
    const secretKey = `${secret}:token::`;
    const result = await service({
      secrets: { DATABASE_URL: parameter, API_KEY: secret, API_TOKEN: secretKey },
    });
    const policy = json<{
      Statement: { Sid: string; Action: string | string[]; Resource: string | string[] }[];
    }>(one(result, "aws:iam/rolePolicy:RolePolicy", "api-execution").inputs.policy);
    const bySid = Object.fromEntries(policy.Statement.map((s) => [s.Sid, s.Resource]));
    assert.deepEqual(bySid, {
      RegistryLogin: "*",
      PullImage: "arn:aws:ecr:us-east-1:123456789012:repository/pantstack",
      WriteLogs: ["arn:aws:logs:us-east-1:123456789012:log-group:/pantstack/prod/api:*"],
      ReadParameters: [parameter],
      ReadSecrets: [secret],
    });
    const [container] = json<Container[]>(
      one(result, "aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions,
    );
    assert.deepEqual(container.secrets, [
      { name: "API_KEY", valueFrom: secret },
      { name: "API_TOKEN", valueFrom: secretKey },
      { name: "DATABASE_URL", valueFrom: parameter },
    ]);
    const roles = ofType(result, "aws:iam/role:Role");
    assert.deepEqual(
      roles.map((r) => r.inputs.path),
      ["/pantstack/", "/pantstack/"],
    );
    assert.match(String(roles[0].inputs.assumeRolePolicy), /ecs-tasks\.amazonaws\.com/);
  });

  it("puts the permissions boundary on both roles and trusts ECS only for this account", async () => {
    const boundary = "arn:aws:iam::123456789012:policy/pantstack/boundaries/pantstack-prod-boundary";
    const result = await service({ permissionsBoundaryArn: boundary });
    const roles = ofType(result, "aws:iam/role:Role");
    assert.deepEqual(
      roles.map((r) => [r.name, r.inputs.permissionsBoundary]),
      [
        ["api-execution", boundary],
        ["api-task", boundary],
      ],
    );
    for (const role of roles) {
      assert.deepEqual(
        json<{ Statement: { Condition: unknown }[] }>(role.inputs.assumeRolePolicy).Statement[0].Condition,
        {
          StringEquals: { "aws:SourceAccount": "123456789012" },
        },
      );
    }
    const unbounded = await service();
    assert.deepEqual(
      ofType(unbounded, "aws:iam/role:Role").map((r) => r.inputs.permissionsBoundary),
      [undefined, undefined],
    );
  });

  it("creates no role when roles are given (stacks that may not create IAM)", async () => {
    const result = await service({
      executionRoleArn: "arn:aws:iam::123456789012:role/pantstack/preview/exec",
      taskRoleArn: "arn:aws:iam::123456789012:role/pantstack/preview/task",
    });
    assert.equal(ofType(result, "aws:iam/role:Role").length, 0);
    assert.equal(ofType(result, "aws:iam/rolePolicy:RolePolicy").length, 0);
    assert.equal(
      one(result, "aws:ecs/taskDefinition:TaskDefinition").inputs.executionRoleArn,
      "arn:aws:iam::123456789012:role/pantstack/preview/exec",
    );
  });

  it("scales on CPU and requests per target, and leaves the scaled count alone on deploy", async () => {
    const result = await service({ autoscaling: { minCount: 2, maxCount: 10, requestsPerTarget: 500 } });
    const target = one(result, "aws:appautoscaling/target:Target");
    assert.deepEqual([target.inputs.minCapacity, target.inputs.maxCapacity], [2, 10]);
    assert.match(String(target.inputs.resourceId), /^service\/main\/api-service-[0-9a-f]{7}$/);
    const policies = ofType(result, "aws:appautoscaling/policy:Policy").map(
      (p) =>
        p.inputs.targetTrackingScalingPolicyConfiguration as {
          predefinedMetricSpecification: { predefinedMetricType: string; resourceLabel?: string };
          targetValue: number;
        },
    );
    assert.deepEqual(
      policies.map((p) => [p.predefinedMetricSpecification.predefinedMetricType, p.targetValue]),
      [
        ["ECSServiceAverageCPUUtilization", 60],
        ["ALBRequestCountPerTarget", 500],
      ],
    );
    assert.match(
      String(policies[1].predefinedMetricSpecification.resourceLabel),
      /^app\/edge\/0123456789abcdef\/targetgroup\/api-tg-[0-9a-f]{7}\/[0-9a-f]{16}$/,
    );
    const svc = one(result, "aws:ecs/service:Service");
    assert.equal(svc.inputs.desiredCount, 2);
    assert.deepEqual(svc.options.ignoreChanges, ["desiredCount"]);
  });

  it("runs on Fargate Spot when asked", async () => {
    const svc = one(await service({ spot: true }), "aws:ecs/service:Service");
    assert.deepEqual(svc.inputs.capacityProviderStrategies, [
      { capacityProvider: "FARGATE_SPOT", weight: 1 },
    ]);
    assert.equal(svc.inputs.launchType, undefined);
  });

  it("keeps and protects its logs when asked, and publishes a DNS alias", async () => {
    const result = await service({
      retainLogs: true,
      routing: {
        ...base.routing,
        dns: {
          zoneId: "Z123",
          loadBalancerDnsName: "edge-1.elb.amazonaws.com",
          loadBalancerZoneId: "Z35SXDOTRQ7X7K",
        },
      },
    });
    const logs = one(result, "aws:cloudwatch/logGroup:LogGroup");
    assert.deepEqual([logs.options.protect, logs.options.retainOnDelete], [true, true]);
    const record = one(result, "aws:route53/record:Record");
    assert.deepEqual(
      [record.inputs.name, record.inputs.type, record.inputs.zoneId],
      ["api.example.com", "A", "Z123"],
    );
  });

  it("calls backends as a Service Connect client only when given a namespace", async () => {
    const namespace = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-0123456789abcdef";
    const client = one(await service({ serviceConnectNamespaceArn: namespace }), "aws:ecs/service:Service");
    assert.deepEqual(client.inputs.serviceConnectConfiguration, { enabled: true, namespace });
    const plain = one(await service(), "aws:ecs/service:Service");
    assert.ok(!("serviceConnectConfiguration" in plain.inputs));
  });

  it("applies transforms to children's arguments", async () => {
    const result = await service({ transform: { service: (a) => ({ ...a, enableExecuteCommand: true }) } });
    assert.equal(one(result, "aws:ecs/service:Service").inputs.enableExecuteCommand, true);
  });

  it("exposes the documented outputs", async () => {
    const result = await run(
      () => {
        const api = new EcsApiService("api", base);
        return {
          url: api.url,
          serviceName: api.serviceName,
          tg: api.targetGroupArnSuffix,
          logs: api.logGroupName,
        };
      },
      { stack: "prod" },
    );
    const outputs = Object.values(result.outputs);
    assert.equal(outputs[0], "https://api.example.com");
    assert.match(String(outputs[1]), /^api-service-[0-9a-f]{7}$/);
    assert.match(String(outputs[2]), /^targetgroup\/api-tg-/);
    assert.equal(outputs[3], "/pantstack/prod/api");
  });

  const invalid: [Partial<EcsApiServiceArgs>, RegExp][] = [
    [{ cpu: 300 }, /EcsApiService\(api\)\.cpu: 300 .*256, 512, 1024/],
    [{ memory: 3000 }, /\.memory: 3000 .*with cpu 256, Fargate memory must be one of 512, 1024, 2048/],
    [{ imageTag: "bad tag" }, /\.imageTag: "bad tag"/],
    [{ containerPort: 70000 }, /\.containerPort: 70000 .*1 to 65535/],
    [{ routing: { ...base.routing, priority: 0 } }, /routing\.priority: 0 .*1 to 50000/],
    [{ routing: { ...base.routing, priority: 50001 } }, /routing\.priority: 50001/],
    [{ routing: { ...base.routing, hostname: "*.example.com" } }, /routing\.hostname: "\*\.example\.com"/],
    [{ healthCheck: { intervalSeconds: 4 } }, /healthCheck\.intervalSeconds: 4 .*5 to 300/],
    [
      { healthCheck: { intervalSeconds: 10, timeoutSeconds: 10 } },
      /healthCheck\.timeoutSeconds: 10 .*less than intervalSeconds \(10\)/,
    ],
    [{ healthCheck: { healthyThreshold: 11 } }, /healthCheck\.healthyThreshold: 11 .*2 to 10/],
    [{ healthCheck: { path: "health" } }, /healthCheck\.path: "health"/],
    [{ healthCheck: { matcher: "ok" } }, /healthCheck\.matcher: "ok"/],
    [{ containerHealthCheck: { retries: 0 } }, /containerHealthCheck\.retries: 0/],
    [{ containerHealthCheck: { command: ["curl"] } }, /containerHealthCheck\.command/],
    [{ containerHealthCheck: { retries: 2 } }, /containerHealthCheck\.command: \(missing\)/],
    [{ imageTag: undefined }, /\.imageTag: \(missing\) is not allowed; give imageTag or imageDigest/],
    [{ imageDigest: "sha256:abc" }, /\.imageDigest: "sha256:abc" .*64 lowercase hex/],
    [{ environment: { "1BAD": "x" } }, /environment: "1BAD"/],
    [
      { secrets: { DB: "plain-text" } },
      /secrets\.DB: "plain-text" .*SSM parameter or a Secrets Manager secret/,
    ],
    [
      { environment: { DB: "x" }, secrets: { DB: "arn:aws:ssm:us-east-1:123456789012:parameter/db" } },
      /both plain and secret/,
    ],
    [{ autoscaling: { minCount: 5, maxCount: 2 } }, /autoscaling\.maxCount: 2 .*at least minCount \(5\)/],
    [{ autoscaling: { minCount: 0, maxCount: 2 } }, /autoscaling\.minCount: 0/],
    [
      { autoscaling: { minCount: 1, maxCount: 2, cpuTargetPercent: false } },
      /keep a CPU target or set requestsPerTarget/,
    ],
    [
      {
        autoscaling: { minCount: 1, maxCount: 2, requestsPerTarget: 100 },
        routing: { ...base.routing, loadBalancerArnSuffix: undefined },
      },
      /loadBalancerArnSuffix/,
    ],
    [
      { autoscaling: { minCount: 2, maxCount: 4 }, desiredCount: 5 },
      /desiredCount: 5 .*within autoscaling's 2 to 4/,
    ],
    [{ minimumHealthyPercent: 101 }, /minimumHealthyPercent: 101/],
    [{ maximumPercent: 100 }, /maximumPercent: 100 .*above 100/],
    [{ logRetentionDays: 2 }, /logRetentionDays: 2 .*1, 3, 5, 7/],
    [{ logGroupName: "bad name" }, /logGroupName: "bad name"/],
    [
      { permissionsBoundaryArn: "arn:aws:iam::123456789012:role/not-a-policy" },
      /permissionsBoundaryArn: "arn:aws:iam::123456789012:role\/not-a-policy" .*IAM managed policy ARN/,
    ],
  ];
  for (const [args, message] of invalid) {
    it(`refuses ${JSON.stringify(args).slice(0, 90)} before registering anything`, async () => {
      await refusedBeforeRegistration(() => new EcsApiService("api", { ...base, ...args }), message);
    });
  }

  it("refuses a name whose target group name would exceed 32 characters", async () => {
    await refusedBeforeRegistration(
      () => new EcsApiService("a-very-long-service-name", base),
      /"a-very-long-service-name-tg" .*1 to 24 characters/,
    );
  });
});
