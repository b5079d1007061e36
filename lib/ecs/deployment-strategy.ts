import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { requireIntegerInRange, requireOneOf, ValidationError } from "../errors";
import { type PolicyDocument, policyDocument } from "../iam/policy-document";
import { normalizeWebThresholds, type WebAlarmThresholds } from "../monitoring/alarm-specs";

/** ECS's deployment strategies this component builds. */
export const DEPLOYMENT_STRATEGIES = ["rolling", "canary", "linear"] as const;
/** One of {@link DEPLOYMENT_STRATEGIES}. */
export type DeploymentStrategyType = (typeof DEPLOYMENT_STRATEGIES)[number];

/**
 * How a new revision replaces the running one. `rolling` replaces tasks in place (the circuit breaker
 * rolls back tasks that fail to start). `canary` and `linear` are ECS's built-in traffic-shifting
 * deployments: the new revision starts beside the old one in a second target group, ECS moves production
 * traffic to it (a canary share first, or steps), watches the service's alarms, and moves it all back if one
 * fires. Source: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/canary-deployment.html
 */
export interface DeploymentStrategyArgs {
  /**
   * The strategy.
   * @default "rolling"
   */
  type?: DeploymentStrategyType;
  /**
   * Canary: percent of production traffic the new revision gets first (0.1 to 100).
   * @default 10
   */
  canaryPercent?: number;
  /**
   * Canary: minutes at `canaryPercent` before the rest of the traffic moves (0 to 1440).
   * @default 10
   */
  canaryBakeMinutes?: number;
  /**
   * Linear: percent of production traffic moved at each step (3 to 100).
   * @default 20
   */
  stepPercent?: number;
  /**
   * Linear: minutes between steps (0 to 1440).
   * @default 5
   */
  stepBakeMinutes?: number;
  /**
   * Canary and linear: minutes the old revision keeps running after all traffic moved; an alarm in that time
   * still rolls back, at once (0 to 1440).
   * @default 10
   */
  bakeMinutes?: number;
  /**
   * Canary and linear: priority of the test listener rule (requests to the hostname carrying the header
   * `x-pantstack-test: 1` reach the new revision before any production traffic). It must come before the
   * production rule (a lower number) and be unique on the listener.
   * @default - `routing.priority - 50`
   */
  testPriority?: number;
  /**
   * Canary and linear: the role ECS assumes to shift traffic, instead of the one this component creates
   * (scoped to the service's two listener rules and two target groups).
   * @default - a role scoped to this service's rules and target groups
   */
  infrastructureRoleArn?: pulumi.Input<string>;
}

/** The service's CloudWatch alarms, which also roll back a canary or linear deployment. */
export interface ServiceAlarmsArgs {
  /** The SNS topic told when an alarm fires or clears (an `AlarmTopic`'s `topicArn`). */
  topicArn: pulumi.Input<string>;
  /**
   * The first part of the alarm names (`<namePrefix>-<name>-5xx-rate`...).
   * @default - `pantstack-<stack>`
   */
  namePrefix?: string;
  /** When the alarms fire. @default - see `WebAlarmThresholds` */
  thresholds?: WebAlarmThresholds;
}

/** A strategy with its defaults applied. */
export type NormalizedStrategy =
  | { type: "rolling" }
  | {
      type: "canary" | "linear";
      /** Canary percent or linear step percent. */
      percent: number;
      /** Canary bake or linear step bake, in minutes. */
      stepMinutes: number;
      bakeMinutes: number;
      testPriority: number;
    };

/** The test listener rule's header: requests carrying it reach the new revision during a deployment. */
export const TEST_TRAFFIC_HEADER = {
  /** The header's name. */
  name: "x-pantstack-test",
  /** The value that selects the new revision. */
  value: "1",
} as const;

/** How far below the production rule the test rule sits by default (catalog priorities are consecutive). */
export const TEST_PRIORITY_OFFSET = 50;

const minutes = (key: string, value: number) => requireIntegerInRange(key, value, 0, 1440);

function percentIn(key: string, value: number, min: number): number {
  if (!Number.isFinite(value) || value < min || value > 100) {
    throw new ValidationError(key, value, `expected a percent from ${min} to 100`);
  }
  return value;
}

/**
 * Checks a strategy (before anything exists): the type, the fields that belong to it, their ranges, and
 * that a traffic-shifting strategy has alarms to roll back on.
 */
export function normalizeStrategy(
  key: string,
  args: DeploymentStrategyArgs | undefined,
  priority: number,
  hasAlarms: boolean,
): NormalizedStrategy {
  const type = requireOneOf(`${key}.type`, args?.type ?? "rolling", DEPLOYMENT_STRATEGIES);
  const given = Object.entries(args ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
  const fields: Record<DeploymentStrategyType, string[]> = {
    rolling: ["type"],
    canary: [
      "type",
      "canaryPercent",
      "canaryBakeMinutes",
      "bakeMinutes",
      "testPriority",
      "infrastructureRoleArn",
    ],
    linear: [
      "type",
      "stepPercent",
      "stepBakeMinutes",
      "bakeMinutes",
      "testPriority",
      "infrastructureRoleArn",
    ],
  };
  const stray = given.find((field) => !fields[type].includes(field));
  if (stray) {
    throw new ValidationError(
      `${key}.${stray}`,
      (args as Record<string, unknown>)[stray],
      `not used by the ${type} strategy; its fields are ${fields[type].join(", ")}`,
    );
  }
  if (type === "rolling") return { type };
  if (!hasAlarms) {
    throw new ValidationError(
      `${key}.type`,
      type,
      `a ${type} deployment rolls back on the service's alarms: set alarms (topicArn) too`,
    );
  }
  const a = args ?? {};
  const percent =
    type === "canary"
      ? percentIn(`${key}.canaryPercent`, a.canaryPercent ?? 10, 0.1)
      : percentIn(`${key}.stepPercent`, a.stepPercent ?? 20, 3);
  const stepMinutes =
    type === "canary"
      ? minutes(`${key}.canaryBakeMinutes`, a.canaryBakeMinutes ?? 10)
      : minutes(`${key}.stepBakeMinutes`, a.stepBakeMinutes ?? 5);
  const testPriority = a.testPriority ?? priority - TEST_PRIORITY_OFFSET;
  if (!Number.isInteger(testPriority) || testPriority < 1 || testPriority >= priority) {
    throw new ValidationError(
      `${key}.testPriority`,
      testPriority,
      `expected an integer from 1 to ${priority - 1} (before the production rule's ${priority})`,
    );
  }
  return {
    type,
    percent,
    stepMinutes,
    bakeMinutes: minutes(`${key}.bakeMinutes`, a.bakeMinutes ?? 10),
    testPriority,
  };
}

/** Checks the alarm arguments; their thresholds get their defaults. */
export function normalizeServiceAlarms(key: string, alarms: ServiceAlarmsArgs | undefined) {
  if (!alarms) return undefined;
  return {
    namePrefix: alarms.namePrefix,
    thresholds: normalizeWebThresholds(`${key}.thresholds`, alarms.thresholds),
  };
}

/**
 * The service's `deploymentConfiguration` for a traffic-shifting strategy (ECS takes minutes as strings).
 * Source: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html
 */
export function deploymentConfiguration(
  strategy: Exclude<NormalizedStrategy, { type: "rolling" }>,
): aws.types.input.ecs.ServiceDeploymentConfiguration {
  const bakeTimeInMinutes = String(strategy.bakeMinutes);
  return strategy.type === "canary"
    ? {
        strategy: "CANARY",
        bakeTimeInMinutes,
        canaryConfiguration: {
          canaryPercent: strategy.percent,
          canaryBakeTimeInMinutes: String(strategy.stepMinutes),
        },
      }
    : {
        strategy: "LINEAR",
        bakeTimeInMinutes,
        linearConfiguration: {
          stepPercent: strategy.percent,
          stepBakeTimeInMinutes: String(strategy.stepMinutes),
        },
      };
}

/**
 * Trust of ECS's infrastructure role: ECS itself, for this account only.
 * Source: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/AmazonECSInfrastructureRolePolicyForLoadBalancers.html
 */
export function ecsInfrastructureTrustPolicy(account: string): PolicyDocument {
  return policyDocument({
    Sid: "EcsShiftsTraffic",
    Effect: "Allow",
    Principal: { Service: "ecs.amazonaws.com" },
    Action: "sts:AssumeRole",
    Condition: { StringEquals: { "aws:SourceAccount": account } },
  });
}

/** The ELB reads ECS makes while shifting; AWS has no resource-level permission for them. */
export const INFRASTRUCTURE_READS = [
  "elasticloadbalancing:DescribeListeners",
  "elasticloadbalancing:DescribeRules",
  "elasticloadbalancing:DescribeTargetGroups",
  "elasticloadbalancing:DescribeTargetHealth",
];

/**
 * What ECS may do with the infrastructure role: the least-privilege cut of the managed policy
 * `AmazonECSInfrastructureRolePolicyForLoadBalancers`, which allows these calls on every listener, rule and
 * target group of the account (and `ModifyListener`, which only Network Load Balancer deployments use). Here:
 * change the weights of this service's two rules, and register tasks in its two target groups.
 */
export function infrastructureRolePolicy(ruleArns: string[], targetGroupArns: string[]): PolicyDocument {
  return policyDocument(
    { Sid: "ReadLoadBalancing", Effect: "Allow", Action: INFRASTRUCTURE_READS, Resource: "*" },
    { Sid: "ShiftTraffic", Effect: "Allow", Action: "elasticloadbalancing:ModifyRule", Resource: ruleArns },
    {
      Sid: "RegisterTasks",
      Effect: "Allow",
      Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
      Resource: targetGroupArns,
    },
  );
}
