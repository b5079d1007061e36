import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  ecsInfrastructureTrustPolicy,
  infrastructureRolePolicy,
  TEST_TRAFFIC_HEADER,
} from "./deployment-strategy";
import type { EcsApiServiceArgs } from "./ecs-api-service-args";
import { routeConditions } from "./path-patterns";

/**
 * What ECS changes on its own during a canary or linear deployment, and Pulumi must not set back: the
 * weights of the rules' forward actions, and which of the two target groups the service calls primary
 * (ECS swaps them when a deployment completes). Only the weights and the two ARNs are ignored, so a changed
 * port, health check or rule condition still deploys.
 */
export const SHIFTED_RULE_FIELDS = ["actions[0].forward.targetGroups[*].weight"];
export const SHIFTED_SERVICE_FIELDS = [
  "loadBalancers[0].targetGroupArn",
  "loadBalancers[0].advancedConfiguration.alternateTargetGroupArn",
];

/**
 * A forward action to both target groups, all traffic on the primary: the shape ECS expects of the
 * production and test rules, whose weights it then moves.
 * Source: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html
 */
export function weightedForward(primary: aws.lb.TargetGroup, alternate: aws.lb.TargetGroup) {
  return {
    type: "forward",
    forward: {
      targetGroups: [
        { arn: primary.arn, weight: 100 },
        { arn: alternate.arn, weight: 0 },
      ],
    },
  };
}

/** What {@link createTrafficShifting} builds on. */
export interface TrafficShiftingArgs {
  args: EcsApiServiceArgs;
  hostname: pulumi.Output<string>;
  /** The production rule's path patterns, which the test rule requires too. */
  paths: string[];
  testPriority: number;
  primary: aws.lb.TargetGroup;
  alternate: aws.lb.TargetGroup;
  productionRule: aws.lb.ListenerRule;
  parent: pulumi.Resource;
}

/**
 * The test listener rule and ECS's infrastructure role of a canary or linear deployment, and the service's
 * `advancedConfiguration` naming them. The role may change exactly the two rules and register tasks in
 * exactly the two target groups, unless the caller passed its own.
 */
export function createTrafficShifting(name: string, t: TrafficShiftingArgs) {
  const { args, parent } = t;
  const testRule = new aws.lb.ListenerRule(
    `${name}-test-rule`,
    {
      listenerArn: args.routing.listenerArn,
      priority: t.testPriority,
      conditions: [
        ...routeConditions(t.hostname, t.paths),
        { httpHeader: { httpHeaderName: TEST_TRAFFIC_HEADER.name, values: [TEST_TRAFFIC_HEADER.value] } },
      ],
      actions: [weightedForward(t.primary, t.alternate)],
      tags: args.tags,
    },
    { parent, ignoreChanges: SHIFTED_RULE_FIELDS },
  );
  const given = args.deploymentStrategy?.infrastructureRoleArn;
  const roleArn = given ? pulumi.output(given) : createInfrastructureRole(name, t, testRule);
  return {
    testRule,
    roleArn,
    advancedConfiguration: {
      alternateTargetGroupArn: t.alternate.arn,
      productionListenerRule: t.productionRule.arn,
      testListenerRule: testRule.arn,
      roleArn,
    },
  };
}

function createInfrastructureRole(
  name: string,
  t: TrafficShiftingArgs,
  testRule: aws.lb.ListenerRule,
): pulumi.Output<string> {
  const { args, parent } = t;
  const account = aws.getCallerIdentityOutput({}, { parent }).accountId;
  const role = new aws.iam.Role(
    `${name}-ecs-infra`,
    {
      path: args.rolePath ?? "/pantstack/",
      description: `ECS shifts ${name}'s traffic between its two target groups during deployments`,
      assumeRolePolicy: account.apply((a) => JSON.stringify(ecsInfrastructureTrustPolicy(a))),
      permissionsBoundary: args.permissionsBoundaryArn,
      tags: args.tags,
    },
    { parent },
  );
  const policy = new aws.iam.RolePolicy(
    `${name}-ecs-infra`,
    {
      role: role.name,
      policy: pulumi
        .all([t.productionRule.arn, testRule.arn, t.primary.arn, t.alternate.arn])
        .apply(([production, test, primary, alternate]) =>
          JSON.stringify(infrastructureRolePolicy([production, test], [primary, alternate])),
        ),
    },
    { parent },
  );
  // The service may use the role only once it can do its work.
  return pulumi.all([role.arn, policy.id]).apply(([arn]) => arn);
}
