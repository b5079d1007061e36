import table from "./prices-us-east-1.json";

/** One list price with where and when it was read. */
export interface Price {
  /** USD per `unit` (for `fargateSpotDiscount`, the fraction taken off). */
  usd: number;
  unit: string;
  /** The day the price was read on `source`. */
  asOf: string;
  /** The public price page. */
  source: string;
  /** What the cost model assumes about the quantity this price multiplies, if anything. */
  assumption?: string;
  /** Where the figure was checked besides `source`, when the price page itself could not be read. */
  verifiedWith?: string;
}

/** The names the cost model prices by. */
export type PriceName = keyof typeof table.prices;

/** A dated price table of one region. */
export interface PriceTable {
  region: string;
  currency: string;
  hoursPerMonth: number;
  note: string;
  prices: Record<PriceName, Price>;
}

/** The committed table: us-east-1 on-demand list prices (`prices-us-east-1.json`). */
export const US_EAST_1: PriceTable = table;

/** Usage assumptions the cost model makes where a price alone does not say how much is used. */
export const USAGE = {
  /** Average LCUs of an application load balancer. */
  albLcus: 1,
  /** GB a month processed by each NAT gateway. */
  natGbPerMonth: 10,
  /** GB of logs ingested a month per log group. */
  logGbPerMonth: 1,
  /** Months of logs a never-expiring log group is costed as keeping. */
  neverExpireMonths: 12,
  /** Container Insights custom metrics per cluster and per service in it. */
  insightsMetricsPerCluster: 8,
  insightsMetricsPerService: 6,
  /** GB of Container Insights performance events a month per cluster. */
  insightsGbPerMonth: 0.5,
  /** Alarms one target-tracking policy creates. */
  alarmsPerTargetTracking: 2,
  /** GB stored per ECR repository. */
  ecrGbPerRepository: 5,
  /** Messages a month through each worker queue (up to 64 KB each: one request per call). */
  queueMessagesPerMonth: 100_000,
  /** SQS requests per message: sent, received and deleted once. */
  queueRequestsPerMessage: 3,
  /** Seconds an idle consumer's long poll waits when its queue sets none (SQS's maximum). */
  queueLongPollSeconds: 20,
  /** Requests a month to a dead-letter queue: it has no consumer and gets only failed messages. */
  deadLetterRequestsPerMonth: 0,
  /** SQS requests free each month, per account (deducted once per stack). */
  queueFreeRequests: 1_000_000,
  /** Scheduler invocations free each month, per account (deducted once per stack). */
  schedulerFreeInvocations: 14_000_000,
  /**
   * The share of its timeout a job's run is costed at, plus the grace before the kill: 1, the whole timeout,
   * an upper bound, since a run that finishes early stops paying then (the image pull before it starts is not
   * counted). Fargate bills from the image pull until the task stops, rounded up to the second, at least a
   * minute for a Linux task. Source: https://aws.amazon.com/fargate/pricing/
   */
  jobRunShareOfTimeout: 1,
  /** Fargate's minimum billed seconds per Linux task. */
  fargateMinimumSeconds: 60,
  /** DiscoverInstances calls a month: Service Connect's proxies resolve names, the services never call it. */
  cloudMapDiscoveryCallsPerMonth: 0,
} as const;
