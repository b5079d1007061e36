import type * as pulumi from "@pulumi/pulumi";
import { createEnvironment } from "../environment/environment";
import { HOST_LABELS } from "../shared/scope";

/** The outputs of `prod`. */
export interface ProdOutputs {
  url: pulumi.Output<string>;
  serviceName: pulumi.Output<string>;
  /** The ECS service's URN, for `pulumi up --target` in a rollback. */
  serviceUrn: pulumi.Output<string>;
  /** The task definition's URN: a rollback targets it too (the image lives there). */
  taskDefinitionUrn: pulumi.Output<string>;
  imageTag: string;
  clusterName: pulumi.Output<string>;
  loadBalancerDnsName: pulumi.Output<string>;
  targetGroupArnSuffix: pulumi.Output<string>;
  logGroupName: pulumi.Output<string>;
  /** The SNS topic of prod's alarms. */
  alarmTopicArn: pulumi.Output<string>;
}

/**
 * The `prod` environment, fed by `main`: its own network with private subnets behind NAT (one per AZ by
 * default), a cluster with Container Insights, a load balancer with deletion protection, and the API at
 * `https://api.<domain>` autoscaling from 2 to 10 tasks. Logs are protected and retained.
 */
export function prodProgram(): ProdOutputs {
  const { config, platform, api, alarmTopic } = createEnvironment({
    environment: "prod",
    defaults: {
      cpu: 256,
      memory: 512,
      logRetentionDays: 90,
      natGateways: "perAz",
      minCount: 2,
      maxCount: 10,
      hostLabel: HOST_LABELS.prod,
    },
    platform: (c) => ({ certificateNames: [c.hostname], deletionProtection: true, containerInsights: true }),
    retainLogs: true,
    requestsPerTask: 1000,
  });
  return {
    url: api.url,
    serviceName: api.serviceName,
    serviceUrn: api.service.urn,
    taskDefinitionUrn: api.taskDefinition.urn,
    imageTag: config.imageTag,
    clusterName: platform.cluster.name,
    loadBalancerDnsName: platform.loadBalancer.dnsName,
    targetGroupArnSuffix: api.targetGroupArnSuffix,
    logGroupName: api.logGroupName,
    alarmTopicArn: alarmTopic.topicArn,
  };
}
