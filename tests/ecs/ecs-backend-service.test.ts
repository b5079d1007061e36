import assert from "node:assert/strict";
import { EcsBackendService } from "../../lib/ecs/ecs-backend-service";
import type { EcsBackendServiceArgs } from "../../lib/ecs/ecs-backend-service-args";
import { ServiceNamespace } from "../../lib/network/service-namespace";
import { json, ofType, one, refusedBeforeRegistration, run } from "../harness";

const NAMESPACE = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-0123456789abcdef";
const base: EcsBackendServiceArgs = {
  cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/pantstack-test",
  repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack/auth",
  imageTag: "v1.2.3",
  network: { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] },
  namespaceArn: NAMESPACE,
  clientSecurityGroupIds: ["sg-0api", "sg-0worker"],
};
const backend = (args: Partial<EcsBackendServiceArgs> = {}) =>
  run(() => new EcsBackendService("auth", { ...base, ...args }), { stack: "test" });

interface Container {
  portMappings: { name?: string; containerPort: number; appProtocol?: string }[];
  healthCheck: { command: string[] };
  readonlyRootFilesystem: boolean;
  logConfiguration: { options: Record<string, string> };
}
interface ServiceConnect {
  enabled: boolean;
  namespace: string;
  services: { portName: string; discoveryName: string; clientAlias: { port: number; dnsName: string }[] }[];
  logConfiguration: { logDriver: string; options: Record<string, string> };
}

describe("EcsBackendService", () => {
  it("serves http://<name>:<port> through Service Connect in the environment's namespace, with no load balancer", async () => {
    const result = await backend({ containerPort: 9000 });
    const svc = one(result, "aws:ecs/service:Service");
    assert.equal(svc.name, "auth-service");
    const connect = svc.inputs.serviceConnectConfiguration as ServiceConnect;
    assert.equal(connect.enabled, true);
    assert.equal(connect.namespace, NAMESPACE);
    assert.deepEqual(connect.services, [
      { portName: "http", discoveryName: "auth", clientAlias: [{ port: 9000, dnsName: "auth" }] },
    ]);
    assert.equal(connect.logConfiguration.options["awslogs-group"], "/pantstack/test/auth");
    const [container] = json<Container[]>(
      one(result, "aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions,
    );
    assert.deepEqual(container.portMappings, [
      { name: "http", containerPort: 9000, protocol: "tcp", appProtocol: "http" },
    ]);
    assert.equal(container.healthCheck, undefined, "no health check that needs an interpreter in the image");
    assert.equal(container.readonlyRootFilesystem, true);
    assert.equal(svc.inputs.loadBalancers, undefined);
    for (const type of ["aws:lb/targetGroup:TargetGroup", "aws:lb/listenerRule:ListenerRule"]) {
      assert.equal(ofType(result, type).length, 0, type);
    }
    const outputs = await run(() => ({
      url: new EcsBackendService("auth", { ...base, containerPort: 9000 }).url,
    }));
    assert.equal(outputs.outputs.url, "http://auth:9000");
  });

  it("admits only its callers' security groups, on the port, and never gets a public IP", async () => {
    const result = await backend();
    const sg = one(result, "aws:ec2/securityGroup:SecurityGroup");
    const ingress = ofType(result, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    assert.deepEqual(
      ingress.map((r) => [
        r.inputs.securityGroupId,
        r.inputs.referencedSecurityGroupId,
        r.inputs.fromPort,
        r.inputs.toPort,
      ]),
      [
        [sg.id, "sg-0api", 8000, 8000],
        [sg.id, "sg-0worker", 8000, 8000],
      ],
    );
    assert.ok(ingress.every((r) => r.inputs.cidrIpv4 === undefined));
    const network = one(result, "aws:ecs/service:Service").inputs.networkConfiguration as {
      assignPublicIp: boolean;
      securityGroups: string[];
    };
    assert.equal(network.assignPublicIp, false);
    assert.deepEqual(network.securityGroups, [sg.id]);
    const none = await backend({ clientSecurityGroupIds: [] });
    assert.equal(ofType(none, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").length, 0);
  });

  it("deploys with the circuit breaker and rollback, as the API does", async () => {
    const svc = one(await backend(), "aws:ecs/service:Service");
    assert.deepEqual(svc.inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
    assert.deepEqual(
      [
        svc.inputs.deploymentMinimumHealthyPercent,
        svc.inputs.deploymentMaximumPercent,
        svc.inputs.launchType,
      ],
      [100, 200, "FARGATE"],
    );
    assert.equal(svc.inputs.waitForSteadyState, true);
  });

  it("scales on CPU and leaves the scaled count alone on deploy", async () => {
    const result = await backend({ autoscaling: { minCount: 2, maxCount: 6, cpuTargetPercent: 50 } });
    const target = one(result, "aws:appautoscaling/target:Target");
    assert.deepEqual([target.inputs.minCapacity, target.inputs.maxCapacity], [2, 6]);
    assert.match(String(target.inputs.resourceId), /^service\/pantstack-test\/auth-service-[0-9a-f]{7}$/);
    const policy = one(result, "aws:appautoscaling/policy:Policy");
    assert.deepEqual(policy.inputs.targetTrackingScalingPolicyConfiguration, {
      predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
      targetValue: 50,
      scaleInCooldown: 300,
      scaleOutCooldown: 60,
    });
    const svc = one(result, "aws:ecs/service:Service");
    assert.equal(svc.inputs.desiredCount, 2);
    assert.deepEqual(svc.options.ignoreChanges, ["desiredCount"]);
  });

  it("gives the execution role its image, logs and secrets only, with the boundary", async () => {
    const boundary = "arn:aws:iam::123456789012:policy/pantstack/boundaries/pantstack-test-boundary";
    const parameter = "arn:aws:ssm:us-east-1:123456789012:parameter/pantstack/test/auth-key";
    const result = await backend({ permissionsBoundaryArn: boundary, secrets: { AUTH_KEY: parameter } });
    const policy = json<{ Statement: { Sid: string; Resource: unknown }[] }>(
      one(result, "aws:iam/rolePolicy:RolePolicy", "auth-execution").inputs.policy,
    );
    assert.deepEqual(Object.fromEntries(policy.Statement.map((s) => [s.Sid, s.Resource])), {
      RegistryLogin: "*",
      PullImage: "arn:aws:ecr:us-east-1:123456789012:repository/pantstack/auth",
      WriteLogs: ["arn:aws:logs:us-east-1:123456789012:log-group:/pantstack/test/auth:*"],
      ReadParameters: [parameter],
    });
    assert.deepEqual(
      ofType(result, "aws:iam/role:Role").map((r) => [r.name, r.inputs.permissionsBoundary]),
      [
        ["auth-execution", boundary],
        ["auth-task", boundary],
      ],
    );
  });

  it("applies transforms to children's arguments", async () => {
    const result = await backend({
      transform: {
        service: (a) => ({ ...a, enableExecuteCommand: true }),
        taskDefinition: (a) => ({ ...a, cpu: "512", memory: "1024" }),
      },
    });
    assert.equal(one(result, "aws:ecs/service:Service").inputs.enableExecuteCommand, true);
    assert.equal(one(result, "aws:ecs/taskDefinition:TaskDefinition").inputs.cpu, "512");
  });

  it("runs its image by digest when given one, in place of the tag", async () => {
    const digest = `sha256:${"a".repeat(64)}`;
    const result = await backend({ imageDigest: digest, imageTag: undefined });
    const [container] = json<{ image: string }[]>(
      one(result, "aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions,
    );
    assert.equal(container.image, `${base.repositoryUrl}@${digest}`);
  });

  const invalid: [Partial<EcsBackendServiceArgs>, RegExp][] = [
    [
      { imageTag: undefined },
      /^EcsBackendService\(auth\)\.imageTag: \(missing\) is not allowed; give imageTag or imageDigest$/,
    ],
    [
      { imageDigest: "sha256:abc" },
      /^EcsBackendService\(auth\)\.imageDigest: "sha256:abc" .*64 lowercase hex/,
    ],
    [
      { containerPort: 0 },
      /^EcsBackendService\(auth\)\.containerPort: 0 is not allowed; expected an integer from 1 to 65535$/,
    ],
    [
      { discoveryName: "Auth_1" },
      /^EcsBackendService\(auth\)\.discoveryName: "Auth_1" is not allowed; expected a DNS label/,
    ],
    [{ cpu: 300 }, /^EcsBackendService\(auth\)\.cpu: 300 /],
    [{ imageTag: "bad tag" }, /^EcsBackendService\(auth\)\.imageTag: "bad tag"/],
    [{ secrets: { KEY: "plain" } }, /^EcsBackendService\(auth\)\.secrets\.KEY: "plain"/],
    [
      { autoscaling: { minCount: 1, maxCount: 2, requestsPerTarget: 10 } as never },
      /^EcsBackendService\(auth\)\.autoscaling\.requestsPerTarget: 10 is not allowed; a backend has no load balancer/,
    ],
    [{ autoscaling: { minCount: 3, maxCount: 2 } }, /autoscaling\.maxCount: 2 .*at least minCount \(3\)/],
    [{ maximumPercent: 100 }, /^EcsBackendService\(auth\)\.maximumPercent: 100 .*above 100/],
  ];
  for (const [args, message] of invalid) {
    it(`refuses ${JSON.stringify(args).slice(0, 80)} before registering anything`, async () => {
      await refusedBeforeRegistration(() => new EcsBackendService("auth", { ...base, ...args }), message);
    });
  }
});

describe("ServiceNamespace", () => {
  it("creates the environment's one HTTP namespace, named after the stack, and exposes its ARN", async () => {
    const result = await run(
      () => {
        const ns = new ServiceNamespace("services");
        return { arn: ns.arn, id: ns.namespaceId };
      },
      { stack: "prod" },
    );
    const namespace = one(result, "aws:servicediscovery/httpNamespace:HttpNamespace");
    assert.equal(namespace.inputs.name, "pantstack-prod");
    assert.equal(namespace.parent, one(result, "pantstack:network:ServiceNamespace").urn);
    assert.match(String(result.outputs.id), /^ns-[0-9a-f]{16}$/);
    assert.equal(
      result.outputs.arn,
      `arn:aws:servicediscovery:us-east-1:123456789012:namespace/${result.outputs.id}`,
    );
  });

  it("refuses a name Cloud Map would not take, before registering anything", async () => {
    await refusedBeforeRegistration(
      () => new ServiceNamespace("services", { namespaceName: "-bad name" }),
      /^ServiceNamespace\(services\)\.namespaceName: "-bad name" is not allowed; expected 1 to 1024/,
    );
  });
});
