import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { HttpsLoadBalancer } from "../../lib/network/https-load-balancer";
import { Network } from "../../lib/network/network";
import { ServiceNamespace } from "../../lib/network/service-namespace";
import type { EnvironmentConfig } from "./config";

/** What differs between the platforms of `test` and `prod`. */
export interface PlatformOptions {
  /** Names the certificate covers (the first is the primary). */
  certificateNames: string[];
  /** ALB deletion protection. */
  deletionProtection: boolean;
  /** CloudWatch Container Insights on the cluster (costs per metric; worth it in prod). */
  containerInsights: boolean;
  /** The cluster's fixed name: deploy and preview roles are scoped to it by `ecs:cluster`. */
  clusterName: string;
  /**
   * Create the environment's Cloud Map HTTP namespace for Service Connect (the catalog has a backend).
   * @default false
   */
  serviceNamespace?: boolean;
}

/** The shared runtime of an environment: network, cluster and the HTTPS load balancer. */
export interface Platform {
  network: Network;
  cluster: aws.ecs.Cluster;
  loadBalancer: HttpsLoadBalancer;
  hostedZoneId: pulumi.Output<string>;
  /** The environment's one Service Connect namespace, when its catalog has a backend. */
  namespace?: ServiceNamespace;
}

/** Creates an environment's network, ECS cluster (Fargate and Fargate Spot) and load balancer. */
export function createPlatform(config: EnvironmentConfig, options: PlatformOptions): Platform {
  const network = new Network("network", { cidrBlock: config.vpcCidr, natGateways: config.natGateways });
  const cluster = new aws.ecs.Cluster("cluster", {
    name: options.clusterName,
    settings: [{ name: "containerInsights", value: options.containerInsights ? "enabled" : "disabled" }],
  });
  new aws.ecs.ClusterCapacityProviders("cluster", {
    clusterName: cluster.name,
    capacityProviders: ["FARGATE", "FARGATE_SPOT"],
    defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE", weight: 1 }],
  });
  const hostedZoneId = config.hostedZoneId
    ? pulumi.output(config.hostedZoneId)
    : aws.route53.getZoneOutput({ name: config.domain, privateZone: false }).zoneId;
  const loadBalancer = new HttpsLoadBalancer("edge", {
    vpcId: network.vpcId,
    vpcCidrBlock: network.cidrBlock,
    subnetIds: network.publicSubnetIds,
    domainNames: options.certificateNames,
    hostedZoneId,
    deletionProtection: options.deletionProtection,
  });
  // One namespace per environment; an HTTP namespace has no hourly charge, but a catalog without a backend
  // leaves it out so that the default catalog's stacks create nothing new.
  const namespace = options.serviceNamespace ? new ServiceNamespace("services") : undefined;
  return { network, cluster, loadBalancer, hostedZoneId, ...(namespace ? { namespace } : {}) };
}
