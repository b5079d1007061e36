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
  const policy = (
    suffix: string,
    metric: aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification,
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
          predefinedMetricSpecification: metric,
          targetValue: value,
          scaleInCooldown: scaling.scaleInCooldownSeconds,
          scaleOutCooldown: scaling.scaleOutCooldownSeconds,
        },
      },
      { parent },
    );
  if (scaling.cpuTargetPercent !== undefined) {
    policy("cpu", { predefinedMetricType: "ECSServiceAverageCPUUtilization" }, scaling.cpuTargetPercent);
  }
  if (scaling.requestsPerTarget !== undefined) {
    policy(
      "requests",
      {
        predefinedMetricType: "ALBRequestCountPerTarget",
        resourceLabel: pulumi.interpolate`${args.loadBalancerArnSuffix}/${args.targetGroup?.arnSuffix}`,
      },
      scaling.requestsPerTarget,
    );
  }
}
