import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkImageDigest, checkImageTag } from "../ecr/image-tag";
import { containerDefinitions, SCRATCH_VOLUME } from "./container-definition";
import type { FargateTaskArgs, NormalizedTaskArgs, PrivateTaskNetwork } from "./fargate-task-args";
import type { ContainerHealthCheck } from "./health-checks";
import { createTaskRoles } from "./task-roles";

/** What differs between the components' containers. */
export interface TaskContainer {
  port?: number;
  portName?: string;
  healthCheck?: Required<ContainerHealthCheck>;
  entryPoint?: string[];
  command?: string[];
  /** Variables the component adds (a queue URL, a timeout); the user's cannot shadow them. */
  environment?: Record<string, pulumi.Input<string>>;
}

/** The children every Fargate component has: log group, roles and task definition. */
export interface FargateTask {
  logGroup: aws.cloudwatch.LogGroup;
  taskDefinition: aws.ecs.TaskDefinition;
  executionRoleArn: pulumi.Output<string>;
  taskRoleArn: pulumi.Output<string>;
  /** The task role, when the component created it. */
  taskRole?: aws.iam.Role;
}

/** `repositoryUrl@digest` when a digest is given, else `repositoryUrl:tag`, each checked once resolved. */
function taskImage(key: string, args: FargateTaskArgs): pulumi.Output<string> {
  if (args.imageDigest !== undefined) {
    const digest = pulumi.output(args.imageDigest).apply((d) => checkImageDigest(`${key}.imageDigest`, d));
    return pulumi.interpolate`${args.repositoryUrl}@${digest}`;
  }
  const tag = pulumi
    .output(args.imageTag as pulumi.Input<string>)
    .apply((t) => checkImageTag(`${key}.imageTag`, t));
  return pulumi.interpolate`${args.repositoryUrl}:${tag}`;
}

/**
 * Creates the log group (retention set, protected when asked), the execution and task roles, and the
 * task definition of a hardened one-container Fargate task, as `EcsApiService` does.
 */
export function createFargateTask(
  component: string,
  name: string,
  args: FargateTaskArgs,
  settings: NormalizedTaskArgs,
  container: TaskContainer,
  transform: (a: aws.ecs.TaskDefinitionArgs) => aws.ecs.TaskDefinitionArgs,
  parent: pulumi.Resource,
): FargateTask {
  const logGroup = new aws.cloudwatch.LogGroup(
    `${name}-logs`,
    { name: settings.logGroupName, retentionInDays: settings.logRetentionDays, tags: args.tags },
    { parent, protect: args.retainLogs ?? false, retainOnDelete: args.retainLogs ?? false },
  );
  const roles = createTaskRoles(name, args, logGroup.arn, parent, component);
  const region = aws.getRegionOutput({}, { parent }).region;
  const image = taskImage(`${component}(${name})`, args);
  const environment = pulumi.output({ ...args.environment, ...container.environment });
  const taskDefinition = new aws.ecs.TaskDefinition(
    `${name}-task`,
    transform({
      family: settings.family,
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      cpu: String(settings.cpu),
      memory: String(settings.memory),
      executionRoleArn: roles.executionRoleArn,
      taskRoleArn: roles.taskRoleArn,
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: settings.architecture },
      volumes: [{ name: SCRATCH_VOLUME.name }],
      tags: args.tags,
      containerDefinitions: pulumi
        .all([image, environment, pulumi.output(args.secrets ?? {}), region])
        .apply(([resolvedImage, resolvedEnvironment, secrets, resolvedRegion]) =>
          containerDefinitions({
            image: resolvedImage,
            port: container.port,
            portName: container.portName,
            environment: resolvedEnvironment,
            secrets,
            logGroupName: settings.logGroupName,
            region: resolvedRegion,
            healthCheck: container.healthCheck,
            entryPoint: container.entryPoint,
            command: container.command,
          }),
        ),
    }),
    { parent },
  );
  return { logGroup, taskDefinition, ...roles };
}

/** The tasks' own security group: no ingress unless the component adds rules, all egress. */
export function createTaskSecurityGroup(
  name: string,
  vpcId: pulumi.Input<string>,
  description: string,
  tags: Record<string, string> | undefined,
  parent: pulumi.Resource,
): aws.ec2.SecurityGroup {
  const securityGroup = new aws.ec2.SecurityGroup(`${name}-tasks`, { vpcId, description, tags }, { parent });
  // Outbound stays open: tasks reach ECR, CloudWatch, Secrets Manager and the APIs the application calls.
  new aws.vpc.SecurityGroupEgressRule(
    `${name}-egress`,
    { securityGroupId: securityGroup.id, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", tags },
    { parent },
  );
  return securityGroup;
}

/** The groups a component's tasks run in: the ones given, else one of its own ({@link createTaskSecurityGroup}). */
export function taskSecurityGroups(
  name: string,
  network: PrivateTaskNetwork,
  description: string,
  tags: Record<string, string> | undefined,
  parent: pulumi.Resource,
): { ids: pulumi.Input<string>[]; id: pulumi.Output<string>; created?: aws.ec2.SecurityGroup } {
  if (network.securityGroupIds !== undefined) {
    return { ids: network.securityGroupIds, id: pulumi.output(network.securityGroupIds[0]) };
  }
  const created = createTaskSecurityGroup(name, network.vpcId, description, tags, parent);
  return { ids: [created.id], id: created.id, created };
}
