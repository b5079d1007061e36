import type * as pulumi from "@pulumi/pulumi";
import {
  createEnvironment,
  type EnvironmentServiceOutputs,
  serviceOutputs,
} from "../environment/environment";
import { HOST_LABELS } from "../shared/scope";
import { primaryService } from "../stack-catalog";

/** The outputs of `prod`. */
export interface ProdOutputs extends EnvironmentServiceOutputs {
  url: pulumi.Output<string>;
  serviceName: pulumi.Output<string>;
  /** The ECS service's URN, for `pulumi up --target` in a rollback. */
  serviceUrn: pulumi.Output<string>;
  /** The task definition's URN: a rollback targets it too (the image lives there). */
  taskDefinitionUrn: pulumi.Output<string>;
  /** The primary service's version (what stacks before the catalog recorded). */
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
export async function prodProgram(): Promise<ProdOutputs> {
  const env = await createEnvironment({
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
    // The primary host first; every other web service's host is a name on the same certificate.
    platform: (c, hostnames) => ({
      certificateNames: [c.hostname, ...hostnames.filter((h) => h !== c.hostname)],
      deletionProtection: true,
      containerInsights: true,
    }),
    retainLogs: true,
    requestsPerTask: 1000,
  });
  const { platform, api, catalog, images } = env;
  return {
    ...serviceOutputs(env),
    url: api.component.url,
    serviceName: api.serviceName,
    serviceUrn: api.serviceUrn,
    taskDefinitionUrn: api.taskDefinitionUrn,
    imageTag: images[primaryService(catalog).name].version,
    clusterName: platform.cluster.name,
    loadBalancerDnsName: platform.loadBalancer.dnsName,
    targetGroupArnSuffix: api.component.targetGroupArnSuffix,
    logGroupName: api.logGroupName,
    alarmTopicArn: env.alarmTopic.topicArn,
  };
}
