import assert from "node:assert/strict";
import { EcsWorkerService } from "../../lib/ecs/ecs-worker-service";
import type { EcsWorkerServiceArgs } from "../../lib/ecs/ecs-worker-service-args";
import { json, ofType, one, refusedBeforeRegistration, run } from "../harness";

const QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:pantstack-test-events";
const base: EcsWorkerServiceArgs = {
  cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/pantstack-test",
  repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack/events",
  imageTag: "v1.2.3",
  network: { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] },
};
const worker = (args: Partial<EcsWorkerServiceArgs> = {}) =>
  run(() => new EcsWorkerService("events", { ...base, ...args }), { stack: "test" });

interface Statement {
  Sid: string;
  Action: string[];
  Resource: string;
}
interface Metric {
  id: string;
  expression?: string;
  returnData: boolean;
  metricStat?: { metric: { metricName: string; dimensions: { name: string; value: string }[] } };
}

describe("EcsWorkerService", () => {
  it("creates its queue and DLQ: encrypted, long polling, redrive after maxReceiveCount, DLQ for this queue only", async () => {
    const result = await worker({ queue: { visibilityTimeoutSeconds: 120, maxReceiveCount: 3 } });
    const queue = one(result, "aws:sqs/queue:Queue", "events-queue");
    const dlq = one(result, "aws:sqs/queue:Queue", "events-dlq");
    assert.equal(queue.inputs.name, "pantstack-test-events");
    assert.equal(dlq.inputs.name, "pantstack-test-events-dlq");
    assert.deepEqual(
      [
        queue.inputs.visibilityTimeoutSeconds,
        queue.inputs.receiveWaitTimeSeconds,
        queue.inputs.messageRetentionSeconds,
      ],
      [120, 20, 345600],
    );
    assert.deepEqual(json(queue.inputs.redrivePolicy), {
      deadLetterTargetArn: "arn:aws:sqs:us-east-1:123456789012:pantstack-test-events-dlq",
      maxReceiveCount: 3,
    });
    assert.equal(dlq.outputs.arn, "arn:aws:sqs:us-east-1:123456789012:pantstack-test-events-dlq");
    assert.deepEqual(json(dlq.inputs.redriveAllowPolicy), {
      redrivePermission: "byQueue",
      sourceQueueArns: [queue.outputs.arn],
    });
    assert.equal(dlq.inputs.messageRetentionSeconds, 1209600);
    for (const q of [queue, dlq]) {
      assert.equal(q.inputs.sqsManagedSseEnabled, true, q.name);
      assert.equal(q.inputs.kmsMasterKeyId, undefined);
    }
  });

  it("tells the container its queue's URL, and lets the task role consume exactly that queue", async () => {
    const result = await worker({ environment: { LOG_LEVEL: "info" } });
    const [container] = json<{ environment: { name: string; value: string }[]; portMappings: unknown[] }[]>(
      one(result, "aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions,
    );
    assert.deepEqual(container.environment, [
      { name: "LOG_LEVEL", value: "info" },
      {
        name: "PANTSTACK_QUEUE_URL",
        value: "https://sqs.us-east-1.amazonaws.com/123456789012/pantstack-test-events",
      },
    ]);
    assert.deepEqual(container.portMappings, []);
    const policy = one(result, "aws:iam/rolePolicy:RolePolicy", "events-queue");
    assert.equal(policy.inputs.role, one(result, "aws:iam/role:Role", "events-task").outputs.name);
    const statements = json<{ Statement: Statement[] }>(policy.inputs.policy).Statement;
    assert.deepEqual(statements, [
      {
        Sid: "Queue",
        Effect: "Allow",
        Action: [
          "sqs:ChangeMessageVisibility",
          "sqs:DeleteMessage",
          "sqs:GetQueueAttributes",
          "sqs:GetQueueUrl",
          "sqs:ReceiveMessage",
        ],
        Resource: QUEUE_ARN,
      },
    ]);
  });

  it("uses a customer-managed key when given, and lets the task role decrypt with it", async () => {
    const key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const result = await worker({ queue: { kmsKeyArn: key } });
    for (const q of ofType(result, "aws:sqs/queue:Queue")) {
      assert.deepEqual([q.inputs.kmsMasterKeyId, q.inputs.sqsManagedSseEnabled], [key, undefined]);
    }
    const statements = json<{ Statement: Statement[] }>(
      one(result, "aws:iam/rolePolicy:RolePolicy", "events-queue").inputs.policy,
    ).Statement;
    assert.deepEqual(statements[1], {
      Sid: "QueueKey",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: key,
    });
  });

  it("has no ingress at all and never a public IP", async () => {
    const result = await worker();
    assert.equal(ofType(result, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").length, 0);
    const sg = one(result, "aws:ec2/securityGroup:SecurityGroup");
    const svc = one(result, "aws:ecs/service:Service");
    assert.equal(svc.name, "events-service");
    assert.deepEqual(svc.inputs.networkConfiguration, {
      subnets: ["subnet-a", "subnet-b"],
      securityGroups: [sg.id],
      assignPublicIp: false,
    });
    assert.equal(svc.inputs.loadBalancers, undefined);
    assert.equal(svc.inputs.serviceConnectConfiguration, undefined);
    assert.deepEqual(svc.inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
  });

  it("scales on visible messages per running task of its own service, and deploys keep the scaled count", async () => {
    const result = await worker({ scaling: { minCount: 0, maxCount: 8, backlogPerTask: 25 } });
    const target = one(result, "aws:appautoscaling/target:Target");
    assert.deepEqual([target.inputs.minCapacity, target.inputs.maxCapacity], [0, 8]);
    const svc = one(result, "aws:ecs/service:Service");
    assert.equal(target.inputs.resourceId, `service/pantstack-test/${svc.outputs.name}`);
    const config = one(result, "aws:appautoscaling/policy:Policy").inputs
      .targetTrackingScalingPolicyConfiguration as {
      targetValue: number;
      customizedMetricSpecification: { metrics: Metric[] };
    };
    assert.equal(config.targetValue, 25);
    const [visible, tasks, backlog] = config.customizedMetricSpecification.metrics;
    assert.equal(visible.metricStat?.metric.metricName, "ApproximateNumberOfMessagesVisible");
    assert.deepEqual(visible.metricStat?.metric.dimensions, [
      { name: "QueueName", value: "pantstack-test-events" },
    ]);
    assert.deepEqual(tasks.metricStat?.metric.dimensions, [
      { name: "ClusterName", value: "pantstack-test" },
      { name: "ServiceName", value: svc.outputs.name },
    ]);
    assert.deepEqual([backlog.expression, backlog.returnData], ["visible / FILL(tasks, 1)", true]);
    assert.equal(svc.inputs.desiredCount, 0);
    assert.deepEqual(svc.options.ignoreChanges, ["desiredCount"]);
  });

  it("joins the namespace as a Service Connect client when asked, to call backends", async () => {
    const namespace = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-0123456789abcdef";
    const svc = one(await worker({ serviceConnectNamespaceArn: namespace }), "aws:ecs/service:Service");
    assert.deepEqual(svc.inputs.serviceConnectConfiguration, { enabled: true, namespace });
  });

  it("attaches nothing to a given task role, and exposes the consume and send policies", async () => {
    const result = await run(
      () => {
        const w = new EcsWorkerService("events", {
          ...base,
          taskRoleArn: "arn:aws:iam::123456789012:role/pantstack/preview/task",
          executionRoleArn: "arn:aws:iam::123456789012:role/pantstack/preview/exec",
        });
        return { consume: w.consumePolicy, send: w.sendPolicy, url: w.queueUrl };
      },
      { stack: "test" },
    );
    assert.equal(ofType(result, "aws:iam/rolePolicy:RolePolicy").length, 0);
    assert.equal(ofType(result, "aws:iam/role:Role").length, 0);
    const send = result.outputs.send as { Statement: Statement[] };
    assert.deepEqual(send.Statement[0].Action, [
      "sqs:GetQueueAttributes",
      "sqs:GetQueueUrl",
      "sqs:SendMessage",
    ]);
    assert.equal(send.Statement[0].Resource, QUEUE_ARN);
    assert.ok(
      (result.outputs.consume as { Statement: Statement[] }).Statement[0].Action.includes(
        "sqs:ReceiveMessage",
      ),
    );
  });

  it("applies transforms to children's arguments", async () => {
    const result = await worker({ transform: { queue: (a) => ({ ...a, delaySeconds: 5 }) } });
    assert.equal(one(result, "aws:sqs/queue:Queue", "events-queue").inputs.delaySeconds, 5);
  });

  const invalid: [Partial<EcsWorkerServiceArgs>, RegExp][] = [
    [
      { queue: { visibilityTimeoutSeconds: 43201 } },
      /^EcsWorkerService\(events\)\.queue\.visibilityTimeoutSeconds: 43201 is not allowed; expected an integer from 0 to 43200$/,
    ],
    [
      { queue: { maxReceiveCount: 0 } },
      /^EcsWorkerService\(events\)\.queue\.maxReceiveCount: 0 .*1 to 1000$/,
    ],
    [{ queue: { receiveWaitTimeSeconds: 21 } }, /queue\.receiveWaitTimeSeconds: 21 .*0 to 20$/],
    [{ queue: { messageRetentionSeconds: 30 } }, /queue\.messageRetentionSeconds: 30 .*60 to 1209600$/],
    [
      { queue: { messageRetentionSeconds: 86400, deadLetterRetentionSeconds: 3600 } },
      /queue\.deadLetterRetentionSeconds: 3600 is not allowed; must be at least messageRetentionSeconds \(86400\)$/,
    ],
    [{ queue: { queueName: "bad.name" } }, /^EcsWorkerService\(events\)\.queue\.queueName: "bad\.name"/],
    [
      { scaling: { minCount: 4, maxCount: 2 } },
      /scaling\.maxCount: 2 is not allowed; must be at least minCount \(4\)$/,
    ],
    [{ scaling: { minCount: 0, maxCount: 2, backlogPerTask: 0 } }, /scaling\.backlogPerTask: 0 /],
    [
      { scaling: { minCount: 1, maxCount: 2 }, desiredCount: 3 },
      /desiredCount: 3 .*within scaling's 1 to 2$/,
    ],
    [
      { environment: { PANTSTACK_QUEUE_URL: "x" } },
      /^EcsWorkerService\(events\)\.environment: "PANTSTACK_QUEUE_URL" is not allowed; the component sets it/,
    ],
    [{ memory: 3000 }, /^EcsWorkerService\(events\)\.memory: 3000 /],
  ];
  for (const [args, message] of invalid) {
    it(`refuses ${JSON.stringify(args).slice(0, 80)} before registering anything`, async () => {
      await refusedBeforeRegistration(() => new EcsWorkerService("events", { ...base, ...args }), message);
    });
  }

  it("refuses a name whose queue name would exceed SQS's limit", async () => {
    await refusedBeforeRegistration(
      () => new EcsWorkerService("w".repeat(70), base),
      /EcsWorkerService\(w+\)\.name: "pantstack-unit-w+" is not allowed; the derived name pantstack-<stack>-<name> must be 1 to 76/,
    );
  });
});
