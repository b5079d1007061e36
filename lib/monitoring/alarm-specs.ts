import type * as pulumi from "@pulumi/pulumi";
import { requireIntegerInRange, ValidationError } from "../errors";

/**
 * One CloudWatch metric alarm, before it exists: what it watches (metric math over one or more metrics),
 * when it fires, and the suffix of its name. Pure data, so the thresholds and expressions are tested without
 * an engine.
 */
export interface AlarmSpec {
  /** The alarm's name after `<namePrefix>-<target>-`, e.g. `5xx-rate`. */
  key: string;
  /** Shown in the alarm and in the Slack message. */
  description: string;
  /** How the value is compared with the threshold. */
  comparisonOperator: "GreaterThanOrEqualToThreshold" | "GreaterThanThreshold";
  /** The value the alarm fires at. */
  threshold: number;
  /** The periods looked at. */
  evaluationPeriods: number;
  /** How many of them must breach. */
  datapointsToAlarm: number;
  /** No data (no traffic, an idle target group) is not a failure. */
  treatMissingData: "notBreaching";
  /** The metrics and the one expression whose value is compared (`returnData: true`). */
  metricQueries: AlarmQuery[];
}

/** One query of an alarm: a metric, or an expression over the other queries' ids. */
export interface AlarmQuery {
  /** The query's id, which expressions name. */
  id: string;
  /** The label on graphs. */
  label?: string;
  /** Metric math over the other queries' ids; exclusive with `metric`. */
  expression?: string;
  /** Whether this query's value is the one compared. */
  returnData: boolean;
  /** A metric; exclusive with `expression`. */
  metric?: {
    /** The metric's namespace, e.g. `AWS/SQS`. */
    namespace: string;
    /** The metric. */
    metricName: string;
    /** Dimension name → value. */
    dimensions: Record<string, pulumi.Input<string>>;
    /** The statistic, e.g. `Sum` or `p99`. */
    stat: string;
    /** Seconds per datapoint. */
    period: number;
  };
}

/** Thresholds of a web service's alarms (those a canary or linear deployment rolls back on). */
export interface WebAlarmThresholds {
  /**
   * Percent of requests answered 5xx by the targets, over a minute, that counts as failing (0.1 to 100).
   * A canary that fails every request at 10% of traffic raises the whole service's rate to 10%.
   * @default 5
   */
  serverErrorPercent?: number;
  /**
   * Fewest requests in a minute for the 5xx rate to count: a quiet minute with 1 error in 2 requests is
   * not a 50% failure.
   * @default 20
   */
  minRequestsPerMinute?: number;
  /**
   * Unhealthy targets (in any of the service's target groups) that count as failing.
   * @default 1
   */
  unhealthyHosts?: number;
  /**
   * p99 of the targets' response time, in milliseconds, that counts as failing.
   * @default 2000
   */
  p99ResponseMs?: number;
  /**
   * Consecutive one-minute periods past a threshold before an alarm fires (1 to 10).
   * @default 3
   */
  evaluationMinutes?: number;
}

/** Thresholds of a worker's alarms. */
export interface WorkerAlarmThresholds {
  /**
   * Messages visible in the dead-letter queue that fire the alarm (a message there failed every retry).
   * @default 1
   */
  deadLetterMessages?: number;
  /**
   * Age of the oldest message in the work queue, in seconds, that fires the alarm (the workers fall behind).
   * @default 900
   */
  oldestMessageAgeSeconds?: number;
}

/** Thresholds of a scheduled job's alarm. */
export interface JobAlarmThresholds {
  /**
   * Failed runs in five minutes that fire the alarm.
   * @default 1
   */
  failedRuns?: number;
}

/** The defaults above, as values (the docs and the config read them from here). */
export const DEFAULT_WEB_THRESHOLDS: Required<WebAlarmThresholds> = {
  serverErrorPercent: 5,
  minRequestsPerMinute: 20,
  unhealthyHosts: 1,
  p99ResponseMs: 2000,
  evaluationMinutes: 3,
};
/** The worker alarms' defaults. */
export const DEFAULT_WORKER_THRESHOLDS: Required<WorkerAlarmThresholds> = {
  deadLetterMessages: 1,
  oldestMessageAgeSeconds: 900,
};
/** The job alarm's default: the first failed run. */
export const DEFAULT_JOB_THRESHOLDS: Required<JobAlarmThresholds> = { failedRuns: 1 };

const MINUTE = 60;
const FIVE_MINUTES = 300;

/** Applies defaults and checks web thresholds; `key` names the argument or config key in errors. */
export function normalizeWebThresholds(
  key: string,
  t: WebAlarmThresholds = {},
): Required<WebAlarmThresholds> {
  const merged = { ...DEFAULT_WEB_THRESHOLDS, ...t };
  const percent = merged.serverErrorPercent;
  if (!Number.isFinite(percent) || percent < 0.1 || percent > 100) {
    throw new ValidationError(`${key}.serverErrorPercent`, percent, "expected a percent from 0.1 to 100");
  }
  requireIntegerInRange(`${key}.minRequestsPerMinute`, merged.minRequestsPerMinute, 1, 1_000_000);
  requireIntegerInRange(`${key}.unhealthyHosts`, merged.unhealthyHosts, 1, 1000);
  requireIntegerInRange(`${key}.p99ResponseMs`, merged.p99ResponseMs, 1, 120_000);
  requireIntegerInRange(`${key}.evaluationMinutes`, merged.evaluationMinutes, 1, 10);
  return merged;
}

/** Applies defaults and checks worker thresholds. */
export function normalizeWorkerThresholds(
  key: string,
  t: WorkerAlarmThresholds = {},
): Required<WorkerAlarmThresholds> {
  const merged = { ...DEFAULT_WORKER_THRESHOLDS, ...t };
  requireIntegerInRange(`${key}.deadLetterMessages`, merged.deadLetterMessages, 1, 1_000_000);
  // SQS keeps a message at most 14 days (1,209,600 s).
  requireIntegerInRange(`${key}.oldestMessageAgeSeconds`, merged.oldestMessageAgeSeconds, 60, 1_209_600);
  return merged;
}

/** Applies defaults and checks job thresholds. */
export function normalizeJobThresholds(
  key: string,
  t: JobAlarmThresholds = {},
): Required<JobAlarmThresholds> {
  const merged = { ...DEFAULT_JOB_THRESHOLDS, ...t };
  requireIntegerInRange(`${key}.failedRuns`, merged.failedRuns, 1, 1000);
  return merged;
}

/** A target group as the ALB's CloudWatch metrics name it. */
export interface TargetGroupDimensions {
  /** `targetgroup/<name>/<id>` (the target group's `arnSuffix`). */
  targetGroup: pulumi.Input<string>;
  /** `app/<name>/<id>` (the load balancer's `arnSuffix`). */
  loadBalancer: pulumi.Input<string>;
}

const albMetric = (tg: TargetGroupDimensions, metricName: string, stat: string) => ({
  namespace: "AWS/ApplicationELB",
  metricName,
  dimensions: { TargetGroup: tg.targetGroup, LoadBalancer: tg.loadBalancer },
  stat,
  period: MINUTE,
});

/**
 * A web service's alarms over every target group it serves from (one when rolling, two under canary or
 * linear deployments, where the new revision's tasks sit in the other group): the 5xx rate of the targets,
 * unhealthy targets, and p99 response time. Metric math combines the groups, so the alarm sees a canary's
 * errors whichever group it is in. Metrics: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
 */
export function webAlarmSpecs(
  targetGroups: TargetGroupDimensions[],
  thresholds: Required<WebAlarmThresholds>,
): AlarmSpec[] {
  if (targetGroups.length === 0) throw new Error("webAlarmSpecs needs at least one target group");
  const ids = (prefix: string) => targetGroups.map((_, i) => `${prefix}${i}`);
  const metrics = (prefix: string, metricName: string, stat: string): AlarmQuery[] =>
    targetGroups.map((tg, i) => ({
      id: `${prefix}${i}`,
      returnData: false,
      metric: albMetric(tg, metricName, stat),
    }));
  const sum = (prefix: string) =>
    ids(prefix)
      .map((id) => `FILL(${id}, 0)`)
      .join(" + ");
  const max = (prefix: string) =>
    `MAX([${ids(prefix)
      .map((id) => `FILL(${id}, 0)`)
      .join(", ")}])`;
  const periods = thresholds.evaluationMinutes;
  const common = {
    evaluationPeriods: periods,
    datapointsToAlarm: periods,
    treatMissingData: "notBreaching" as const,
  };
  return [
    {
      key: "5xx-rate",
      description: `Targets answered ${thresholds.serverErrorPercent}% or more of requests with 5xx for ${periods} min (at ${thresholds.minRequestsPerMinute}+ requests/min)`,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: thresholds.serverErrorPercent,
      ...common,
      metricQueries: [
        ...metrics("errors", "HTTPCode_Target_5XX_Count", "Sum"),
        ...metrics("requests", "RequestCount", "Sum"),
        {
          id: "rate",
          label: "5xx percent of requests",
          expression: `IF((${sum("requests")}) >= ${thresholds.minRequestsPerMinute}, 100 * (${sum("errors")}) / (${sum("requests")}), 0)`,
          returnData: true,
        },
      ],
    },
    {
      key: "unhealthy-hosts",
      description: `${thresholds.unhealthyHosts} or more targets unhealthy for ${periods} min`,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: thresholds.unhealthyHosts,
      ...common,
      metricQueries: [
        ...metrics("unhealthy", "UnHealthyHostCount", "Maximum"),
        { id: "worst", label: "Unhealthy targets", expression: max("unhealthy"), returnData: true },
      ],
    },
    {
      key: "p99-latency",
      description: `p99 target response time at or above ${thresholds.p99ResponseMs} ms for ${periods} min`,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      // TargetResponseTime is in seconds.
      threshold: thresholds.p99ResponseMs / 1000,
      ...common,
      metricQueries: [
        ...metrics("p99_", "TargetResponseTime", "p99"),
        { id: "slowest", label: "p99 response time (s)", expression: max("p99_"), returnData: true },
      ],
    },
  ];
}

const sqsMetric = (queueName: pulumi.Input<string>, metricName: string) => ({
  namespace: "AWS/SQS",
  metricName,
  dimensions: { QueueName: queueName },
  stat: "Maximum",
  period: FIVE_MINUTES,
});

/**
 * A worker's alarms: messages in its dead-letter queue, and the age of the oldest message in its work
 * queue. SQS sends these metrics every five minutes. Source: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
 */
export function workerAlarmSpecs(
  queues: { queueName: pulumi.Input<string>; deadLetterQueueName: pulumi.Input<string> },
  thresholds: Required<WorkerAlarmThresholds>,
): AlarmSpec[] {
  const once = { evaluationPeriods: 1, datapointsToAlarm: 1, treatMissingData: "notBreaching" as const };
  return [
    {
      key: "dlq-messages",
      description: `${thresholds.deadLetterMessages} or more messages in the dead-letter queue (they failed every retry)`,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: thresholds.deadLetterMessages,
      ...once,
      metricQueries: [
        {
          id: "dlq",
          label: "Dead-letter messages",
          returnData: true,
          metric: sqsMetric(queues.deadLetterQueueName, "ApproximateNumberOfMessagesVisible"),
        },
      ],
    },
    {
      key: "oldest-message",
      description: `The oldest message waited ${thresholds.oldestMessageAgeSeconds} s or more (the workers fall behind)`,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: thresholds.oldestMessageAgeSeconds,
      ...once,
      metricQueries: [
        {
          id: "age",
          label: "Age of the oldest message (s)",
          returnData: true,
          metric: sqsMetric(queues.queueName, "ApproximateAgeOfOldestMessage"),
        },
      ],
    },
  ];
}

/**
 * A scheduled job's alarm: its failed runs in five minutes.
 * - Runs EventBridge Scheduler could not start (the RunTask call failed: no capacity, a missing role, a bad
 *   task definition) or dropped after its retries: `TargetErrorCount` and `InvocationDroppedCount`, which
 *   Scheduler reports per schedule group only, so every schedule of the group counts.
 *   Source: https://docs.aws.amazon.com/scheduler/latest/UserGuide/monitoring-cloudwatch.html
 * - With `failedRunsRule` (a `TaskFailureRule`'s name): runs that started and then exited non-zero, or whose
 *   task failed to start, counted by the rule's `TriggeredRules` (namespace `AWS/Events`, dimension
 *   `RuleName` on the default bus; EventBridge sends no datapoint while the rule matches nothing).
 *   Source: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html
 */
export function jobAlarmSpecs(
  scheduleGroup: pulumi.Input<string>,
  thresholds: Required<JobAlarmThresholds>,
  failedRunsRule?: pulumi.Input<string>,
): AlarmSpec[] {
  const metric = (metricName: string) => ({
    namespace: "AWS/Scheduler",
    metricName,
    dimensions: { ScheduleGroup: scheduleGroup },
    stat: "Sum",
    period: FIVE_MINUTES,
  });
  const stopped: AlarmQuery[] = failedRunsRule
    ? [
        {
          id: "stopped",
          returnData: false,
          metric: {
            namespace: "AWS/Events",
            metricName: "TriggeredRules",
            dimensions: { RuleName: failedRunsRule },
            stat: "Sum",
            period: FIVE_MINUTES,
          },
        },
      ]
    : [];
  return [
    {
      key: "failed-runs",
      description: failedRunsRule
        ? `${thresholds.failedRuns} or more runs failed in 5 min (exited non-zero, failed to start, or dropped)`
        : `${thresholds.failedRuns} or more runs failed to start or were dropped in 5 min`,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: thresholds.failedRuns,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: "notBreaching",
      metricQueries: [
        { id: "errors", returnData: false, metric: metric("TargetErrorCount") },
        { id: "dropped", returnData: false, metric: metric("InvocationDroppedCount") },
        ...stopped,
        {
          id: "failed",
          label: "Failed runs",
          expression: failedRunsRule
            ? "FILL(errors, 0) + FILL(dropped, 0) + FILL(stopped, 0)"
            : "FILL(errors, 0) + FILL(dropped, 0)",
          returnData: true,
        },
      ],
    },
  ];
}

/** CloudWatch alarm names: 1 to 255 characters; kept to a safe set so IAM patterns can name them. */
const ALARM_NAME = /^[A-Za-z0-9_.-]{1,255}$/;

/** `<prefix>-<target>-<key>`, checked. */
export function alarmName(key: string, prefix: string, target: string, alarm: string): string {
  const name = `${prefix}-${target}-${alarm}`;
  if (!ALARM_NAME.test(name)) {
    throw new ValidationError(key, name, "alarm names are 1 to 255 of [A-Za-z0-9_.-]");
  }
  return name;
}

/** How many metrics an alarm evaluates: CloudWatch bills a metric-math alarm per metric in it. */
export const metricsIn = (spec: AlarmSpec) => spec.metricQueries.filter((q) => q.metric).length;
