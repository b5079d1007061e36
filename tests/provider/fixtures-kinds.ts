import type { EcsBackendServiceArgs } from "../../lib/ecs/ecs-backend-service-args";
import type { EcsWorkerServiceArgs } from "../../lib/ecs/ecs-worker-service-args";
import type { ScheduledTaskArgs } from "../../lib/ecs/scheduled-task-args";
import { policyDocument } from "../../lib/iam/policy-document";
import type { AlarmTopicArgs } from "../../lib/monitoring/alarm-topic";
import type { ServiceNamespaceArgs } from "../../lib/network/service-namespace";
import type { SameInputs } from "./fixtures";

// The catalog's other kinds (backend, worker, job) and the environment-wide namespace and alarm topic, each
// as another language sends it (`wire`) and as TypeScript passes it (`ts`).

const tableRead = policyDocument({
  Effect: "Allow",
  Action: ["dynamodb:GetItem"],
  Resource: ["arn:aws:dynamodb:us-east-1:123456789012:table/sessions"],
});

const task = {
  cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/pantstack-test",
  permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/pantstack/boundaries/pantstack-test-boundary",
  network: { vpcId: "vpc-0abc", subnetIds: ["subnet-a", "subnet-b"] },
  cpu: 512,
  memory: 1024,
  environment: { LOG_LEVEL: "info" },
  secrets: { DATABASE_URL: "arn:aws:ssm:us-east-1:123456789012:parameter/auth/db" },
};

export const NAMESPACE_ARN = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-0123456789abcdef";

const backendCommon = {
  ...task,
  repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack/auth",
  imageDigest: `sha256:${"a".repeat(64)}`,
  namespaceArn: NAMESPACE_ARN,
  clientSecurityGroupIds: ["sg-0api", "sg-0web"],
  containerPort: 9000,
  discoveryName: "auth",
  autoscaling: { minCount: 2, maxCount: 6, cpuTargetPercent: 50 },
};

export const backend: SameInputs<EcsBackendServiceArgs> = {
  wire: { ...backendCommon, taskPolicy: JSON.stringify(tableRead), architecture: "ARM64" },
  ts: { ...backendCommon, taskPolicy: tableRead, architecture: "ARM64" },
};

const workerCommon = {
  ...task,
  repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack/events",
  imageTag: "v1.2.3",
  queue: { visibilityTimeoutSeconds: 120, maxReceiveCount: 3 },
  scaling: { minCount: 1, maxCount: 5, backlogPerTask: 20 },
  serviceConnectNamespaceArn: NAMESPACE_ARN,
  spot: true,
};

export const worker: SameInputs<EcsWorkerServiceArgs> = {
  wire: { ...workerCommon, taskPolicy: JSON.stringify(tableRead) },
  ts: { ...workerCommon, taskPolicy: tableRead },
};

const jobCommon = {
  ...task,
  repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack/nightly",
  imageTag: "v1.2.3",
  schedule: "cron(0 3 * * ? *)",
  timeZone: "Europe/Berlin",
  timeoutSeconds: 1800,
  command: ["/app/bin/nightly", "--all"],
};

export const job: SameInputs<ScheduledTaskArgs> = {
  wire: { ...jobCommon, architecture: "X86_64" },
  ts: { ...jobCommon, architecture: "X86_64" },
};

export const namespace: SameInputs<ServiceNamespaceArgs> = {
  wire: { namespaceName: "pantstack-test", tags: { team: "platform" } },
  ts: { namespaceName: "pantstack-test", tags: { team: "platform" } },
};

const topic: AlarmTopicArgs = {
  namePrefix: "pantstack-test",
  slack: { workspaceId: "T07EA123LEP", channelId: "C07EZ1ABC23" },
  keyAdministratorArns: ["arn:aws:iam::123456789012:role/pantstack/deploy-test"],
};

export const alarmTopic: SameInputs<AlarmTopicArgs> = { wire: { ...topic }, ts: topic };
