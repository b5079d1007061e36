import assert from "node:assert/strict";
import { EcsBackendService } from "../../lib/ecs/ecs-backend-service";
import { EcsWorkerService } from "../../lib/ecs/ecs-worker-service";
import type { FargateTaskArgs } from "../../lib/ecs/fargate-task-args";
import { ScheduledTask } from "../../lib/ecs/scheduled-task";
import { ofType, one, refusedBeforeRegistration, run } from "../harness";

// A stack that may create no network resources (a preview on test's platform) runs its tasks in test's group.
const GIVEN = "sg-0preview";
const task: FargateTaskArgs = {
  cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/pantstack-test",
  repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack-preview",
  imageTag: "auth-pr-1-abc1234",
  network: { vpcId: "vpc-1", subnetIds: ["subnet-a"], securityGroupIds: [GIVEN] },
  executionRoleArn: "arn:aws:iam::123456789012:role/pantstack/preview/preview-execution",
  taskRoleArn: "arn:aws:iam::123456789012:role/pantstack/preview/preview-task",
};
const NAMESPACE = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-0123456789abcdef";
const SCHEDULER = "arn:aws:iam::123456789012:role/pantstack/preview/preview-scheduler";

const GROUP_TYPES = [
  "aws:ec2/securityGroup:SecurityGroup",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
];

describe("backends, workers and jobs in given security groups (network.securityGroupIds)", () => {
  const components = {
    backend: () =>
      new EcsBackendService("pr-1-auth", { ...task, namespaceArn: NAMESPACE, clientSecurityGroupIds: [] })
        .securityGroupId,
    worker: () => new EcsWorkerService("pr-1-events", task).securityGroupId,
    job: () =>
      new ScheduledTask("pr-1-nightly", { ...task, schedule: "rate(1 day)", schedulerRoleArn: SCHEDULER })
        .securityGroupId,
  };
  for (const [kind, create] of Object.entries(components)) {
    it(`a ${kind} runs in them and creates no group, rule or role of its own`, async () => {
      const result = await run(() => ({ securityGroupId: create() }), { stack: "preview-pr-1" });
      for (const type of [...GROUP_TYPES, "aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy"]) {
        assert.deepEqual(ofType(result, type), [], `${kind}: ${type}`);
      }
      const network =
        kind === "job"
          ? (
              one(result, "aws:scheduler/schedule:Schedule").inputs.target as {
                ecsParameters: { networkConfiguration: unknown };
              }
            ).ecsParameters.networkConfiguration
          : one(result, "aws:ecs/service:Service").inputs.networkConfiguration;
      assert.deepEqual(network, { subnets: ["subnet-a"], securityGroups: [GIVEN], assignPublicIp: false });
      assert.equal(result.outputs.securityGroupId, GIVEN);
    });
  }

  it("without them, each still creates its own group (the environments' case)", async () => {
    const result = await run(
      () =>
        new EcsWorkerService("events", {
          ...task,
          network: { vpcId: "vpc-1", subnetIds: ["subnet-a"] },
        }),
    );
    const group = one(result, "aws:ec2/securityGroup:SecurityGroup", "events-tasks");
    assert.deepEqual(
      (one(result, "aws:ecs/service:Service").inputs.networkConfiguration as { securityGroups: string[] })
        .securityGroups,
      [group.id],
    );
  });

  it("a backend in given groups refuses callers to admit (it owns no group to add their rules to)", async () => {
    await refusedBeforeRegistration(
      () =>
        new EcsBackendService("pr-1-auth", {
          ...task,
          namespaceArn: NAMESPACE,
          clientSecurityGroupIds: ["sg-0api"],
        }),
      /^EcsBackendService\(pr-1-auth\)\.clientSecurityGroupIds: "1 groups" is not allowed; with network\.securityGroupIds the component adds no ingress rule/,
    );
  });
});
