import assert from "node:assert/strict";
import { estimateCost } from "../../plan/cost/estimate";
import { US_EAST_1 } from "../../plan/cost/prices";
import { parseCron, weeklyTaskHours } from "../../plan/cost/schedule";
import { fargateService, resource, SERVICE, sleepSchedule } from "./fixtures";

const price = (name: keyof typeof US_EAST_1.prices) => US_EAST_1.prices[name].usd;
const cents = (n: number) => Math.round(n * 100) / 100;

describe("the price table", () => {
  it("dates every price and names its public price page", () => {
    assert.equal(US_EAST_1.region, "us-east-1");
    for (const [name, p] of Object.entries(US_EAST_1.prices)) {
      assert.match(p.asOf, /^\d{4}-\d{2}-\d{2}$/, name);
      assert.match(p.source, /^https:\/\/aws\.amazon\.com\/[a-z0-9-]+\/pricing\/$/, name);
      // A free service is in the table to say so: its zero must be explained.
      assert.ok(p.usd > 0 || /no charge/.test(p.assumption ?? ""), name);
    }
  });
});

describe("cost of a small known stack", () => {
  it("prices a 0.25 vCPU / 0.5 GB x86 task for a month: quantity × unit price", () => {
    const cost = estimateCost(fargateService({ cpu: 256, memory: 512, count: 1 }));
    const expected = 730 * (0.25 * 0.04048 + 0.5 * 0.004445);
    assert.equal(cost.lines.length, 1);
    assert.equal(cost.lines[0].monthlyUsd, cents(expected));
    assert.equal(cost.lines[0].monthlyUsd, 9.01);
    assert.match(
      cost.lines[0].basis,
      /1 task\(s\) × 730 h × \(0\.25 vCPU × \$0\.04048 \+ 0\.5 GB × \$0\.004445\)/,
    );
    assert.equal(cost.monthlyUsd, 9.01);
  });

  it("takes the Spot discount, ARM64 prices and a public IPv4 per task", () => {
    const spot = estimateCost(
      fargateService({ cpu: 256, memory: 512, count: 2, spot: true, publicIp: true }),
    );
    assert.deepEqual(
      spot.lines.map((l) => l.monthlyUsd),
      [cents(2 * 730 * 0.005), cents(2 * 730 * (0.25 * 0.04048 + 0.5 * 0.004445) * 0.3)],
    );
    const arm = estimateCost(fargateService({ cpu: 1024, memory: 2048, count: 1, arm: true }));
    assert.equal(arm.monthlyUsd, cents(730 * (price("fargateVcpuHourArm") + 2 * price("fargateGbHourArm"))));
  });

  it("costs an autoscaled service at its minimum and its maximum", () => {
    const resources = [
      ...fargateService({ cpu: 256, memory: 512, count: 2 }),
      resource("aws:appautoscaling/target:Target", "scaling", {
        resourceId: "service/cluster-1/api-service-1234567",
        minCapacity: 2,
        maxCapacity: 10,
      }),
      resource("aws:appautoscaling/policy:Policy", "cpu", { policyType: "TargetTrackingScaling" }),
    ];
    const cost = estimateCost(resources);
    assert.equal(cost.monthlyUsd, cents(18.02 + 0.2));
    assert.equal(cost.monthlyUsdMax, cents(90.1 + 0.2));
    assert.match(cost.lines[0].basis, /^2–10 task\(s\)/);
  });

  it("costs the platform: ALB with an LCU and an address per subnet, NAT, EIP, logs, insights, KMS", () => {
    const cluster = "arn:aws:ecs:us-east-1:123456789012:cluster/c";
    const cost = estimateCost([
      resource("aws:lb/loadBalancer:LoadBalancer", "edge", { subnets: ["a", "b"], internal: false }),
      resource("aws:ec2/natGateway:NatGateway", "nat", {}),
      resource("aws:ec2/eip:Eip", "nat-ip", { domain: "vpc" }),
      resource("aws:cloudwatch/logGroup:LogGroup", "logs", { retentionInDays: 90 }),
      resource(
        "aws:ecs/cluster:Cluster",
        "c",
        { settings: [{ name: "containerInsights", value: "enabled" }] },
        { arn: cluster },
      ),
      resource(SERVICE, "svc", { cluster, desiredCount: 0 }),
      resource("aws:kms/key:Key", "key", {}),
      resource("aws:iam/role:Role", "free", {}),
    ]);
    const byName = (name: string) =>
      cost.lines.filter((l) => l.urn.endsWith(`::${name}`)).map((l) => l.monthlyUsd);
    assert.deepEqual(byName("edge"), [cents(730 * 0.0225 + 730 * 0.008), cents(2 * 730 * 0.005)]);
    assert.deepEqual(byName("nat"), [cents(730 * 0.045 + 10 * 0.045)]);
    assert.deepEqual(byName("nat-ip"), [3.65]);
    assert.deepEqual(byName("logs"), [cents(0.5 + 3 * 0.03)]);
    assert.deepEqual(byName("c"), [cents((8 + 6) * 0.3 + 0.5 * 0.5)]);
    assert.deepEqual(byName("key"), [1]);
    assert.deepEqual(byName("free"), []);
    const sum = cost.lines.reduce((t, l) => t + l.monthlyUsd, 0);
    assert.equal(cost.monthlyUsd, cents(sum));
  });

  it("says plainly when a stack in another region is costed with us-east-1 prices", () => {
    assert.match(
      estimateCost([], { region: "eu-west-1" }).regionNote ?? "",
      /eu-west-1 is estimated with us-east-1 prices/,
    );
    assert.equal(estimateCost([], { region: "us-east-1" }).regionNote, undefined);
  });
});

describe("a preview that sleeps on a schedule", () => {
  it("reads the weekly cron schedules scheduled actions use", () => {
    const cron = parseCron("cron(30 8 ? * MON-FRI *)");
    assert.deepEqual([...cron.minutes], [30]);
    assert.deepEqual([...cron.hours], [8]);
    assert.deepEqual([...cron.days].sort(), [1, 2, 3, 4, 5]);
    assert.throws(() => parseCron("cron(0 8 1 * ? *)"), /not weekly/);
  });

  it("is awake 55 h a week for Mon–Fri 08:00–19:00 in its zone, whatever the zone", () => {
    for (const zone of ["Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata"]) {
      const actions = sleepSchedule(zone, "MON-FRI", 8, 19)
        .slice(1)
        .map((r) => ({
          schedule: String(r.inputs.schedule),
          timezone: zone,
          ...(r.inputs.scalableTargetAction as { minCapacity: number; maxCapacity: number }),
        }));
      assert.deepEqual(
        weeklyTaskHours(actions, { min: 1, max: 1 }),
        { min: 55, max: 55, awakeHours: 55 },
        zone,
      );
    }
  });

  it("starts the week asleep after Friday's scale-in (the week before is simulated)", () => {
    const weekend = weeklyTaskHours(
      [
        { schedule: "cron(0 9 ? * SAT *)", timezone: "UTC", minCapacity: 1, maxCapacity: 1 },
        { schedule: "cron(0 17 ? * SAT *)", timezone: "UTC", minCapacity: 0, maxCapacity: 0 },
      ],
      { min: 1, max: 1 },
    );
    assert.equal(weekend.awakeHours, 8);
  });

  it("costs a schedule it cannot simulate as always awake, and says so", () => {
    const [target, wake] = sleepSchedule("UTC", "MON-FRI", 8, 19);
    const monthly = resource(wake.type, "monthly", { ...wake.inputs, schedule: "cron(0 8 1 * ? *)" });
    const cost = estimateCost([...fargateService({ cpu: 256, memory: 512, count: 1 }), target, monthly]);
    assert.equal(cost.monthlyUsd, 9.01);
    assert.match(cost.lines[0].basis, /schedule not simulated: .*not weekly.*; costed awake/);
  });

  it("leaves a one-off at() wake action out of the weekly pattern, and says so", () => {
    const schedule = sleepSchedule("UTC", "MON-FRI", 7, 20);
    const [, wake] = schedule;
    const woken = resource(wake.type, "wake-after-deploy", {
      ...wake.inputs,
      schedule: "at(2026-01-10T23:05:00)",
    });
    const base = fargateService({ cpu: 256, memory: 512, count: 1 });
    const plain = estimateCost([...base, ...schedule]);
    const withOneOff = estimateCost([...base, ...schedule, woken]);
    assert.equal(withOneOff.monthlyUsd, plain.monthlyUsd);
    assert.match(
      withOneOff.lines[0].basis,
      /65 task-h\/week awake .*1 one-off action\(s\) not in the weekly pattern/,
    );
  });

  it("costs the preview's task and address by its awake hours", () => {
    const always = estimateCost(
      fargateService({ cpu: 256, memory: 512, count: 1, spot: true, publicIp: true }),
    );
    const sleeping = estimateCost([
      ...fargateService({ cpu: 256, memory: 512, count: 1, spot: true, publicIp: true }),
      ...sleepSchedule("Europe/Berlin", "MON-FRI", 8, 19),
    ]);
    const ratio = 55 / 168;
    assert.equal(always.monthlyUsd, cents(3.65 + 2.7));
    assert.deepEqual(
      sleeping.lines.map((l) => l.monthlyUsd),
      [cents(730 * 0.005 * ratio), cents(730 * (0.25 * 0.04048 + 0.5 * 0.004445) * 0.3 * ratio)],
    );
    assert.match(sleeping.lines[0].basis, /55 task-h\/week awake \(2 scheduled actions, Europe\/Berlin\)/);
  });
});
