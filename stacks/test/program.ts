import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ecsTasksTrustPolicy, executionRolePolicy } from "../../lib/ecs/task-permissions";
import { PREVIEW_LOG_GROUP_PREFIX } from "../../lib/preview/naming";
import type { Catalog } from "../catalog";
import {
  createEnvironment,
  type EnvironmentServiceOutputs,
  serviceOutputs,
} from "../environment/environment";
import { HOST_LABELS, ROLE_PATHS } from "../shared/scope";
import { admitPreviews, createPreviewServiceAccess } from "./preview-access";

/** The outputs previews (and people) read from `test`. */
export interface TestOutputs extends EnvironmentServiceOutputs {
  /** The primary service's URL. */
  url: pulumi.Output<string>;
  serviceName: pulumi.Output<string>;
  region: string;
  domain: string;
  hostedZoneId: pulumi.Output<string>;
  vpcId: pulumi.Output<string>;
  taskSubnetIds: pulumi.Output<string>[];
  assignPublicIp: boolean;
  clusterArn: pulumi.Output<string>;
  clusterName: pulumi.Output<string>;
  httpsListenerArn: pulumi.Output<string>;
  loadBalancerSecurityGroupId: pulumi.Output<string>;
  loadBalancerDnsName: pulumi.Output<string>;
  loadBalancerZoneId: pulumi.Output<string>;
  loadBalancerArnSuffix: pulumi.Output<string>;
  /** The security group of preview tasks: admits the load balancer on the container port. */
  previewSecurityGroupId: pulumi.Output<string>;
  /** Execution and task roles for previews, which may not create IAM roles. */
  previewExecutionRoleArn: pulumi.Output<string>;
  previewTaskRoleArn: pulumi.Output<string>;
  /**
   * test's Service Connect namespace, present when the catalog has a backend: preview tasks that call a
   * backend join it as clients, and a preview's own backends register in it as `<backend>-pr-<N>`.
   */
  serviceConnectNamespaceArn?: pulumi.Output<string>;
  /** The role previews' job schedules run with, present when the catalog has a job. */
  previewSchedulerRoleArn?: pulumi.Output<string>;
}

/** The container port of preview tasks before the catalog (EcsApiService's default): its rule keeps its name. */
const PREVIEW_CONTAINER_PORT = 8000;

/**
 * The `test` environment, fed by `dev`: a platform sized for cost (no NAT unless the catalog has private
 * services: tasks in public subnets with a public IP, admitted only from the load balancer), the API at
 * `https://test.<domain>`, and what previews share (wildcard certificate `*.<domain>`, listener, cluster,
 * subnets, preview task roles, the Service Connect namespace, and its backends' doors to previews).
 */
export async function testProgram(): Promise<TestOutputs> {
  const env = await createEnvironment({
    environment: "test",
    defaults: {
      cpu: 256,
      memory: 512,
      logRetentionDays: 14,
      natGateways: "none",
      hostLabel: HOST_LABELS.test,
    },
    // Every other web service is `test-<label>.<domain>`, under the wildcard.
    platform: (c) => ({
      certificateNames: [c.hostname, `*.${c.domain}`],
      deletionProtection: false,
      containerInsights: false,
    }),
    retainLogs: false,
  });
  const { config, shared, platform, api } = env;
  const { network, cluster, loadBalancer } = platform;

  const previewRoles = createPreviewRoles(
    config.region,
    shared.previewRepositoryArn,
    shared.previewBoundaryArn,
  );
  const previewSecurityGroup = createPreviewSecurityGroup(
    network.vpcId,
    loadBalancer.securityGroupId,
    webPorts(env.catalog),
  );
  admitPreviews(env.catalog, env.services, previewSecurityGroup.id);
  const access = createPreviewServiceAccess({
    catalog: env.catalog,
    region: config.region,
    deployed: env.services,
    cluster,
    taskRole: previewRoles.task,
    executionRole: previewRoles.execution,
    boundaryArn: shared.previewBoundaryArn,
  });

  return {
    ...serviceOutputs(env),
    url: api.component.url,
    serviceName: api.serviceName,
    region: config.region,
    domain: config.domain,
    hostedZoneId: platform.hostedZoneId,
    vpcId: network.vpcId,
    taskSubnetIds: network.taskSubnetIds,
    assignPublicIp: network.tasksNeedPublicIp,
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    httpsListenerArn: loadBalancer.httpsListenerArn,
    loadBalancerSecurityGroupId: loadBalancer.securityGroupId,
    loadBalancerDnsName: loadBalancer.dnsName,
    loadBalancerZoneId: loadBalancer.zoneId,
    loadBalancerArnSuffix: loadBalancer.arnSuffix,
    previewSecurityGroupId: previewSecurityGroup.id,
    previewExecutionRoleArn: previewRoles.execution.arn,
    previewTaskRoleArn: previewRoles.task.arn,
    // Absent rather than undefined: Pulumi warns of every undefined stack output.
    ...(platform.namespace ? { serviceConnectNamespaceArn: platform.namespace.arn } : {}),
    ...(access.schedulerRoleArn ? { previewSchedulerRoleArn: access.schedulerRoleArn } : {}),
  };
}

/**
 * The roles every preview's tasks run with, under the preview path the preview CI role may pass, capped by
 * the preview boundary (pull from the preview repository, write preview logs, nothing else).
 */
function createPreviewRoles(
  region: string,
  repositoryArn: pulumi.Output<string>,
  boundaryArn: pulumi.Output<string>,
) {
  const account = aws.getCallerIdentityOutput().accountId;
  const trust = account.apply((id) => JSON.stringify(ecsTasksTrustPolicy(id)));
  const path = ROLE_PATHS.preview;
  const execution = new aws.iam.Role("preview-execution", {
    path,
    assumeRolePolicy: trust,
    description: "ECS agent for previews",
    permissionsBoundary: boundaryArn,
  });
  new aws.iam.RolePolicy("preview-execution", {
    role: execution.name,
    policy: pulumi.all([repositoryArn, account]).apply(([repository, accountId]) =>
      JSON.stringify(
        executionRolePolicy({
          repositoryArn: repository,
          logGroupArns: [`arn:aws:logs:${region}:${accountId}:log-group:${PREVIEW_LOG_GROUP_PREFIX}*`],
          secretArns: [],
        }),
      ),
    ),
  });
  const task = new aws.iam.Role("preview-task", {
    path,
    assumeRolePolicy: trust,
    description: "Application role of previews (no permissions)",
    permissionsBoundary: boundaryArn,
  });
  return { execution, task };
}

/** The container ports of the catalog's web services: preview tasks are admitted from the load balancer on these. */
function webPorts(catalog: Catalog): number[] {
  return [...new Set(catalog.services.flatMap((s) => (s.kind === "web" ? [s.port] : [])))];
}

/** One security group for every preview's tasks, so a preview creates no network resources of its own. */
function createPreviewSecurityGroup(
  vpcId: pulumi.Output<string>,
  loadBalancerGroupId: pulumi.Output<string>,
  ports: number[],
) {
  const group = new aws.ec2.SecurityGroup("preview-tasks", {
    vpcId,
    description: "Tasks of previews: the load balancer only, on the container port",
  });
  for (const port of ports) {
    new aws.vpc.SecurityGroupIngressRule(
      port === PREVIEW_CONTAINER_PORT ? "preview-from-lb" : `preview-from-lb-${port}`,
      {
        securityGroupId: group.id,
        referencedSecurityGroupId: loadBalancerGroupId,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
      },
    );
  }
  new aws.vpc.SecurityGroupEgressRule("preview-egress", {
    securityGroupId: group.id,
    ipProtocol: "-1",
    cidrIpv4: "0.0.0.0/0",
  });
  return group;
}
