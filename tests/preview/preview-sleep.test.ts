import assert from "node:assert/strict";
import type { ProgramResult } from "../../engine/run-program";
import { PreviewEnvironment, type PreviewEnvironmentArgs } from "../../lib/preview/preview-environment";
import { wakeAfterDeployExpression } from "../../lib/preview/preview-sleep";
import { ofType, one, refusedBeforeRegistration, run } from "../harness";
import { PLATFORM } from "./platform-fixture";

const SCHEDULED_ACTION = "aws:appautoscaling/scheduledAction:ScheduledAction";
const base: PreviewEnvironmentArgs = {
  prNumber: 7,
  platform: PLATFORM,
  repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack-previews",
  imageTag: "pr-7-abc1234",
  // Friday 2026-11-27 12:00 UTC: inside the default awake hours.
  deployedAt: new Date("2026-11-27T12:00:00Z"),
};
const preview = (args: Partial<PreviewEnvironmentArgs> = {}) =>
  run(
    () => {
      const p = new PreviewEnvironment("preview-pr-7", { ...base, ...args });
      // Only defined outputs: Pulumi warns of an undefined stack output.
      return {
        hours: p.awakeHoursPerWeek,
        ...(p.sleepsAt ? { sleepsAt: p.sleepsAt, wakesAt: p.wakesAt } : {}),
      };
    },
    { stack: "preview-pr-7" },
  );
const actions = (result: ProgramResult) =>
  Object.fromEntries(
    ofType(result, SCHEDULED_ACTION).map((r) => [
      r.name,
      {
        schedule: r.inputs.schedule,
        timezone: r.inputs.timezone,
        capacity: r.inputs.scalableTargetAction,
      },
    ]),
  );

describe("PreviewEnvironment sleeping hours", () => {
  it("registers its service as a scalable target (min = max = 1) with a wake and a sleep action", async () => {
    const result = await preview();
    const target = one(result, "aws:appautoscaling/target:Target");
    const service = one(result, "aws:ecs/service:Service");
    assert.deepEqual(
      [target.inputs.serviceNamespace, target.inputs.scalableDimension, target.inputs.resourceId],
      ["ecs", "ecs:service:DesiredCount", `service/test/${service.outputs.name}`],
    );
    assert.deepEqual([target.inputs.minCapacity, target.inputs.maxCapacity], [1, 1]);
    assert.deepEqual(actions(result), {
      "preview-pr-7-wake": {
        schedule: "cron(0 7 ? * MON-FRI *)",
        timezone: "UTC",
        capacity: { minCapacity: 1, maxCapacity: 1 },
      },
      "preview-pr-7-sleep": {
        schedule: "cron(0 20 ? * MON-FRI *)",
        timezone: "UTC",
        capacity: { minCapacity: 0, maxCapacity: 0 },
      },
    });
    for (const action of ofType(result, SCHEDULED_ACTION)) {
      assert.equal(action.inputs.resourceId, target.inputs.resourceId);
      assert.equal(action.inputs.name, action.name);
    }
    assert.deepEqual(result.outputs, {
      hours: 65,
      sleepsAt: "2026-11-27T20:00:00Z",
      wakesAt: "2026-11-30T07:00:00Z",
    });
  });

  it("reads the awake hours in the configured zone", async () => {
    const result = await preview({ awakeHours: "Mon-Thu 09:00-17:30", timeZone: "America/New_York" });
    const { "preview-pr-7-wake": wake, "preview-pr-7-sleep": sleep } = actions(result);
    assert.deepEqual(
      [wake.schedule, sleep.schedule, wake.timezone, sleep.timezone],
      ["cron(0 9 ? * MON-THU *)", "cron(30 17 ? * MON-THU *)", "America/New_York", "America/New_York"],
    );
    // Friday 07:00 in New York: asleep (Fridays are off); it sleeps next Monday 17:30 EST (22:30Z).
    assert.equal(result.outputs.hours, 34);
    assert.equal(result.outputs.sleepsAt, "2026-11-30T22:30:00Z");
    assert.equal(result.outputs.wakesAt, "2026-12-01T14:00:00Z");
  });

  it("keeps running after a deploy outside awake hours: a one-off wake a few minutes later, in UTC", async () => {
    // Saturday 2026-11-28 10:00:20 UTC: asleep. The sleep action would next fire Monday 20:00.
    const result = await preview({ deployedAt: new Date("2026-11-28T10:00:20Z") });
    const wake = one(result, SCHEDULED_ACTION, "preview-pr-7-wake-after-deploy");
    assert.deepEqual(
      [wake.inputs.schedule, wake.inputs.timezone, wake.inputs.scalableTargetAction],
      ["at(2026-11-28T10:06:00)", "UTC", { minCapacity: 1, maxCapacity: 1 }],
    );
    assert.equal(wake.inputs.resourceId, one(result, "aws:appautoscaling/target:Target").inputs.resourceId);
    assert.equal(result.outputs.sleepsAt, "2026-11-30T20:00:00Z");
  });

  it("adds no one-off wake to a deploy inside awake hours (the preview is running)", async () => {
    const names = ofType(await preview(), SCHEDULED_ACTION).map((r) => r.name);
    assert.deepEqual(names.sort(), ["preview-pr-7-sleep", "preview-pr-7-wake"]);
  });

  it("times the one-off wake on the minute after the deploy plus the lead", () => {
    assert.equal(wakeAfterDeployExpression(new Date("2026-11-28T23:58:00Z")), "at(2026-11-29T00:03:00)");
    assert.equal(wakeAfterDeployExpression(new Date("2026-11-28T23:58:00.001Z")), "at(2026-11-29T00:04:00)");
  });

  it("'always' creates no target and no action and reports 168 hours", async () => {
    const result = await preview({ awakeHours: "always", deployedAt: new Date("2026-11-28T10:00:00Z") });
    assert.equal(ofType(result, SCHEDULED_ACTION).length, 0);
    assert.equal(ofType(result, "aws:appautoscaling/target:Target").length, 0);
    assert.deepEqual(result.outputs, { hours: 168 });
  });

  it("scales what it runs awake: desiredCount 0 sleeps nothing", async () => {
    const result = await preview({ desiredCount: 0 });
    assert.equal(ofType(result, "aws:appautoscaling/target:Target").length, 0);
  });

  it("refuses a bad zone or bad hours before registering anything, naming the argument", async () => {
    await refusedBeforeRegistration(
      () => new PreviewEnvironment("p", { ...base, timeZone: "Europe/Atlantis" }),
      /^PreviewEnvironment\(p\)\.timeZone: "Europe\/Atlantis" is not allowed; expected an IANA time zone/,
    );
    await refusedBeforeRegistration(
      () => new PreviewEnvironment("p", { ...base, awakeHours: "Mon-Fri 20:00-07:00" }),
      /^PreviewEnvironment\(p\)\.awakeHours: "Mon-Fri 20:00-07:00" is not allowed; the window must end later/,
    );
  });
});
