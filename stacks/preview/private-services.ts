import * as pulumi from "@pulumi/pulumi";
import { EcsBackendService } from "../../lib/ecs/ecs-backend-service";
import { EcsWorkerService } from "../../lib/ecs/ecs-worker-service";
import type { FargateTaskArgs } from "../../lib/ecs/fargate-task-args";
import { ScheduledTask } from "../../lib/ecs/scheduled-task";
import { type AwakeHours, awakeHoursPerWeek, awakeState } from "../../lib/preview/awake-hours";
import { PREVIEW_LOG_GROUP_PREFIX } from "../../lib/preview/naming";
import { createPreviewSleep, type PreviewSleep } from "../../lib/preview/preview-sleep";
import type { BackendService, JobService, Service, WorkerService } from "../catalog";
import type { StackOutputs } from "../references";
import { PREVIEW_QUEUE_PREFIX } from "../test/preview-access";
import type { TestOutputs } from "../test/program";

/** Log retention of a preview's services, as `PreviewEnvironment`'s (the preview policy allows up to 7). */
const PREVIEW_LOG_DAYS = 3;

/** What every private service of one preview shares. */
export interface PreviewContext {
  pr: number;
  test: StackOutputs<TestOutputs>;
  repositoryUrl: pulumi.Input<string>;
  /** The preview's task size and count: the preview policy's caps apply to every kind alike. */
  cpu: number;
  memory: number;
  desiredCount: number;
  hours: AwakeHours | undefined;
  deployedAt: Date;
  tags: Record<string, string>;
  /** Run a job's schedule (`scheduled`) or keep it paused (`paused`, the default). */
  jobs: "paused" | "scheduled";
}

/** One private service a preview runs. */
export interface PreviewPrivateService {
  kind: "backend" | "worker" | "job";
  component: EcsBackendService | EcsWorkerService | ScheduledTask;
  /** The ECS service's name (a job's schedule name). */
  serviceName: pulumi.Output<string>;
  logGroupName: pulumi.Output<string>;
  /** How callers reach it: a backend's `http://<name>-pr-<N>:<port>`, a worker's queue URL. */
  address?: pulumi.Output<string>;
  /** The sleep schedule of a long-running service (none for a job, or when the preview never sleeps). */
  sleep?: PreviewSleep;
}

/** `pr-<N>-<service>`: the ECS service, task family `preview-pr-<N>-pr-<N>-<service>`, as a web preview's. */
export function previewComponentName(pr: number, service: Service): string {
  return `pr-${pr}-${service.name}`;
}

/** What every private component of a preview takes: the platform's roles, group and subnets, preview caps. */
function previewTaskArgs(
  service: Service,
  context: PreviewContext,
  imageTag: string,
  environment: Record<string, pulumi.Input<string>>,
): FargateTaskArgs {
  const { test } = context;
  return {
    cluster: test.clusterArn,
    repositoryUrl: context.repositoryUrl,
    imageTag,
    // test's task subnets are private whenever its catalog has private services (NAT follows the catalog).
    network: {
      vpcId: test.vpcId,
      subnetIds: test.taskSubnetIds,
      securityGroupIds: [test.previewSecurityGroupId],
    },
    cpu: context.cpu,
    memory: context.memory,
    environment,
    logRetentionDays: PREVIEW_LOG_DAYS,
    logGroupName: `${PREVIEW_LOG_GROUP_PREFIX}pr-${context.pr}-${service.name}`,
    executionRoleArn: test.previewExecutionRoleArn,
    taskRoleArn: test.previewTaskRoleArn,
    tags: context.tags,
  };
}

/**
 * An output of test that only a catalog with this kind has (checked before anything exists, see
 * `neededTestOutputs`).
 */
function offered<K extends "serviceConnectNamespaceArn" | "previewSchedulerRoleArn">(
  context: PreviewContext,
  output: K,
): pulumi.Output<string> {
  return context.test[output] as pulumi.Output<string>;
}

/** The test outputs a preview running `services` needs beyond the platform's, each with why. */
export function neededTestOutputs(
  services: readonly { service: Service; callsBackend: boolean }[],
): Partial<Record<"serviceConnectNamespaceArn" | "previewSchedulerRoleArn", string>> {
  const needs: Partial<Record<"serviceConnectNamespaceArn" | "previewSchedulerRoleArn", string>> = {};
  for (const { service, callsBackend } of services) {
    if (service.kind === "backend")
      needs.serviceConnectNamespaceArn = `the preview runs backend ${service.name}`;
    else if (callsBackend) needs.serviceConnectNamespaceArn ??= `${service.name} calls a backend`;
    if (service.kind === "job") needs.previewSchedulerRoleArn = `the preview runs job ${service.name}`;
  }
  return needs;
}

function sleepOf(
  name: string,
  context: PreviewContext,
  serviceName: pulumi.Output<string>,
  parent: pulumi.Resource,
): PreviewSleep | undefined {
  if (!context.hours || context.desiredCount === 0) return undefined;
  return createPreviewSleep(`preview-pr-${context.pr}-${name}`, {
    cluster: context.test.clusterArn,
    serviceName,
    awakeCapacity: context.desiredCount,
    hours: context.hours,
    deployedAt: context.deployedAt,
    tags: context.tags,
    parent,
  });
}

/**
 * A changed backend: `EcsBackendService` registered in test's namespace as `<name>-pr-<N>`, beside test's
 * `<name>`, so the preview's callers reach the PR's copy and test's callers keep test's. It runs in the
 * preview group, which test admits on backend ports; the component adds no rule of its own.
 */
export function createPreviewBackend(
  service: BackendService,
  context: PreviewContext,
  imageTag: string,
  environment: Record<string, pulumi.Input<string>>,
): PreviewPrivateService {
  const namespaceArn = offered(context, "serviceConnectNamespaceArn");
  const component = new EcsBackendService(previewComponentName(context.pr, service), {
    ...previewTaskArgs(service, context, imageTag, environment),
    namespaceArn,
    clientSecurityGroupIds: [],
    containerPort: service.port,
    discoveryName: `${service.name}-pr-${context.pr}`,
    desiredCount: context.desiredCount,
    spot: true,
  });
  // A backend in the namespace is a client too: its proxy resolves the backends it calls.
  return {
    kind: "backend",
    component,
    serviceName: component.serviceName,
    logGroupName: component.logGroupName,
    // Service Connect: "existing tasks can't resolve and connect to the new endpoint. Only new tasks ... that
    // start running after this deployment can". A preview creates `<name>-pr-<N>` anew, so its callers' task
    // definitions take the address from the deployed (steady) service: their tasks start after it exists.
    // Source: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts-deploy.html
    address: pulumi.all([component.service.id, component.url]).apply(([, url]) => url),
    sleep: sleepOf(service.name, context, component.serviceName, component),
  };
}

/**
 * A changed worker: `EcsWorkerService` with the preview's own queue and DLQ (`pantstack-preview-pr-<N>-<name>`),
 * so the PR's worker never takes test's messages; the preview's callers send to it. test's preview task role
 * may consume and send on preview queues (the component attaches no policy to a role it did not create).
 */
export function createPreviewWorker(
  service: WorkerService,
  context: PreviewContext,
  imageTag: string,
  environment: Record<string, pulumi.Input<string>>,
  callsBackend: boolean,
): PreviewPrivateService {
  const component = new EcsWorkerService(previewComponentName(context.pr, service), {
    ...previewTaskArgs(service, context, imageTag, environment),
    queue: {
      visibilityTimeoutSeconds: service.queue.visibilityTimeoutSeconds,
      maxReceiveCount: service.queue.maxReceiveCount,
      queueName: `${PREVIEW_QUEUE_PREFIX}${context.pr}-${service.name}`,
    },
    desiredCount: context.desiredCount,
    spot: true,
    ...(callsBackend ? { serviceConnectNamespaceArn: offered(context, "serviceConnectNamespaceArn") } : {}),
  });
  return {
    kind: "worker",
    component,
    serviceName: component.serviceName,
    logGroupName: component.logGroupName,
    address: component.queueUrl,
    sleep: sleepOf(service.name, context, component.serviceName, component),
  };
}

/**
 * A changed job: `ScheduledTask` with the catalog's schedule, paused unless `pantstack:previewJobs` is
 * `scheduled`. Paused by default because a schedule runs the PR's code unattended (a nightly job at 03:00
 * falls outside the preview's awake hours) against what test shares; a paused schedule costs nothing, and a
 * reviewer runs the task definition once when they want to see it. It runs with test's preview scheduler role
 * (a preview may create no role).
 */
export function createPreviewJob(
  service: JobService,
  context: PreviewContext,
  imageTag: string,
  environment: Record<string, pulumi.Input<string>>,
): PreviewPrivateService {
  const schedulerRoleArn = offered(context, "previewSchedulerRoleArn");
  const component = new ScheduledTask(previewComponentName(context.pr, service), {
    ...previewTaskArgs(service, context, imageTag, environment),
    schedule: service.schedule,
    timeZone: service.timeZone,
    timeoutSeconds: service.timeoutSeconds,
    enabled: context.jobs === "scheduled",
    scheduleName: `pantstack-preview-pr-${context.pr}-${service.name}`,
    // The preview role creates schedules in the default group only; a preview job has no alarm to keep apart.
    ownScheduleGroup: false,
    schedulerRoleArn,
  });
  return {
    kind: "job",
    component,
    serviceName: component.scheduleName,
    logGroupName: component.logGroupName,
  };
}

/** `2026-11-27T20:00:00Z`, the format of the expiry tag. */
function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** A preview's sleep outputs taken from a private service, when it runs no web service. */
export function sleepOutputs(
  service: PreviewPrivateService,
  hours: AwakeHours | undefined,
): { awakeHoursPerWeek: number; sleepsAt?: string; wakesAt?: string } {
  const next = service.sleep?.stateAtDeploy.nextSleep;
  if (!hours || !next) return { awakeHoursPerWeek: 168 };
  return {
    awakeHoursPerWeek: awakeHoursPerWeek(hours),
    sleepsAt: isoSeconds(next),
    wakesAt: isoSeconds(awakeState(hours, next).nextWake),
  };
}
