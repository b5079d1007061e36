import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { NormalizedAutoscaling } from "./autoscaling";

/** What {@link createServiceAutoscaling} scales and where it attaches its resources. */
export interface ServiceAutoscalingArgs {
  /** Bounds, targets and cooldowns, already validated. */
  scaling: NormalizedAutoscaling;
  /** The cluster ARN (or name). */
  cluster: pulumi.Input<string>;
  /** The service whose desired count is scaled. */
  service: aws.ecs.Service;
  /** The service's target group (request-count scaling measures it); none for a private service. */
  targetGroup?: aws.lb.TargetGroup;
  /**
   * The second target group of canary and linear deployments: request-count scaling then measures both.
   * @default - none (rolling)
   */
  alternateTargetGroup?: aws.lb.TargetGroup;
  /** Needed for request-count scaling. */
  loadBalancerArnSuffix?: pulumi.Input<string>;
  /** Tags of the scalable target. */
  tags?: Record<string, string>;
  /** The component the resources belong to. */
  parent: pulumi.Resource;
}

/** Target-tracking autoscaling of an ECS service: a scalable target and one policy per metric. */
export function createServiceAutoscaling(name: string, args: ServiceAutoscalingArgs): void {
  const { scaling, parent } = args;
  const clusterName = pulumi.output(args.cluster).apply((c) => c.split("/").pop() ?? c);
  const target = new aws.appautoscaling.Target(
    `${name}-scaling`,
    {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: pulumi.interpolate`service/${clusterName}/${args.service.name}`,
      minCapacity: scaling.minCount,
      maxCapacity: scaling.maxCount,
      tags: args.tags,
    },
    { parent },
  );
  type Configuration = aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfiguration;
  const policy = (
    suffix: string,
    metric:
      | Pick<Configuration, "predefinedMetricSpecification">
      | Pick<Configuration, "customizedMetricSpecification">,
    value: number,
  ) =>
    new aws.appautoscaling.Policy(
      `${name}-${suffix}`,
      {
        policyType: "TargetTrackingScaling",
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          ...metric,
          targetValue: value,
          scaleInCooldown: scaling.scaleInCooldownSeconds,
          scaleOutCooldown: scaling.scaleOutCooldownSeconds,
        },
      },
      { parent },
    );
  if (scaling.cpuTargetPercent !== undefined) {
    policy(
      "cpu",
      { predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" } },
      scaling.cpuTargetPercent,
    );
  }
  if (scaling.requestsPerTarget === undefined) return;
  if (!args.alternateTargetGroup) {
    policy(
      "requests",
      {
        predefinedMetricSpecification: {
          predefinedMetricType: "ALBRequestCountPerTarget",
          resourceLabel: pulumi.interpolate`${args.loadBalancerArnSuffix}/${args.targetGroup?.arnSuffix}`,
        },
      },
      scaling.requestsPerTarget,
    );
    return;
  }
  // ALBRequestCountPerTarget measures one target group, named in its resource label. Under canary and linear
  // deployments ECS moves the traffic to the other group and back with each release, so that metric would
  // read zero half the time and scale the service in under load. Requests per healthy target over both
  // groups is the same measure, wherever the traffic is.
  const groups = [args.targetGroup, args.alternateTargetGroup].filter((g) => g !== undefined);
  policy(
    "requests",
    {
      customizedMetricSpecification: {
        metrics: requestsPerTargetMetrics(groups, args.loadBalancerArnSuffix),
      },
    },
    scaling.requestsPerTarget,
  );
}

/**
 * Requests per healthy target per minute over several target groups, as metric math: what
 * `ALBRequestCountPerTarget` measures for one group.
 * Source: https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking-metric-math.html
 */
export function requestsPerTargetMetrics(
  groups: { arnSuffix: pulumi.Input<string> }[],
  loadBalancerArnSuffix: pulumi.Input<string> | undefined,
) {
  const metric = (id: string, metricName: string, stat: string, targetGroup: pulumi.Input<string>) => ({
    id,
    returnData: false,
    metricStat: {
      metric: {
        namespace: "AWS/ApplicationELB",
        metricName,
        dimensions: [
          { name: "TargetGroup", value: targetGroup },
          { name: "LoadBalancer", value: loadBalancerArnSuffix as pulumi.Input<string> },
        ],
      },
      stat,
    },
  });
  const sum = (prefix: string) => groups.map((_, i) => `FILL(${prefix}${i}, 0)`).join(" + ");
  return [
    ...groups.map((g, i) => metric(`requests${i}`, "RequestCount", "Sum", g.arnSuffix)),
    ...groups.map((g, i) => metric(`healthy${i}`, "HealthyHostCount", "Average", g.arnSuffix)),
    {
      id: "perTarget",
      label: "Requests per healthy target",
      expression: `(${sum("requests")}) / IF((${sum("healthy")}) > 0, ${sum("healthy")}, 1)`,
      returnData: true,
    },
  ];
}
