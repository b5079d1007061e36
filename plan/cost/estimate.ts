import { KILL_AFTER_SECONDS, TIMEOUT_VARIABLE } from "../../lib/ecs/scheduled-task-args";
import { runsPerMonth, UncountedSchedule } from "./job-runs";
import { type PriceName, type PriceTable, US_EAST_1, USAGE } from "./prices";
import { type CapacityAction, UnsupportedSchedule, weeklyTaskHours } from "./schedule";
import { type ServiceCost, serviceCosts } from "./services";

/** What the cost model reads of a resource: a planned one, or one from a plan's JSON. */
export interface CostedResource {
  urn: string;
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  /** The parent's URN: what attributes a line to the service component it belongs to. @default - top level */
  parent?: string | null;
}

/** One thing that costs money, with how its monthly price is made up. */
export interface CostLine {
  urn: string;
  type: string;
  /**
   * What is priced, so two lines of one resource tell apart: `compute` and `public IPv4` of a service,
   * `load balancer` and `public IPv4` of a load balancer.
   */
  item: string;
  /** Quantity × unit price, in words and numbers. */
  basis: string;
  /** USD a month at the lower bound (minimum task count). */
  monthlyUsd: number;
  /** USD a month at the upper bound (maximum task count); equal to `monthlyUsd` for fixed costs. */
  monthlyUsdMax: number;
}

/** A stack's monthly cost. */
export interface StackCost {
  /** At the minimum task count of every autoscaled service. */
  monthlyUsd: number;
  /** At the maximum task count. */
  monthlyUsdMax: number;
  /** Most expensive first. */
  lines: CostLine[];
  /** Set when the stack's region is not the price table's: the estimate then uses the table's prices. */
  regionNote?: string;
  /**
   * The catalog's services by kind, each with the lines of its own resources, then the shared platform; they
   * add up to the totals. Empty for a stack without service components.
   */
  services: ServiceCost[];
}

const T = {
  service: "aws:ecs/service:Service",
  taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
  scalableTarget: "aws:appautoscaling/target:Target",
  scalingPolicy: "aws:appautoscaling/policy:Policy",
  scheduledAction: "aws:appautoscaling/scheduledAction:ScheduledAction",
  loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
  natGateway: "aws:ec2/natGateway:NatGateway",
  eip: "aws:ec2/eip:Eip",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  cluster: "aws:ecs/cluster:Cluster",
  kmsKey: "aws:kms/key:Key",
  zone: "aws:route53/zone:Zone",
  repository: "aws:ecr/repository:Repository",
  topic: "aws:sns/topic:Topic",
  chatbot: "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration",
  eventRule: "aws:cloudwatch/eventRule:EventRule",
  queue: "aws:sqs/queue:Queue",
  schedule: "aws:scheduler/schedule:Schedule",
  httpNamespace: "aws:servicediscovery/httpNamespace:HttpNamespace",
  privateDnsNamespace: "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
  publicDnsNamespace: "aws:servicediscovery/publicDnsNamespace:PublicDnsNamespace",
} as const;

/** The item of a resource's main line, by type; other types are named by their type's last part. */
const ITEMS: Record<string, string> = {
  [T.service]: "compute",
  [T.loadBalancer]: "load balancer",
  [T.natGateway]: "NAT gateway",
  [T.logGroup]: "logs",
  [T.scalingPolicy]: "scaling alarms",
  [T.alarm]: "alarm",
  [T.cluster]: "Container Insights",
  [T.kmsKey]: "KMS key",
  [T.zone]: "hosted zone",
  [T.repository]: "image storage",
  [T.eventRule]: "event rule",
  [T.topic]: "alarm topic",
  [T.chatbot]: "chat notifications",
  [T.queue]: "queue requests",
  [T.schedule]: "invocations",
  [T.httpNamespace]: "namespace",
  [T.privateDnsNamespace]: "hosted zone",
  [T.publicDnsNamespace]: "hosted zone",
};
const CLOUD_MAP = "Cloud Map instances";
const JOB_COMPUTE = "compute";
const PUBLIC_IPV4 = "public IPv4";
const itemOf = (type: string) => ITEMS[type] ?? type.split(":").pop() ?? type;

const cents = (n: number) => Math.round(n * 100) / 100;
const unit = (n: number) => `$${n}`;
const num = (v: unknown, fallback = 0) =>
  typeof v === "number" ? v : v === undefined ? fallback : Number(v);
const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** Costs each resource that costs money; free ones (IAM, security groups, target groups...) get no line. */
export function estimateCost(
  resources: CostedResource[],
  options: { prices?: PriceTable; region?: string } = {},
): StackCost {
  const prices = options.prices ?? US_EAST_1;
  const p = (name: PriceName) => prices.prices[name].usd;
  const hours = prices.hoursPerMonth;
  const lines: CostLine[] = [];
  const add = (r: CostedResource, basis: string, min: number, max = min, item = itemOf(r.type)) =>
    lines.push({
      urn: r.urn,
      type: r.type,
      item,
      basis,
      monthlyUsd: cents(min),
      monthlyUsdMax: cents(max),
    });
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  const fixed = (r: CostedResource, quantity: string, price: PriceName, count: number, item?: string) =>
    add(r, `${quantity} × ${unit(p(price))}`, count * p(price), count * p(price), item);

  for (const service of ofType(T.service)) costService(service);
  for (const lb of ofType(T.loadBalancer)) {
    const kind = str(lb.inputs.loadBalancerType) ?? "application";
    if (kind !== "application") {
      add(lb, `${kind} load balancer: not in the price table, costed $0`, 0);
      continue;
    }
    const lbHours = hours * p("albHour") + USAGE.albLcus * hours * p("albLcuHour");
    add(
      lb,
      `${hours} h × ${unit(p("albHour"))} + ${USAGE.albLcus} LCU × ${hours} h × ${unit(p("albLcuHour"))} (assumed LCUs)`,
      lbHours,
    );
    if (lb.inputs.internal !== true) {
      const subnets = list(lb.inputs.subnets).length || list(lb.inputs.subnetMappings).length;
      fixed(
        lb,
        `${subnets} public IPv4 (one per subnet) × ${hours} h`,
        "publicIpv4Hour",
        subnets * hours,
        PUBLIC_IPV4,
      );
    }
  }
  for (const nat of ofType(T.natGateway)) {
    if (nat.inputs.connectivityType === "private") continue;
    add(
      nat,
      `${hours} h × ${unit(p("natGatewayHour"))} + ${USAGE.natGbPerMonth} GB (assumed) × ${unit(p("natGatewayGb"))}`,
      hours * p("natGatewayHour") + USAGE.natGbPerMonth * p("natGatewayGb"),
    );
  }
  for (const eip of ofType(T.eip))
    fixed(eip, `1 public IPv4 × ${hours} h`, "publicIpv4Hour", hours, PUBLIC_IPV4);
  for (const group of ofType(T.logGroup)) {
    const days = num(group.inputs.retentionInDays);
    const keptGb = USAGE.logGbPerMonth * (days > 0 ? days / 30 : USAGE.neverExpireMonths);
    add(
      group,
      `${USAGE.logGbPerMonth} GB/month (assumed) × ${unit(p("logsIngestionGb"))} + ${round(keptGb)} GB kept (${days > 0 ? `${days} days` : "never expires"}) × ${unit(p("logsStorageGbMonth"))}`,
      USAGE.logGbPerMonth * p("logsIngestionGb") + keptGb * p("logsStorageGbMonth"),
    );
  }
  for (const policy of ofType(T.scalingPolicy)) {
    if (policy.inputs.policyType !== "TargetTrackingScaling") continue;
    const n = USAGE.alarmsPerTargetTracking;
    fixed(policy, `${n} alarms (target tracking)`, "alarmMonth", n);
  }
  for (const alarm of ofType(T.alarm)) {
    // CloudWatch bills an alarm per metric it evaluates; a plain alarm (no metric queries) reads one.
    const queries = list(alarm.inputs.metricQueries).map(record);
    const metrics = queries.length === 0 ? 1 : queries.filter((q) => q.metric !== undefined).length;
    fixed(
      alarm,
      metrics === 1 ? "1 alarm metric" : `${metrics} alarm metrics (metric math)`,
      "alarmMonth",
      metrics,
    );
  }
  for (const topic of ofType(T.topic)) {
    add(
      topic,
      `publishes and HTTPS deliveries within the free tier (1M and 100K a month; then ${unit(p("snsPublishMillion"))}/M and ${unit(p("snsHttpsDeliveryMillion"))}/M)`,
      0,
    );
  }
  for (const channel of ofType(T.chatbot)) add(channel, "AWS Chatbot: no charge", p("chatbotChannelMonth"));
  for (const rule of ofType(T.eventRule)) {
    add(
      rule,
      "ECS task state changes on the default bus: no charge (AWS service events)",
      p("eventBridgeAwsEventMillion"),
    );
  }
  for (const cluster of ofType(T.cluster)) {
    const insights = list(cluster.inputs.settings)
      .map(record)
      .find((s) => s.name === "containerInsights");
    if (!insights || !["enabled", "enhanced"].includes(String(insights.value))) continue;
    const arn = str(cluster.outputs.arn);
    const services = ofType(T.service).filter((s) => arn !== undefined && s.inputs.cluster === arn).length;
    const metrics = USAGE.insightsMetricsPerCluster + USAGE.insightsMetricsPerService * services;
    add(
      cluster,
      `Container Insights: ${metrics} metrics (assumed) × ${unit(p("customMetricMonth"))} + ${USAGE.insightsGbPerMonth} GB events × ${unit(p("containerInsightsLogsGb"))}`,
      metrics * p("customMetricMonth") + USAGE.insightsGbPerMonth * p("containerInsightsLogsGb"),
    );
  }
  for (const key of ofType(T.kmsKey)) fixed(key, "1 key", "kmsKeyMonth", 1);
  for (const zone of ofType(T.zone)) fixed(zone, "1 hosted zone", "hostedZoneMonth", 1);
  for (const repo of ofType(T.repository)) {
    fixed(
      repo,
      `${USAGE.ecrGbPerRepository} GB stored (assumed)`,
      "ecrStorageGbMonth",
      USAGE.ecrGbPerRepository,
    );
  }

  costQueues();
  costSchedules();
  for (const ns of ofType(T.httpNamespace)) {
    add(
      ns,
      "Cloud Map HTTP namespace: no charge of its own, no Route 53 zone (instances costed per service)",
      0,
    );
  }
  for (const ns of [...ofType(T.privateDnsNamespace), ...ofType(T.publicDnsNamespace)]) {
    fixed(ns, "1 Route 53 hosted zone the namespace creates", "hostedZoneMonth", 1);
  }

  lines.sort((a, b) => b.monthlyUsdMax - a.monthlyUsdMax || b.monthlyUsd - a.monthlyUsd);
  const sum = (pick: (l: CostLine) => number) => cents(lines.reduce((total, l) => total + pick(l), 0));
  const region = options.region;
  return {
    monthlyUsd: sum((l) => l.monthlyUsd),
    monthlyUsdMax: sum((l) => l.monthlyUsdMax),
    lines,
    ...(region && region !== prices.region
      ? { regionNote: `${region} is estimated with ${prices.region} prices (the only table here)` }
      : {}),
    services: serviceCosts(resources, lines),
  };

  /**
   * Each queue's requests a month: its messages, and its consumer's empty long polls. The free requests are
   * the account's, so the stack's total is what they come off, shared by the queues in proportion.
   */
  function costQueues(): void {
    const deadLetterArns = new Set(
      ofType(T.queue)
        .map((q) => deadLetterTarget(q))
        .filter((arn) => arn !== undefined),
    );
    const queues = ofType(T.queue).map((queue) => {
      if (deadLetterArns.has(String(queue.outputs.arn))) {
        const requests = USAGE.deadLetterRequestsPerMonth;
        return { queue, dlq: true, min: requests, max: requests };
      }
      const url = str(queue.outputs.url);
      const consumer = ofType(T.service).find((service) => {
        const task = taskDefinitionOf(service);
        return (
          url !== undefined && task !== undefined && String(task.inputs.containerDefinitions).includes(url)
        );
      });
      const wait = num(queue.inputs.receiveWaitTimeSeconds) || USAGE.queueLongPollSeconds;
      const taskHours = consumer ? taskHoursOf(consumer).taskHours : { min: 0, max: 0 };
      const messages = USAGE.queueMessagesPerMonth * USAGE.queueRequestsPerMessage;
      const polls = (h: number) => Math.round((h * 3600) / wait);
      return {
        queue,
        dlq: false,
        min: messages + polls(taskHours.min),
        max: messages + polls(taskHours.max),
        wait,
      };
    });
    const total = (pick: (q: (typeof queues)[number]) => number) => queues.reduce((t, q) => t + pick(q), 0);
    const billed = (requests: number, all: number) =>
      all <= USAGE.queueFreeRequests ? 0 : (requests / all) * (all - USAGE.queueFreeRequests);
    const [allMin, allMax] = [total((q) => q.min), total((q) => q.max)];
    const price = p("sqsRequestMillion");
    for (const q of queues) {
      const max = q.max;
      const requests = q.min === max ? count(q.min) : `${count(q.min)}–${count(max)}`;
      const free =
        allMax <= USAGE.queueFreeRequests
          ? `within the free ${count(USAGE.queueFreeRequests)} a month (the stack's queues: ${count(allMax)})`
          : `the stack's requests over the free ${count(USAGE.queueFreeRequests)}, in proportion × ${unit(price)}/M`;
      const why = q.dlq
        ? "dead-letter queue: no consumer; only failed messages, assumed none"
        : `${count(USAGE.queueMessagesPerMonth)} messages × ${USAGE.queueRequestsPerMessage} (assumed) + long polls every ${q.wait} s per consumer task`;
      add(
        q.queue,
        `${requests} requests (${why}); ${free}`,
        (billed(q.min, allMin) / 1e6) * price,
        (billed(max, allMax) / 1e6) * price,
      );
    }
  }

  /** Each schedule's invocations (free up to the account's allowance) and the Fargate compute of its runs. */
  function costSchedules(): void {
    const schedules = ofType(T.schedule).map((schedule) => {
      const expression = String(schedule.inputs.scheduleExpression ?? "");
      if (schedule.inputs.state === "DISABLED") return { schedule, runs: 0, note: "disabled: no runs" };
      try {
        const runs = runsPerMonth(expression, hours);
        return { schedule, runs, note: `${round(runs)} runs a month (${expression})` };
      } catch (err) {
        if (!(err instanceof UncountedSchedule)) throw err;
        return {
          schedule,
          runs: hours / 24,
          note: `${expression} not counted (${err.message}): 1 run a day assumed`,
        };
      }
    });
    const all = schedules.reduce((t, s) => t + s.runs, 0);
    const free = USAGE.schedulerFreeInvocations;
    const price = p("schedulerInvocationMillion");
    for (const { schedule, runs, note } of schedules) {
      const billed = all <= free ? 0 : (runs / all) * (all - free);
      add(
        schedule,
        `${note}; ${all <= free ? `within the free ${count(free)} a month` : `over the free ${count(free)}, in proportion × ${unit(price)}/M`}`,
        (billed / 1e6) * price,
      );
      costJobRuns(schedule, runs, note);
    }
  }

  /** Fargate per second for each run, at the run's timeout (an upper bound: see `USAGE.jobRunShareOfTimeout`). */
  function costJobRuns(schedule: CostedResource, runs: number, note: string): void {
    const ecs = record(record(schedule.inputs.target).ecsParameters);
    const task = resources.find(
      (r) =>
        r.type === T.taskDefinition &&
        ecs.taskDefinitionArn !== undefined &&
        r.outputs.arn === ecs.taskDefinitionArn,
    );
    if (!task) {
      add(schedule, "task definition not in this stack: compute not costed", 0, 0, JOB_COMPUTE);
      return;
    }
    const environment = containerEnvironment(task);
    const timeout = Number(environment[TIMEOUT_VARIABLE]);
    if (!Number.isFinite(timeout) || timeout <= 0) {
      add(schedule, `no ${TIMEOUT_VARIABLE} in the task: compute not costed`, 0, 0, JOB_COMPUTE);
      return;
    }
    const seconds = Math.max(
      USAGE.fargateMinimumSeconds,
      Math.ceil(timeout * USAGE.jobRunShareOfTimeout) + KILL_AFTER_SECONDS,
    );
    const tasks = num(ecs.taskCount, 1);
    const { hourUsd, each } = taskHourPrice(task, 0);
    const taskHours = (runs * tasks * seconds) / 3600;
    add(
      schedule,
      `${note} × ${tasks} task × ${seconds} s (timeout ${timeout} s + ${KILL_AFTER_SECONDS} s to stop, an upper bound) × ${each}/h`,
      taskHours * hourUsd,
      taskHours * hourUsd,
      JOB_COMPUTE,
    );
  }

  function taskDefinitionOf(service: CostedResource): CostedResource | undefined {
    return resources.find(
      (r) =>
        r.type === T.taskDefinition &&
        (r.outputs.arn === service.inputs.taskDefinition ||
          r.outputs.family === service.inputs.taskDefinition),
    );
  }

  /** USD per task-hour of a task definition (with a Spot share), and the price in words. */
  function taskHourPrice(
    task: CostedResource,
    spotShare: number,
  ): { hourUsd: number; each: string; arm: boolean } {
    const vcpu = num(task.inputs.cpu) / 1024;
    const gb = num(task.inputs.memory) / 1024;
    const arm = record(task.inputs.runtimePlatform).cpuArchitecture === "ARM64";
    const [cpuPrice, memPrice]: PriceName[] = arm
      ? ["fargateVcpuHourArm", "fargateGbHourArm"]
      : ["fargateVcpuHourX86", "fargateGbHourX86"];
    const hourUsd = (vcpu * p(cpuPrice) + gb * p(memPrice)) * (1 - spotShare * p("fargateSpotDiscount"));
    const spot = spotShare > 0 ? ` × (1 − ${round(spotShare)} Spot × ${p("fargateSpotDiscount")})` : "";
    return {
      hourUsd,
      arm,
      each: `(${vcpu} vCPU × ${unit(p(cpuPrice))} + ${gb} GB × ${unit(p(memPrice))})${spot}`,
    };
  }

  /** Fargate compute for the task count over the month, and a public IPv4 per task when tasks get one. */
  function costService(service: CostedResource): void {
    const task = taskDefinitionOf(service);
    if (!task) {
      add(service, "task definition not in this stack: compute not costed", 0);
      return;
    }
    const strategies = list(service.inputs.capacityProviderStrategies).map(record);
    const weight = (s: Record<string, unknown>) => num(s.weight, 0);
    const totalWeight = strategies.reduce((t, s) => t + weight(s), 0);
    const spotShare =
      totalWeight > 0
        ? strategies.filter((s) => s.capacityProvider === "FARGATE_SPOT").reduce((t, s) => t + weight(s), 0) /
          totalWeight
        : 0;
    const { hourUsd: taskHourUsd, each, arm } = taskHourPrice(task, spotShare);
    const { taskHours, count } = taskHoursOf(service);
    add(
      service,
      `${count} × ${each}${arm ? " ARM64" : ""}`,
      taskHours.min * taskHourUsd,
      taskHours.max * taskHourUsd,
    );
    if (record(service.inputs.networkConfiguration).assignPublicIp === true) {
      const ipv4 = p("publicIpv4Hour");
      add(
        service,
        `${count} × 1 public IPv4 × ${unit(ipv4)}`,
        taskHours.min * ipv4,
        taskHours.max * ipv4,
        PUBLIC_IPV4,
      );
    }
    // A Service Connect server registers each task in Cloud Map; a client (no `services`) registers nothing.
    const connect = record(service.inputs.serviceConnectConfiguration);
    if (connect.enabled === true && list(connect.services).length > 0) {
      const instance = p("cloudMapInstanceMonth");
      const endpoints = list(connect.services).length;
      const [low, high] = [taskHours.min / hours, taskHours.max / hours].map(round);
      add(
        service,
        `${low === high ? low : `${low}–${high}`} task(s) registered × ${endpoints} endpoint(s) × ${unit(instance)}/instance-month; ${USAGE.cloudMapDiscoveryCallsPerMonth} discovery calls (Service Connect's proxy resolves names)`,
        (taskHours.min / hours) * endpoints * instance,
        (taskHours.max / hours) * endpoints * instance,
        CLOUD_MAP,
      );
    }
  }

  /** Task-hours a month at the lower and upper bound, and how the count was read, in words. */
  function taskHoursOf(service: CostedResource): { taskHours: { min: number; max: number }; count: string } {
    const name = str(service.outputs.name) ?? str(service.inputs.name) ?? service.name;
    const targets = (r: CostedResource) =>
      str(r.inputs.resourceId)?.startsWith("service/") && str(r.inputs.resourceId)?.endsWith(`/${name}`);
    const target = resources.find((r) => r.type === T.scalableTarget && targets(r));
    const initial = target
      ? { min: num(target.inputs.minCapacity), max: num(target.inputs.maxCapacity) }
      : { min: num(service.inputs.desiredCount), max: num(service.inputs.desiredCount) };
    const tasks = initial.min === initial.max ? `${initial.min}` : `${initial.min}–${initial.max}`;
    const scheduled = resources.filter((r) => r.type === T.scheduledAction && targets(r));
    // A one-off `at(...)` action (a preview woken after a night deploy) is no part of the weekly pattern.
    const oneOff = scheduled.filter((r) => /^at\(/.test(String(r.inputs.schedule).trim())).length;
    const note = oneOff > 0 ? `; ${oneOff} one-off action(s) not in the weekly pattern` : "";
    const actions: CapacityAction[] = scheduled
      .filter((r) => !/^at\(/.test(String(r.inputs.schedule).trim()))
      .map((r) => ({
        schedule: String(r.inputs.schedule),
        timezone: str(r.inputs.timezone),
        minCapacity: optionalNumber(record(r.inputs.scalableTargetAction).minCapacity),
        maxCapacity: optionalNumber(record(r.inputs.scalableTargetAction).maxCapacity),
      }));
    const always = {
      taskHours: { min: initial.min * hours, max: initial.max * hours },
      count: `${tasks} task(s) × ${hours} h`,
    };
    if (actions.length === 0) return always;
    try {
      const week = weeklyTaskHours(actions, initial);
      const perMonth = hours / (7 * 24);
      const zones = [...new Set(actions.map((a) => a.timezone ?? "UTC"))].join(", ");
      return {
        taskHours: { min: week.min * perMonth, max: week.max * perMonth },
        count:
          week.min === week.max
            ? `${round(week.min)} task-h/week awake (${actions.length} scheduled actions, ${zones}${note}) × ${round(perMonth)} weeks`
            : `${round(week.min)}–${round(week.max)} task-h/week (${actions.length} scheduled actions, ${zones}${note}) × ${round(perMonth)} weeks`,
      };
    } catch (err) {
      if (!(err instanceof UnsupportedSchedule)) throw err;
      return { ...always, count: `${always.count} (schedule not simulated: ${err.message}; costed awake)` };
    }
  }
}

/** The dead-letter queue a queue redrives to, from its `redrivePolicy`. */
function deadLetterTarget(queue: CostedResource): string | undefined {
  try {
    const policy = JSON.parse(String(queue.inputs.redrivePolicy ?? "{}")) as { deadLetterTargetArn?: string };
    return policy.deadLetterTargetArn;
  } catch {
    return undefined;
  }
}

/** The first container's environment variables, by name. */
function containerEnvironment(task: CostedResource): Record<string, string> {
  try {
    const containers = JSON.parse(String(task.inputs.containerDefinitions)) as {
      environment?: { name: string; value: string }[];
    }[];
    return Object.fromEntries((containers[0]?.environment ?? []).map((e) => [e.name, e.value]));
  } catch {
    return {};
  }
}

/** `431,400`. */
function count(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

function optionalNumber(value: unknown): number | undefined {
  return value === undefined || value === null ? undefined : Number(value);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
