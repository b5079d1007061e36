import type * as pulumi from "@pulumi/pulumi";
import { EcsApiService } from "../../lib/ecs/ecs-api-service";
import { checkPaths, pathMatches } from "../../lib/ecs/path-patterns";
import { ValidationError } from "../../lib/errors";
import type { PolicyDocument } from "../../lib/iam/policy-document";
import type { AlarmTopic } from "../../lib/monitoring/alarm-topic";
import {
  type Catalog,
  dependencyVariable,
  type Service,
  type ServiceKind,
  topologicalOrder,
  type WebService,
} from "../catalog";
import type { StackOutputs } from "../references";
import type { SharedOutputs } from "../shared/program";
import { ROLE_PATHS } from "../shared/scope";
import type { EnvironmentConfig, EnvironmentDefaults } from "./config";
import { firstOnHost, type ServiceEnvironment, webHostname, webPriorities } from "./hostnames";
import type { ImageChoice } from "./images";
import type { Platform } from "./platform";
import {
  admitCallers,
  createBackendService,
  createJob,
  createWorkerService,
  sendPolicyOf,
} from "./private-services";
import { type Rollouts, webServiceRollout } from "./rollouts";

/** The variable every task reads its image's version from (the smoke check compares it). */
export const VERSION_VARIABLE = "PANTSTACK_VERSION";

/** Everything a service of an environment is built from. */
export interface ServiceContext {
  environment: ServiceEnvironment;
  catalog: Catalog;
  config: EnvironmentConfig;
  defaults: EnvironmentDefaults;
  platform: Platform;
  shared: StackOutputs<SharedOutputs>;
  images: Record<string, ImageChoice>;
  /** Keep the services' logs when the stack is destroyed. */
  retainLogs: boolean;
  /** With autoscaling: also scale web services on ALB requests per task per minute. */
  requestsPerTask?: number;
  /** How web services roll out and where their alarms go. @default - rolling, no alarms */
  rollout?: { rollouts: Rollouts; topic: AlarmTopic };
}

/** One deployed service, as the stack's outputs and the rollback see it. */
export interface DeployedService {
  kind: ServiceKind;
  /** Where its callers reach it: `https://<host>` for web, `http://<name>:<port>` for backend, a queue URL for a worker. */
  address?: pulumi.Output<string>;
  /** The ECS service's name. */
  serviceName: pulumi.Output<string>;
  /** The ECS service's URN, for `pulumi up --target` in a rollback. */
  serviceUrn: pulumi.Output<string>;
  /** The task definition's URN (the image lives there). */
  taskDefinitionUrn: pulumi.Output<string>;
  logGroupName: pulumi.Output<string>;
  /** The component that holds the service's resources (what a backend's ingress rules are parented to). */
  component?: pulumi.ComponentResource;
  /** The tasks' security group: what a backend admits its callers by. */
  securityGroupId?: pulumi.Output<string>;
  /** A backend's port. */
  port?: number;
  /** A worker's: what its callers' task roles need to send to its queue. */
  sendPolicy?: pulumi.Output<PolicyDocument>;
}

/** A web service's own outputs on top of {@link DeployedService}. */
export interface DeployedWebService extends DeployedService {
  component: EcsApiService;
}

/** What a factory is given besides the context: the service's variables, resolved dependencies included. */
export interface ServiceInputs {
  /** The task's variables: the catalog's, its version and its dependencies' addresses. */
  environment: Record<string, pulumi.Input<string>>;
  /** The image it runs. */
  image: ImageChoice;
  /** Its task counts. */
  counts: Counts;
  /** Sending to the queues of the workers it depends on. @default - none */
  taskPolicy?: pulumi.Output<PolicyDocument>;
  /** It depends on a backend, so it must be a Service Connect client of the environment's namespace. */
  callsBackend: boolean;
}

type Factory<S extends Service> = (
  service: S,
  inputs: ServiceInputs,
  context: ServiceContext,
) => DeployedService;

/** One factory per kind. */
const FACTORIES: { [K in ServiceKind]: Factory<Extract<Service, { kind: K }>> } = {
  web: createWebService,
  backend: createBackendService,
  worker: createWorkerService,
  job: createJob,
};

/**
 * Refuses, before any resource exists, a catalog this version cannot deploy: paths ALB would refuse, a health
 * path outside the service's paths, web services whose paths cover each other (no rule order routes both), a
 * job that calls a backend (a task a schedule starts cannot be a Service Connect client), or a variable that
 * would shadow what the stack sets (`PANTSTACK_*`).
 */
export function checkDeployable(catalog: Catalog, file: string): void {
  const kinds = new Map(catalog.services.map((s) => [s.name, s.kind]));
  catalog.services.forEach((s, i) => {
    const at = (key: string) => `${file}: services[${i}].${key}`;
    const backend = s.dependsOn.find((d) => kinds.get(d) === "backend");
    if (s.kind === "job" && backend !== undefined) {
      throw new ValidationError(
        at("dependsOn"),
        backend,
        "a job cannot call a backend: Service Connect names resolve only in services' tasks, not in tasks a schedule starts",
      );
    }
    if (s.kind === "web" && s.paths.length > 0) {
      checkPaths(at("paths"), s.paths);
      // The smoke check calls https://<host><healthPath> through the load balancer: it must reach this service.
      if (!s.paths.some((p) => pathMatches(p, s.healthPath))) {
        throw new ValidationError(
          at("healthPath"),
          s.healthPath,
          `expected a path one of this service's paths (${s.paths.join(", ")}) matches, so the smoke check reaches it`,
        );
      }
    }
    for (const name of [...Object.keys(s.environment), ...Object.keys(s.secrets)]) {
      if (name.startsWith("PANTSTACK_")) {
        throw new ValidationError(
          at(`environment.${name}`),
          name,
          "PANTSTACK_ variables are set by the stacks (version, dependency addresses)",
        );
      }
    }
  });
  webPriorities(catalog, file);
}

/** Task counts of one service: fixed, or autoscaling bounds. */
export interface Counts {
  desiredCount: number;
  autoscaling?: { minCount: number; maxCount: number };
}

/** A service's counts: its own, else the environment's defaults for long-running services. */
export function countsOf(service: Service, defaults: EnvironmentDefaults): Counts {
  const own = service.minCount !== undefined && service.maxCount !== undefined;
  const minCount = own ? service.minCount : defaults.minCount;
  const maxCount = own ? service.maxCount : defaults.maxCount;
  const autoscaling = minCount !== undefined && maxCount !== undefined ? { minCount, maxCount } : undefined;
  return {
    desiredCount: service.desiredCount ?? autoscaling?.minCount ?? 1,
    ...(autoscaling ? { autoscaling } : {}),
  };
}

/**
 * Creates every service of the catalog, dependencies first, each finding its dependencies through
 * `PANTSTACK_<NAME>_URL` (`_QUEUE_URL` for a worker) and its own version in `PANTSTACK_VERSION`.
 */
export function createServices(context: ServiceContext): Record<string, DeployedService> {
  const byName = new Map(context.catalog.services.map((s) => [s.name, s]));
  const deployed: Record<string, DeployedService> = {};
  for (const name of topologicalOrder(context.catalog.services)) {
    const service = byName.get(name) as Service;
    const image = context.images[name];
    const environment: Record<string, pulumi.Input<string>> = {
      ...service.environment,
      [VERSION_VARIABLE]: image.version,
    };
    for (const dependency of service.dependsOn) {
      const target = deployed[dependency];
      if (target.address) environment[dependencyVariable(dependency, target.kind)] = target.address;
    }
    const factory = FACTORIES[service.kind] as Factory<Service>;
    const taskPolicy = sendPolicyOf(service, deployed);
    deployed[name] = factory(
      service,
      {
        environment,
        image,
        counts: countsOf(service, context.defaults),
        callsBackend: service.dependsOn.some((d) => deployed[d].kind === "backend"),
        ...(taskPolicy ? { taskPolicy } : {}),
      },
      context,
    );
  }
  admitCallers(context.catalog, deployed);
  return deployed;
}

/** A web service: `EcsApiService` behind the environment's load balancer, named after the service. */
function createWebService(
  service: WebService,
  inputs: ServiceInputs,
  context: ServiceContext,
): DeployedWebService {
  const { platform, shared, config, environment } = context;
  const { network, cluster, loadBalancer } = platform;
  const { image, counts } = inputs;
  const component = new EcsApiService(service.name, {
    ...(context.rollout ? webServiceRollout(context.rollout.rollouts, context.rollout.topic) : {}),
    cluster: cluster.arn,
    repositoryUrl: image.repositoryUrl,
    ...(image.digest ? { imageDigest: image.digest } : { imageTag: image.tag }),
    containerPort: service.port,
    healthCheck: { path: service.healthPath },
    cpu: service.cpu,
    memory: service.memory,
    desiredCount: counts.desiredCount,
    autoscaling: counts.autoscaling && { ...counts.autoscaling, requestsPerTarget: context.requestsPerTask },
    environment: inputs.environment,
    secrets: service.secrets,
    ...(inputs.taskPolicy ? { taskPolicy: inputs.taskPolicy } : {}),
    ...(inputs.callsBackend && platform.namespace
      ? { serviceConnectNamespaceArn: platform.namespace.arn }
      : {}),
    logRetentionDays: config.logRetentionDays,
    retainLogs: context.retainLogs,
    rolePath: ROLE_PATHS[environment],
    permissionsBoundaryArn: environment === "test" ? shared.testBoundaryArn : shared.prodBoundaryArn,
    network: {
      vpcId: network.vpcId,
      subnetIds: network.taskSubnetIds,
      assignPublicIp: network.tasksNeedPublicIp,
    },
    routing: {
      listenerArn: loadBalancer.httpsListenerArn,
      loadBalancerSecurityGroupId: loadBalancer.securityGroupId,
      loadBalancerArnSuffix: loadBalancer.arnSuffix,
      hostname: webHostname(environment, service, config.domain),
      priority: webPriorities(context.catalog)[service.name],
      ...(service.paths.length > 0 ? { paths: service.paths } : {}),
      // Services sharing a host (by path) share its one alias record: the first of them creates it.
      ...(firstOnHost(context.catalog, service)
        ? {
            dns: {
              zoneId: platform.hostedZoneId,
              loadBalancerDnsName: loadBalancer.dnsName,
              loadBalancerZoneId: loadBalancer.zoneId,
            },
          }
        : {}),
    },
  });
  return {
    kind: "web",
    component,
    address: component.url,
    securityGroupId: component.securityGroupIds.apply((ids) => ids[0]),
    serviceName: component.serviceName,
    serviceUrn: component.service.urn,
    taskDefinitionUrn: component.taskDefinition.urn,
    logGroupName: component.logGroupName,
  };
}
