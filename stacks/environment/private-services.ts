import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EcsBackendService } from "../../lib/ecs/ecs-backend-service";
import { EcsWorkerService } from "../../lib/ecs/ecs-worker-service";
import type { FargateTaskArgs } from "../../lib/ecs/fargate-task-args";
import { ScheduledTask } from "../../lib/ecs/scheduled-task";
import { ValidationError } from "../../lib/errors";
import type { PolicyDocument } from "../../lib/iam/policy-document";
import type { NatStrategy } from "../../lib/network/network";
import type { BackendService, Catalog, JobService, Service, WorkerService } from "../catalog";
import { ROLE_PATHS } from "../shared/scope";
import { jobAlarms, workerAlarms } from "./rollouts";
import type { DeployedService, ServiceContext, ServiceInputs } from "./services";

/** The kinds whose tasks run without a public IP, in private subnets. */
export const PRIVATE_KINDS: readonly Service["kind"][] = ["backend", "worker", "job"];

/**
 * The environment's NAT strategy: `pantstack:natGateways` when the stack sets it, else the environment's
 * default, which becomes `single` when the catalog has a private service (its tasks have no public IP and
 * reach ECR, CloudWatch Logs and SQS through NAT). One NAT gateway costs about $32.85 a month plus
 * $0.045 per GB it processes (us-east-1); `perAz` survives the loss of an availability zone.
 */
export function natGatewaysFor(
  catalog: Catalog,
  configured: NatStrategy | undefined,
  fallback: NatStrategy,
): NatStrategy {
  if (configured !== undefined) return configured;
  const anyPrivate = catalog.services.some((s) => PRIVATE_KINDS.includes(s.kind));
  return fallback === "none" && anyPrivate ? "single" : fallback;
}

/**
 * Refuses, before anything exists, private services in an environment without private subnets: their tasks
 * get no public IP, so without NAT they could not pull their image or write their logs.
 */
export function checkPrivateEgress(catalog: Catalog, natGateways: string, file: string): void {
  const i = catalog.services.findIndex((s) => PRIVATE_KINDS.includes(s.kind));
  if (i < 0 || natGateways !== "none") return;
  const s = catalog.services[i];
  throw new ValidationError(
    "pantstack:natGateways",
    natGateways,
    `${file}: services[${i}] is ${s.kind} ${s.name}, whose tasks get no public IP and reach ECR, CloudWatch Logs and SQS through NAT: set single or perAz`,
  );
}

/** Whether the catalog needs the environment's Cloud Map namespace (it has a backend). */
export function needsNamespace(catalog: Catalog): boolean {
  return catalog.services.some((s) => s.kind === "backend");
}

/** What every private Fargate component of a service takes from the environment. */
function taskArgs(service: Service, inputs: ServiceInputs, context: ServiceContext): FargateTaskArgs {
  const { platform, shared, config, environment } = context;
  const { image } = inputs;
  return {
    cluster: platform.cluster.arn,
    repositoryUrl: image.repositoryUrl,
    ...(image.digest ? { imageDigest: image.digest } : { imageTag: image.tag }),
    network: { vpcId: platform.network.vpcId, subnetIds: platform.network.privateSubnetIds },
    cpu: service.cpu,
    memory: service.memory,
    environment: inputs.environment,
    secrets: service.secrets,
    logRetentionDays: config.logRetentionDays,
    retainLogs: context.retainLogs,
    rolePath: ROLE_PATHS[environment],
    permissionsBoundaryArn: environment === "test" ? shared.testBoundaryArn : shared.prodBoundaryArn,
    ...(inputs.taskPolicy ? { taskPolicy: inputs.taskPolicy } : {}),
  };
}

/** The namespace Service Connect clients and backends use; present whenever the catalog has a backend. */
function namespaceArn(context: ServiceContext): pulumi.Output<string> {
  return (context.platform.namespace as NonNullable<ServiceContext["platform"]["namespace"]>).arn;
}

/**
 * A backend: `EcsBackendService` in the environment's namespace at `http://<name>:<port>`. Its callers'
 * security groups are admitted afterwards ({@link admitCallers}), since they are created after it.
 */
export function createBackendService(
  service: BackendService,
  inputs: ServiceInputs,
  context: ServiceContext,
): DeployedService {
  const component = new EcsBackendService(service.name, {
    ...taskArgs(service, inputs, context),
    namespaceArn: namespaceArn(context),
    clientSecurityGroupIds: [],
    containerPort: service.port,
    desiredCount: inputs.counts.desiredCount,
    ...(inputs.counts.autoscaling ? { autoscaling: inputs.counts.autoscaling } : {}),
  });
  return {
    kind: "backend",
    component,
    // Service Connect clients resolve only endpoints that existed when their tasks started ("existing tasks
    // can't resolve and connect to the new endpoint"): callers' task definitions take the address from the
    // deployed service, so a first deploy starts them after it.
    // Source: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts-deploy.html
    address: pulumi.all([component.service.id, component.url]).apply(([, url]) => url),
    securityGroupId: component.securityGroupId,
    port: service.port,
    serviceName: component.serviceName,
    serviceUrn: component.service.urn,
    taskDefinitionUrn: component.taskDefinition.urn,
    logGroupName: component.logGroupName,
  };
}

/** A worker: `EcsWorkerService` with its queue and DLQ, scaling on backlog per task when it has bounds. */
export function createWorkerService(
  service: WorkerService,
  inputs: ServiceInputs,
  context: ServiceContext,
): DeployedService {
  const { queue } = service;
  const scaling = inputs.counts.autoscaling;
  const component = new EcsWorkerService(service.name, {
    ...taskArgs(service, inputs, context),
    queue: {
      visibilityTimeoutSeconds: queue.visibilityTimeoutSeconds,
      maxReceiveCount: queue.maxReceiveCount,
    },
    desiredCount: inputs.counts.desiredCount,
    ...(scaling ? { scaling: { ...scaling, backlogPerTask: queue.backlogPerTask } } : {}),
    ...(inputs.callsBackend ? { serviceConnectNamespaceArn: namespaceArn(context) } : {}),
  });
  if (context.rollout) {
    const { rollouts, topic } = context.rollout;
    const queues = { queueName: component.queue.name, deadLetterQueueName: component.deadLetterQueue.name };
    workerAlarms(service.name, queues, rollouts, topic, { parent: component });
  }
  return {
    kind: "worker",
    component,
    address: component.queueUrl,
    securityGroupId: component.securityGroupId,
    sendPolicy: component.sendPolicy,
    serviceName: component.serviceName,
    serviceUrn: component.service.urn,
    taskDefinitionUrn: component.taskDefinition.urn,
    logGroupName: component.logGroupName,
  };
}

/** A job: `ScheduledTask`, run by EventBridge Scheduler on its schedule in its time zone. */
export function createJob(
  service: JobService,
  inputs: ServiceInputs,
  context: ServiceContext,
): DeployedService {
  const component = new ScheduledTask(service.name, {
    ...taskArgs(service, inputs, context),
    schedule: service.schedule,
    timeZone: service.timeZone,
    timeoutSeconds: service.timeoutSeconds,
  });
  if (context.rollout) {
    const { rollouts, topic } = context.rollout;
    const runs = {
      scheduleGroup: component.schedule.groupName,
      clusterArn: context.platform.cluster.arn,
      taskDefinitionArn: component.taskDefinitionArn,
    };
    jobAlarms(service.name, runs, context.environment, rollouts, topic, { parent: component });
  }
  return {
    kind: "job",
    component,
    securityGroupId: component.securityGroupId,
    serviceName: component.scheduleName,
    serviceUrn: component.schedule.urn,
    taskDefinitionUrn: component.taskDefinition.urn,
    logGroupName: component.logGroupName,
  };
}

/**
 * Admits each backend's callers: one ingress rule per caller's security group on the backend's port (a rule
 * references exactly one group), parented to the backend.
 */
export function admitCallers(catalog: Catalog, deployed: Record<string, DeployedService>): void {
  for (const caller of catalog.services) {
    for (const name of caller.dependsOn) {
      const backend = deployed[name];
      const from = deployed[caller.name].securityGroupId;
      if (backend.kind !== "backend" || !backend.securityGroupId || !from) continue;
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-from-${caller.name}`,
        {
          securityGroupId: backend.securityGroupId,
          referencedSecurityGroupId: from,
          ipProtocol: "tcp",
          fromPort: backend.port,
          toPort: backend.port,
          description: `Service Connect calls from ${caller.name}`,
        },
        { parent: backend.component },
      );
    }
  }
}

/** The task policy letting a service send to the workers it depends on, or none. */
export function sendPolicyOf(
  service: Service,
  deployed: Record<string, DeployedService>,
): pulumi.Output<PolicyDocument> | undefined {
  const policies = service.dependsOn.flatMap((d) => {
    const p = deployed[d].sendPolicy;
    return p ? [p] : [];
  });
  if (policies.length === 0) return undefined;
  return pulumi
    .all(policies)
    .apply((docs) => ({ Version: "2012-10-17" as const, Statement: docs.flatMap((d) => d.Statement) }));
}
