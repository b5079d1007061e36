import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkImageDigest, checkImageTag } from "../ecr/image-tag";
import { AlarmSet } from "../monitoring/alarm-set";
import { webAlarmSpecs } from "../monitoring/alarm-specs";
import { CONTAINER_NAME, containerDefinitions, SCRATCH_VOLUME } from "./container-definition";
import { deploymentConfiguration, type ServiceAlarmsArgs } from "./deployment-strategy";
import {
  checkHostname,
  type EcsApiServiceArgs,
  type NormalizedServiceArgs,
  normalizeServiceArgs,
} from "./ecs-api-service-args";
import { routeConditions } from "./path-patterns";
import { createServiceAutoscaling } from "./service-autoscaling";
import { createTaskRoles } from "./task-roles";
import {
  createTrafficShifting,
  SHIFTED_RULE_FIELDS,
  SHIFTED_SERVICE_FIELDS,
  weightedForward,
} from "./traffic-shifting";

export type { EcsApiServiceArgs } from "./ecs-api-service-args";

const identity = <T>(args: T) => args;

/** `repositoryUrl@digest` when a digest is given, else `repositoryUrl:tag`, each checked once resolved. */
function imageReference(name: string, args: EcsApiServiceArgs): pulumi.Output<string> {
  if (args.imageDigest !== undefined) {
    const digest = pulumi
      .output(args.imageDigest)
      .apply((d) => checkImageDigest(`EcsApiService(${name}).imageDigest`, d));
    return pulumi.interpolate`${args.repositoryUrl}@${digest}`;
  }
  const tag = pulumi
    .output(args.imageTag as pulumi.Input<string>)
    .apply((t) => checkImageTag(`EcsApiService(${name}).imageTag`, t));
  return pulumi.interpolate`${args.repositoryUrl}:${tag}`;
}

/**
 * A Pantstack API on ECS Fargate behind the platform's HTTPS load balancer: task definition, service with
 * the deployment circuit breaker and rollback, target group and a listener rule on its host (and its path
 * patterns, when given), a security group
 * that admits only the load balancer, a log group with a set retention, execution and task roles, and
 * optional autoscaling and DNS.
 *
 * The ECS service child is named `<name>-service` (`api-service` for the component `api`), so a rollback can
 * target its URN.
 */
export class EcsApiService extends pulumi.ComponentResource {
  /** The ECS service. */
  declare readonly service: aws.ecs.Service;
  /** The task definition the service runs. */
  declare readonly taskDefinition: aws.ecs.TaskDefinition;
  /** The target group the service registers its tasks in. */
  declare readonly targetGroup: aws.lb.TargetGroup;
  /** The second target group of canary and linear deployments (unset when rolling). */
  declare readonly alternateTargetGroup?: aws.lb.TargetGroup;
  /** The names of the service's alarms (the deployment's rollback alarms); empty without `alarms`. */
  declare readonly alarmNames: string[];
  /** The log group of the container's output. */
  declare readonly logGroup: aws.cloudwatch.LogGroup;
  /** The ECS service's name. */
  declare readonly serviceName: pulumi.Output<string>;
  /** The ECS service's ARN. */
  declare readonly serviceArn: pulumi.Output<string>;
  /** The target group's ARN. */
  declare readonly targetGroupArn: pulumi.Output<string>;
  /** For CloudWatch alarms on the target group (`TargetGroup` dimension). */
  declare readonly targetGroupArnSuffix: pulumi.Output<string>;
  /** The log group's name, e.g. for `aws logs tail`. */
  declare readonly logGroupName: pulumi.Output<string>;
  /** The tasks' security groups (the one created, or those given). */
  declare readonly securityGroupIds: pulumi.Output<string[]>;
  /** `https://<hostname>`. */
  declare readonly url: pulumi.Output<string>;

  constructor(name: string, args: EcsApiServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    const settings = normalizeServiceArgs(name, pulumi.getStack(), args);
    const hostname = pulumi
      .output(settings.hostname)
      .apply((h) => checkHostname(`EcsApiService(${name}).routing.hostname`, h));
    super("pantstack:ecs:EcsApiService", name, {}, opts);
    const transform = {
      taskDefinition: identity,
      service: identity,
      targetGroup: identity,
      ...args.transform,
    };
    const parent = { parent: this };

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: settings.logGroupName, retentionInDays: settings.logRetentionDays, tags: args.tags },
      { parent: this, protect: args.retainLogs ?? false, retainOnDelete: args.retainLogs ?? false },
    );
    const { executionRoleArn, taskRoleArn } = createTaskRoles(name, args, logGroup.arn, this);

    const region = aws.getRegionOutput({}, parent).region;
    const image = imageReference(name, args);
    const taskDefinition = new aws.ecs.TaskDefinition(
      `${name}-task`,
      transform.taskDefinition({
        family: settings.family,
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        cpu: String(settings.cpu),
        memory: String(settings.memory),
        executionRoleArn,
        taskRoleArn,
        runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: args.architecture ?? "X86_64" },
        volumes: [{ name: SCRATCH_VOLUME.name }],
        tags: args.tags,
        containerDefinitions: pulumi
          .all([image, pulumi.output(args.environment ?? {}), pulumi.output(args.secrets ?? {}), region])
          .apply(([resolvedImage, environment, secrets, resolvedRegion]) =>
            containerDefinitions({
              image: resolvedImage,
              port: settings.containerPort,
              environment,
              secrets,
              logGroupName: settings.logGroupName,
              region: resolvedRegion,
              healthCheck: settings.containerHealthCheck,
            }),
          ),
      }),
      parent,
    );

    const securityGroupIds = args.network.securityGroupIds
      ? pulumi.output(args.network.securityGroupIds)
      : pulumi.output([this.createSecurityGroup(name, args, settings.containerPort)]);

    const targetGroup = this.createTargetGroup(`${name}-tg`, args, settings, transform.targetGroup);
    const strategy = settings.strategy;
    // Canary and linear deployments start the new revision in a second target group and shift the rule's
    // weights to it; ECS changes those weights, so Pulumi must leave them alone after creating them.
    const alternate =
      strategy.type === "rolling"
        ? undefined
        : this.createTargetGroup(`${name}-tg-alt`, args, settings, transform.targetGroup);
    const rule = new aws.lb.ListenerRule(
      `${name}-rule`,
      {
        listenerArn: args.routing.listenerArn,
        priority: settings.priority,
        conditions: routeConditions(hostname, settings.paths),
        actions: [
          alternate
            ? weightedForward(targetGroup, alternate)
            : { type: "forward", targetGroupArn: targetGroup.arn },
        ],
        tags: args.tags,
      },
      alternate ? { parent: this, ignoreChanges: SHIFTED_RULE_FIELDS } : parent,
    );
    const shifting =
      alternate && strategy.type !== "rolling"
        ? createTrafficShifting(name, {
            args,
            hostname,
            paths: settings.paths,
            testPriority: strategy.testPriority,
            primary: targetGroup,
            alternate,
            productionRule: rule,
            parent: this,
          })
        : undefined;
    const alarmSet = settings.alarms
      ? new AlarmSet(
          name,
          {
            alarms: webAlarmSpecs(
              [targetGroup, ...(alternate ? [alternate] : [])].map((tg) => ({
                targetGroup: tg.arnSuffix,
                loadBalancer: args.routing.loadBalancerArnSuffix as pulumi.Input<string>,
              })),
              settings.alarms.thresholds,
            ),
            topicArn: (args.alarms as ServiceAlarmsArgs).topicArn,
            namePrefix: settings.alarms.namePrefix,
            tags: args.tags,
          },
          parent,
        )
      : undefined;

    const service = new aws.ecs.Service(
      `${name}-service`,
      transform.service({
        cluster: args.cluster,
        taskDefinition: taskDefinition.arn,
        desiredCount: settings.desiredCount,
        ...(args.spot
          ? { capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] }
          : { launchType: "FARGATE" }),
        deploymentCircuitBreaker: { enable: true, rollback: true },
        deploymentMinimumHealthyPercent: settings.minimumHealthyPercent,
        deploymentMaximumPercent: settings.maximumPercent,
        healthCheckGracePeriodSeconds: settings.healthCheckGracePeriodSeconds,
        networkConfiguration: {
          subnets: args.network.subnetIds,
          securityGroups: securityGroupIds,
          assignPublicIp: args.network.assignPublicIp ?? false,
        },
        loadBalancers: [
          {
            targetGroupArn: targetGroup.arn,
            containerName: CONTAINER_NAME,
            containerPort: settings.containerPort,
            ...(shifting ? { advancedConfiguration: shifting.advancedConfiguration } : {}),
          },
        ],
        // Added only when asked, so services without it keep their inputs unchanged.
        ...(args.serviceConnectNamespaceArn
          ? { serviceConnectConfiguration: { enabled: true, namespace: args.serviceConnectNamespaceArn } }
          : {}),
        ...(strategy.type === "rolling"
          ? {}
          : { deploymentConfiguration: deploymentConfiguration(strategy) }),
        ...(alarmSet ? { alarms: { alarmNames: alarmSet.alarmNames, enable: true, rollback: true } } : {}),
        propagateTags: "SERVICE",
        tags: args.tags,
        enableEcsManagedTags: true,
        // `pulumi up` returns only when the deploy settled, and fails when the circuit breaker rolled it back.
        waitForSteadyState: true,
      }),
      // Autoscaling owns the count once it exists: a deploy must not reset it.
      {
        parent: this,
        dependsOn: [rule, ...(shifting ? [shifting.testRule] : []), ...(alarmSet?.alarms ?? [])],
        ignoreChanges: [
          ...(settings.autoscaling ? ["desiredCount"] : []),
          ...(shifting ? SHIFTED_SERVICE_FIELDS : []),
        ],
      },
    );

    if (settings.autoscaling) {
      createServiceAutoscaling(name, {
        scaling: settings.autoscaling,
        cluster: args.cluster,
        service,
        targetGroup,
        alternateTargetGroup: alternate,
        loadBalancerArnSuffix: args.routing.loadBalancerArnSuffix,
        tags: args.tags,
        parent: this,
      });
    }
    if (args.routing.dns) {
      new aws.route53.Record(
        `${name}-dns`,
        {
          zoneId: args.routing.dns.zoneId,
          name: hostname,
          type: "A",
          aliases: [
            {
              name: args.routing.dns.loadBalancerDnsName,
              zoneId: args.routing.dns.loadBalancerZoneId,
              evaluateTargetHealth: true,
            },
          ],
        },
        parent,
      );
    }

    this.service = service;
    this.taskDefinition = taskDefinition;
    this.targetGroup = targetGroup;
    if (alternate) this.alternateTargetGroup = alternate;
    this.alarmNames = alarmSet?.alarmNames ?? [];
    this.logGroup = logGroup;
    this.serviceName = service.name;
    this.serviceArn = service.id;
    this.targetGroupArn = targetGroup.arn;
    this.targetGroupArnSuffix = targetGroup.arnSuffix;
    this.logGroupName = logGroup.name;
    this.securityGroupIds = securityGroupIds;
    this.url = pulumi.interpolate`https://${hostname}`;
    this.registerOutputs({
      serviceName: this.serviceName,
      serviceArn: this.serviceArn,
      targetGroupArn: this.targetGroupArn,
      targetGroupArnSuffix: this.targetGroupArnSuffix,
      alarmNames: this.alarmNames,
      logGroupName: this.logGroupName,
      url: this.url,
    });
  }

  private createSecurityGroup(name: string, args: EcsApiServiceArgs, port: number): pulumi.Output<string> {
    const securityGroup = new aws.ec2.SecurityGroup(
      `${name}-tasks`,
      {
        vpcId: args.network.vpcId,
        description: `Tasks of ${name}: the load balancer only, on the container port`,
        tags: args.tags,
      },
      { parent: this },
    );
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-from-lb`,
      {
        securityGroupId: securityGroup.id,
        referencedSecurityGroupId: args.routing.loadBalancerSecurityGroupId,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        tags: args.tags,
      },
      { parent: this },
    );
    // Outbound stays open: tasks reach ECR, CloudWatch, Secrets Manager and the APIs the application calls.
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-egress`,
      { securityGroupId: securityGroup.id, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", tags: args.tags },
      { parent: this },
    );
    return securityGroup.id;
  }

  private createTargetGroup(
    logicalName: string,
    args: EcsApiServiceArgs,
    settings: NormalizedServiceArgs,
    transform: (a: aws.lb.TargetGroupArgs) => aws.lb.TargetGroupArgs,
  ): aws.lb.TargetGroup {
    const check = settings.healthCheck;
    return new aws.lb.TargetGroup(
      logicalName,
      transform({
        vpcId: args.network.vpcId,
        targetType: "ip",
        protocol: "HTTP",
        port: settings.containerPort,
        // Deploys finish faster; requests in flight get 30 s to complete.
        deregistrationDelay: 30,
        tags: args.tags,
        healthCheck: {
          enabled: true,
          protocol: "HTTP",
          path: check.path,
          matcher: check.matcher,
          interval: check.intervalSeconds,
          timeout: check.timeoutSeconds,
          healthyThreshold: check.healthyThreshold,
          unhealthyThreshold: check.unhealthyThreshold,
        },
      }),
      { parent: this },
    );
  }
}
