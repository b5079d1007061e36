import assert from "node:assert/strict";
import { type CostedResource, estimateCost } from "../../plan/cost/estimate";
import { runsPerMonth } from "../../plan/cost/job-runs";
import { US_EAST_1 } from "../../plan/cost/prices";
import { serviceCosts } from "../../plan/cost/services";
import { resource, SERVICE, TASK_DEFINITION } from "./fixtures";

const price = (name: keyof typeof US_EAST_1.prices) => US_EAST_1.prices[name].usd;
const cents = (n: number) => Math.round(n * 100) / 100;
const QUEUE = "aws:sqs/queue:Queue";
const SCHEDULE = "aws:scheduler/schedule:Schedule";
/** USD per hour of a 0.25 vCPU / 0.5 GB x86 task. */
const SMALL_TASK_HOUR = 0.25 * 0.04048 + 0.5 * 0.004445;

/** A worker: its queue and DLQ, and a service of `count` tasks whose task reads the queue's URL. */
function worker(name: string, count: number): CostedResource[] {
  const url = `https://sqs.us-east-1.amazonaws.com/123456789012/${name}`;
  const arn = `arn:aws:sqs:us-east-1:123456789012:${name}`;
  const taskArn = `arn:aws:ecs:us-east-1:123456789012:task-definition/${name}:1`;
  const environment = [{ name: "PANTSTACK_QUEUE_URL", value: url }];
  return [
    resource(QUEUE, `${name}-dlq`, {}, { arn: `${arn}-dlq`, url: `${url}-dlq` }),
    resource(
      QUEUE,
      `${name}-queue`,
      { receiveWaitTimeSeconds: 20, redrivePolicy: JSON.stringify({ deadLetterTargetArn: `${arn}-dlq` }) },
      { arn, url },
    ),
    resource(
      TASK_DEFINITION,
      `${name}-task`,
      { cpu: "256", memory: "512", containerDefinitions: JSON.stringify([{ name: "app", environment }]) },
      { arn: taskArn },
    ),
    resource(SERVICE, `${name}-service`, { desiredCount: count, taskDefinition: taskArn }, { name }),
  ];
}

/** A job: a schedule running a 0.25 vCPU task with `timeout` seconds. */
function job(expression: string, timeout: number, state = "ENABLED"): CostedResource[] {
  const taskArn = "arn:aws:ecs:us-east-1:123456789012:task-definition/nightly:1";
  const environment = [{ name: "PANTSTACK_TIMEOUT_SECONDS", value: String(timeout) }];
  return [
    resource(
      TASK_DEFINITION,
      "nightly-task",
      { cpu: "256", memory: "512", containerDefinitions: JSON.stringify([{ name: "app", environment }]) },
      { arn: taskArn },
    ),
    resource(SCHEDULE, "nightly-schedule", {
      scheduleExpression: expression,
      state,
      target: { ecsParameters: { taskDefinitionArn: taskArn, taskCount: 1 } },
    }),
  ];
}

const line = (cost: ReturnType<typeof estimateCost>, name: string, item: string) => {
  const found = cost.lines.find((l) => l.urn.endsWith(`::${name}`) && l.item === item);
  assert.ok(found, `no ${item} line for ${name}: ${cost.lines.map((l) => `${l.urn} ${l.item}`)}`);
  return found;
};

describe("the prices of the services' new resources", () => {
  it("has SQS, Scheduler, Cloud Map and Service Connect, each dated with its page and where it was checked", () => {
    const expected = {
      sqsRequestMillion: 0.4,
      schedulerInvocationMillion: 1,
      cloudMapInstanceMonth: 0.1,
      cloudMapDiscoveryMillion: 1,
      serviceConnectMonth: 0,
    };
    for (const [name, usd] of Object.entries(expected)) {
      const p = US_EAST_1.prices[name as keyof typeof US_EAST_1.prices];
      assert.equal(p.usd, usd, name);
      assert.ok((p.verifiedWith ?? "").length > 20, `${name} says where it was checked`);
      assert.ok((p.assumption ?? "").length > 20, `${name} states its usage`);
    }
  });
});

describe("how often a schedule runs in an average month", () => {
  const cases: [string, number][] = [
    ["rate(1 hour)", 730],
    ["rate(15 minutes)", 2920],
    ["rate(2 days)", 365 / 24],
    ["cron(0 3 * * ? *)", 365 / 12],
    // 2027 has 261 weekdays.
    ["cron(30 9 ? * MON-FRI *)", 261 / 12],
    ["cron(0 */6 1 * ? *)", 4],
    ["cron(0 0 L * ? *)", 1],
    ["cron(0 0 15W * ? *)", 1],
    ["cron(0 0 ? * 6#3 *)", 1],
    ["cron(0 0 ? * 2L *)", 1],
    ["cron(0 12 1 JAN,JUL ? *)", 2 / 12],
    ["at(2027-01-01T00:00:00)", 0],
  ];
  for (const [expression, runs] of cases) {
    it(`${expression}: ${Math.round(runs * 100) / 100}`, () => {
      assert.ok(Math.abs(runsPerMonth(expression, 730) - runs) < 1e-9, String(runsPerMonth(expression, 730)));
    });
  }

  it("runs a 15W schedule on the nearest weekday: Friday 14 May 2027 (the 15th is a Saturday)", () => {
    // May 2027 only: 15W with the month field fixed to MAY fires once that year.
    assert.equal(runsPerMonth("cron(0 0 15W 5 ? 2027)", 730), 1 / 12);
  });
});

describe("cost of a worker's queues", () => {
  it("counts messages and long polls, and keeps one task's queue within the free million", () => {
    const cost = estimateCost(worker("events", 1));
    const queue = line(cost, "events-queue", "queue requests");
    // 100,000 messages × 3 calls + 730 h × 3,600 s / 20 s of empty receives.
    assert.match(queue.basis, /^431,400 requests/);
    assert.equal(queue.monthlyUsd, 0);
    assert.match(
      line(cost, "events-dlq", "queue requests").basis,
      /^0 requests \(dead-letter queue: no consumer/,
    );
  });

  it("bills what the stack's queues ask over the free million, in proportion", () => {
    const one = estimateCost(worker("events", 10));
    // 300,000 + 10 × 131,400 = 1,614,000 requests: 614,000 billed.
    assert.equal(
      line(one, "events-queue", "queue requests").monthlyUsd,
      cents(0.614 * price("sqsRequestMillion")),
    );
    const two = estimateCost([...worker("a", 10), ...worker("b", 10)]);
    // 3,228,000 requests, 2,228,000 billed, half each.
    for (const name of ["a-queue", "b-queue"]) {
      assert.equal(line(two, name, "queue requests").monthlyUsd, cents(1.114 * price("sqsRequestMillion")));
    }
  });
});

describe("cost of a job", () => {
  it("prices each run at its timeout plus the time to stop, and its invocations within the free tier", () => {
    const cost = estimateCost(job("cron(0 3 * * ? *)", 1800));
    const runs = 365 / 12;
    const compute = line(cost, "nightly-schedule", "compute");
    assert.equal(compute.monthlyUsd, cents(((runs * 1830) / 3600) * SMALL_TASK_HOUR));
    assert.match(compute.basis, /30\.42 runs a month .* 1830 s \(timeout 1800 s \+ 30 s to stop/);
    assert.equal(line(cost, "nightly-schedule", "invocations").monthlyUsd, 0);
  });

  it("bills at least Fargate's minute per run, and nothing for a disabled schedule", () => {
    const short = line(estimateCost(job("rate(1 hour)", 10)), "nightly-schedule", "compute");
    assert.equal(short.monthlyUsd, cents(((730 * 60) / 3600) * SMALL_TASK_HOUR));
    const off = estimateCost(job("rate(1 hour)", 600, "DISABLED"));
    assert.equal(line(off, "nightly-schedule", "compute").monthlyUsd, 0);
    assert.match(line(off, "nightly-schedule", "invocations").basis, /^disabled/);
  });

  it("bills the stack's invocations over the free 14 million", () => {
    // 400 schedules every minute: 400 × 43,800 = 17,520,000 invocations, 3,520,000 billed.
    const schedules = Array.from({ length: 400 }, (_, i) =>
      resource(SCHEDULE, `s${i}`, { scheduleExpression: "rate(1 minute)", state: "ENABLED" }),
    );
    const invocations = estimateCost(schedules).lines.filter((l) => l.item === "invocations");
    assert.equal(invocations.length, 400);
    // Each: 43,800 / 17,520,000 of 3,520,000 = 8,800 billed invocations, $0.0088, to the cent.
    for (const l of invocations) {
      assert.equal(l.monthlyUsd, cents(0.0088 * price("schedulerInvocationMillion")));
      assert.match(l.basis, /over the free 14,000,000/);
    }
    const few = estimateCost(schedules.slice(0, 300)).lines.filter((l) => l.item === "invocations");
    assert.ok(
      few.every((l) => l.monthlyUsd === 0 && /within the free/.test(l.basis)),
      "13,140,000 are free",
    );
  });
});

describe("cost of Service Connect and Cloud Map", () => {
  const namespace = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1";
  const connected = (services: unknown[], count: number) => {
    const taskArn = "arn:aws:ecs:us-east-1:123456789012:task-definition/auth:1";
    return [
      resource(TASK_DEFINITION, "auth-task", { cpu: "256", memory: "512" }, { arn: taskArn }),
      resource(SERVICE, "auth-service", {
        desiredCount: count,
        taskDefinition: taskArn,
        serviceConnectConfiguration: { enabled: true, namespace, services },
      }),
    ];
  };

  it("registers a server's tasks as Cloud Map instances; a client registers none", () => {
    const server = estimateCost(connected([{ portName: "http", discoveryName: "auth" }], 2));
    assert.equal(
      line(server, "auth-service", "Cloud Map instances").monthlyUsd,
      2 * price("cloudMapInstanceMonth"),
    );
    const client = estimateCost(connected([], 2));
    assert.deepEqual(
      client.lines.map((l) => l.item),
      ["compute"],
    );
  });

  it("costs an HTTP namespace nothing and a DNS namespace its hosted zone", () => {
    const cost = estimateCost([
      resource("aws:servicediscovery/httpNamespace:HttpNamespace", "http", {}),
      resource("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace", "private", {}),
    ]);
    assert.equal(line(cost, "http", "namespace").monthlyUsd, 0);
    assert.equal(line(cost, "private", "hosted zone").monthlyUsd, price("hostedZoneMonth"));
  });
});

describe("cost by service", () => {
  const component = (type: string, name: string): CostedResource => resource(type, name);
  const under = (parent: CostedResource, child: CostedResource): CostedResource => ({
    ...child,
    parent: parent.urn,
  });

  it("gives each service the lines under its component, by kind, and the rest to the platform", () => {
    const web = component("pantstack:ecs:EcsApiService", "api");
    const nightly = component("pantstack:ecs:ScheduledTask", "nightly");
    const workerComponent = component("pantstack:ecs:EcsWorkerService", "events");
    const alarmSet = under(web, component("pantstack:monitoring:AlarmSet", "api"));
    const resources = [
      nightly,
      web,
      workerComponent,
      alarmSet,
      ...worker("events", 1).map((r) => under(workerComponent, r)),
      under(web, resource("aws:cloudwatch/logGroup:LogGroup", "api-logs", { retentionInDays: 30 })),
      under(alarmSet, resource("aws:cloudwatch/metricAlarm:MetricAlarm", "api-5xx", {})),
      under(alarmSet, resource("aws:cloudwatch/metricAlarm:MetricAlarm", "api-latency", {})),
      ...job("rate(1 day)", 60).map((r) => under(nightly, r)),
      resource("aws:ec2/natGateway:NatGateway", "nat", {}),
    ];
    const cost = estimateCost(resources);
    assert.deepEqual(
      cost.services.map((s) => `${s.name}:${s.kind}`),
      ["api:web", "events:worker", "nightly:job", "platform:platform"],
    );
    const api = cost.services[0];
    assert.deepEqual(
      api.items.map((i) => [i.item, i.monthlyUsd]),
      [
        ["logs", cents(0.5 + 0.03)],
        ["alarms", 0.2],
      ],
    );
    assert.equal(cost.services[3].items[0].item, "NAT gateway");
    const sum = cents(cost.services.reduce((t, s) => t + s.monthlyUsd, 0));
    assert.equal(sum, cost.monthlyUsd, "the services and the platform add up to the stack");
    assert.deepEqual(
      cost.services[1].items.map((i) => i.item).sort(),
      ["compute", "queue requests"],
      "a worker's queue and DLQ are one item",
    );
  });

  it("is empty for a stack without service components", () => {
    assert.deepEqual(serviceCosts([resource("aws:kms/key:Key", "k")], []), []);
  });
});
