import * as pulumi from "@pulumi/pulumi";
import { EcsApiService } from "../../lib/ecs/ecs-api-service";
import { standardTags } from "../../lib/tags";
import { readEnvironmentConfig } from "../environment/config";
import { createPlatform } from "../environment/platform";
import { qualifiedStackName, readStack } from "../references";
import { ROLE_PATHS } from "../shared/permissions";
import type { SharedOutputs } from "../shared/program";
import { tagEveryResource } from "../tagging";

/** The outputs of `prod`. */
export interface ProdOutputs {
  url: pulumi.Output<string>;
  serviceName: pulumi.Output<string>;
  /** The ECS service's URN, for `pulumi up --target` in a rollback. */
  serviceUrn: pulumi.Output<string>;
  taskDefinitionUrn: pulumi.Output<string>;
  imageTag: string;
  clusterName: pulumi.Output<string>;
  loadBalancerDnsName: pulumi.Output<string>;
  targetGroupArnSuffix: pulumi.Output<string>;
  logGroupName: pulumi.Output<string>;
}

/** Requests per task per minute that prod scales out at, next to its CPU target. */
const REQUESTS_PER_TASK = 1000;

/**
 * The `prod` environment, fed by `main`: its own network with private subnets behind NAT (one per AZ by
 * default), a cluster with Container Insights, a load balancer with deletion protection, and the API at
 * `https://api.<domain>` autoscaling from 2 to 10 tasks. Logs are protected and retained.
 */
export function prodProgram(): ProdOutputs {
  const config = readEnvironmentConfig({
    cpu: 256,
    memory: 512,
    logRetentionDays: 90,
    natGateways: "perAz",
    minCount: 2,
    maxCount: 10,
    hostLabel: "api",
  });
  tagEveryResource(standardTags({ environment: "prod", stack: pulumi.getStack() }));
  const shared = readStack<SharedOutputs>(
    "shared",
    qualifiedStackName("pantstack:sharedStack", config.sharedStack),
  );

  const platform = createPlatform(config, {
    certificateNames: [config.hostname],
    deletionProtection: true,
    containerInsights: true,
  });
  const { network, cluster, loadBalancer } = platform;

  const api = new EcsApiService("api", {
    cluster: cluster.arn,
    repositoryUrl: shared.repositoryUrl,
    imageTag: config.imageTag,
    cpu: config.cpu,
    memory: config.memory,
    desiredCount: config.desiredCount,
    autoscaling: config.autoscaling && { ...config.autoscaling, requestsPerTarget: REQUESTS_PER_TASK },
    logRetentionDays: config.logRetentionDays,
    retainLogs: true,
    rolePath: ROLE_PATHS.prod,
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
      priority: 100,
      dns: {
        zoneId: platform.hostedZoneId,
        loadBalancerDnsName: loadBalancer.dnsName,
        loadBalancerZoneId: loadBalancer.zoneId,
      },
    },
  });

  return {
    url: api.url,
    serviceName: api.serviceName,
    serviceUrn: api.service.urn,
    taskDefinitionUrn: api.taskDefinition.urn,
    imageTag: config.imageTag,
    clusterName: cluster.name,
    loadBalancerDnsName: loadBalancer.dnsName,
    targetGroupArnSuffix: api.targetGroupArnSuffix,
    logGroupName: api.logGroupName,
  };
}
