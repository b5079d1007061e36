import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type EcsBackendServiceArgs, normalizeBackendArgs } from "./ecs-backend-service-args";
import { createFargateTask, taskSecurityGroups } from "./fargate-task";
import { createServiceAutoscaling } from "./service-autoscaling";

export type { EcsBackendServiceArgs } from "./ecs-backend-service-args";

const identity = <T>(args: T) => args;

/** The container port's name: Service Connect refers to the port by it. */
export const SERVICE_CONNECT_PORT_NAME = "http";

/**
 * A private Pantstack service on ECS Fargate that the environment's other services call through ECS Service
 * Connect at `http://<name>:<port>`: no load balancer, registered in the environment's Cloud Map HTTP
 * namespace, a security group that admits only the callers' security groups on the port, the deployment
 * circuit breaker with rollback, a log group, execution and task roles, optional CPU autoscaling.
 *
 * Service Connect puts a proxy in every task of the namespace's services; a caller resolves the name in its
 * own proxy, so callers must be Service Connect clients of the same namespace (`EcsApiService`'s
 * `serviceConnect`, `EcsWorkerService`'s). Standalone tasks (`ScheduledTask`) cannot be clients.
 * Source: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts.html
 */
export class EcsBackendService extends pulumi.ComponentResource {
  /** The ECS service. */
  declare readonly service: aws.ecs.Service;
  /** The task definition the service runs. */
  declare readonly taskDefinition: aws.ecs.TaskDefinition;
  /** The log group of the container's output. */
  declare readonly logGroup: aws.cloudwatch.LogGroup;
  /** The ECS service's name. */
  declare readonly serviceName: pulumi.Output<string>;
  /** The ECS service's ARN. */
  declare readonly serviceArn: pulumi.Output<string>;
  /** The log group's name, e.g. for `aws logs tail`. */
  declare readonly logGroupName: pulumi.Output<string>;
  /** The tasks' security group. */
  declare readonly securityGroupId: pulumi.Output<string>;
  /** What callers use: `http://<discoveryName>:<containerPort>`. */
  declare readonly url: pulumi.Output<string>;

  constructor(name: string, args: EcsBackendServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    const settings = normalizeBackendArgs(name, pulumi.getStack(), args);
    super("pantstack:ecs:EcsBackendService", name, {}, opts);
    const transform = { taskDefinition: identity, service: identity, ...args.transform };
    const port = settings.containerPort;

    const task = createFargateTask(
      "EcsBackendService",
      name,
      args,
      settings,
      { port, portName: SERVICE_CONNECT_PORT_NAME, healthCheck: settings.containerHealthCheck },
      transform.taskDefinition,
      this,
    );
    const securityGroup = taskSecurityGroups(
      name,
      args.network,
      `Tasks of ${name}: its callers only, on port ${port}`,
      args.tags,
      this,
    );
    // One rule per caller group (a rule references exactly one group), so a preview shows each.
    args.clientSecurityGroupIds.forEach((group, i) => {
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-from-${i}`,
        {
          securityGroupId: securityGroup.id,
          referencedSecurityGroupId: group,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          description: `Service Connect callers of ${name}`,
          tags: args.tags,
        },
        { parent: this },
      );
    });

    const region = aws.getRegionOutput({}, { parent: this }).region;
    const service = new aws.ecs.Service(
      `${name}-service`,
      transform.service({
        cluster: args.cluster,
        taskDefinition: task.taskDefinition.arn,
        desiredCount: settings.desiredCount,
        ...(args.spot
          ? { capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] }
          : { launchType: "FARGATE" }),
        deploymentCircuitBreaker: { enable: true, rollback: true },
        deploymentMinimumHealthyPercent: settings.minimumHealthyPercent,
        deploymentMaximumPercent: settings.maximumPercent,
        networkConfiguration: {
          subnets: args.network.subnetIds,
          securityGroups: securityGroup.ids,
          assignPublicIp: false,
        },
        serviceConnectConfiguration: {
          enabled: true,
          namespace: args.namespaceArn,
          services: [
            {
              portName: SERVICE_CONNECT_PORT_NAME,
              discoveryName: settings.discoveryName,
              clientAlias: [{ port, dnsName: settings.discoveryName }],
            },
          ],
          logConfiguration: {
            logDriver: "awslogs",
            options: {
              "awslogs-group": settings.logGroupName,
              "awslogs-region": region,
              "awslogs-stream-prefix": "service-connect",
            },
          },
        },
        propagateTags: "SERVICE",
        tags: args.tags,
        enableEcsManagedTags: true,
        waitForSteadyState: true,
      }),
      {
        parent: this,
        dependsOn: [task.logGroup],
        ignoreChanges: settings.autoscaling ? ["desiredCount"] : [],
      },
    );
    if (settings.autoscaling) {
      createServiceAutoscaling(name, {
        scaling: settings.autoscaling,
        cluster: args.cluster,
        service,
        tags: args.tags,
        parent: this,
      });
    }

    this.service = service;
    this.taskDefinition = task.taskDefinition;
    this.logGroup = task.logGroup;
    this.serviceName = service.name;
    this.serviceArn = service.id;
    this.logGroupName = task.logGroup.name;
    this.securityGroupId = securityGroup.id;
    this.url = pulumi.output(`http://${settings.discoveryName}:${port}`);
    this.registerOutputs({
      serviceName: this.serviceName,
      serviceArn: this.serviceArn,
      logGroupName: this.logGroupName,
      securityGroupId: this.securityGroupId,
      url: this.url,
    });
  }
}
