import * as pulumi from "@pulumi/pulumi";
import { EcsApiService } from "../../lib/ecs/ecs-api-service";
import type { AlarmTopic } from "../../lib/monitoring/alarm-topic";
import { standardTags } from "../../lib/tags";
import { qualifiedStackName, readStack, type StackOutputs } from "../references";
import type { SharedOutputs } from "../shared/program";
import { CLUSTER_NAMES, ROLE_PATHS } from "../shared/scope";
import { tagEveryResource } from "../tagging";
import { type EnvironmentConfig, type EnvironmentDefaults, readEnvironmentConfig } from "./config";
import { createPlatform, type Platform, type PlatformOptions } from "./platform";
import { createAlarmTopic, readRollouts, webServiceRollout } from "./rollouts";

/** How `test` and `prod` differ; everything else they build the same way. */
export interface EnvironmentSpec {
  environment: "test" | "prod";
  defaults: EnvironmentDefaults;
  /** Platform settings, given the validated config. */
  platform: (config: EnvironmentConfig) => Omit<PlatformOptions, "clusterName">;
  /** Keep the service's logs when the stack is destroyed. */
  retainLogs: boolean;
  /** With autoscaling: also scale on ALB requests per task per minute. */
  requestsPerTask?: number;
}

/** An environment as built: its config, the `shared` outputs it read, its platform and its API. */
export interface Environment {
  config: EnvironmentConfig;
  shared: StackOutputs<SharedOutputs>;
  platform: Platform;
  api: EcsApiService;
  /** Where the environment's alarms go. */
  alarmTopic: AlarmTopic;
}

/** Listener rule priority of an environment's own API; previews use 1000 and up. */
export const API_RULE_PRIORITY = 100;

/**
 * Builds an environment: reads and validates its config (before anything exists), tags every resource,
 * reads `shared`, and creates the platform and the `api` service at `https://<hostLabel>.<domain>`.
 */
export function createEnvironment(spec: EnvironmentSpec): Environment {
  const config = readEnvironmentConfig(spec.defaults);
  tagEveryResource(standardTags({ environment: spec.environment, stack: pulumi.getStack() }));
  const shared = readStack<SharedOutputs>(
    "shared",
    qualifiedStackName("pantstack:sharedStack", config.sharedStack),
  );
  const platform = createPlatform(config, {
    ...spec.platform(config),
    clusterName: CLUSTER_NAMES[spec.environment],
  });
  const { network, cluster, loadBalancer } = platform;
  const boundaryArn = spec.environment === "test" ? shared.testBoundaryArn : shared.prodBoundaryArn;
  const rollouts = readRollouts(config, spec.environment);
  const alarmTopic = createAlarmTopic(spec.environment, rollouts, {
    boundaryArn,
    deployRoleArn: spec.environment === "test" ? shared.deployTestRoleArn : shared.deployProdRoleArn,
  });
  const api = new EcsApiService("api", {
    ...webServiceRollout(rollouts, alarmTopic),
    cluster: cluster.arn,
    repositoryUrl: shared.repositoryUrl,
    imageTag: config.imageTag,
    cpu: config.cpu,
    memory: config.memory,
    desiredCount: config.desiredCount,
    autoscaling: config.autoscaling && { ...config.autoscaling, requestsPerTarget: spec.requestsPerTask },
    logRetentionDays: config.logRetentionDays,
    retainLogs: spec.retainLogs,
    rolePath: ROLE_PATHS[spec.environment],
    permissionsBoundaryArn: spec.environment === "test" ? shared.testBoundaryArn : shared.prodBoundaryArn,
    network: {
      vpcId: network.vpcId,
      subnetIds: network.taskSubnetIds,
      assignPublicIp: network.tasksNeedPublicIp,
    },
    routing: {
      listenerArn: loadBalancer.httpsListenerArn,
      loadBalancerSecurityGroupId: loadBalancer.securityGroupId,
      loadBalancerArnSuffix: loadBalancer.arnSuffix,
      hostname: config.hostname,
      priority: API_RULE_PRIORITY,
      dns: {
        zoneId: platform.hostedZoneId,
        loadBalancerDnsName: loadBalancer.dnsName,
        loadBalancerZoneId: loadBalancer.zoneId,
      },
    },
  });
  return { config, shared, platform, api, alarmTopic };
}
