import assert from "node:assert/strict";
import { main } from "../../plan/main";
import { planStacks } from "../../plan/plan";
import { ofType } from "../harness";

const TAG = { "pantstack:imageTag": "pr-42-abc1234", "pantstack:deployedAt": "2026-11-28T10:00:00Z" };
const planPreview = async (overrides: Record<string, string>) =>
  (await planStacks({ stacks: ["preview-pr-42"], overrides: { ...TAG, ...overrides } }))[0];
const planExit = async (...config: string[]) => {
  let stderr = "";
  const code = await main(["--stack", "preview-pr-42", ...config.flatMap((c) => ["--config", c])], {
    stdout: () => undefined,
    stderr: (t) => (stderr += t),
  });
  return { code, stderr };
};
const SCHEDULED_ACTION = "aws:appautoscaling/scheduledAction:ScheduledAction";

describe("preview stack config: sleeping hours", () => {
  it("sleeps Mon-Fri 07:00-20:00 UTC by default and says when in its outputs", async () => {
    const preview = await planPreview({});
    const schedules = ofType(preview, SCHEDULED_ACTION)
      .map((r) => `${r.inputs.schedule} ${r.inputs.timezone}`)
      .sort();
    assert.deepEqual(schedules, [
      "at(2026-11-28T10:05:00) UTC",
      "cron(0 20 ? * MON-FRI *) UTC",
      "cron(0 7 ? * MON-FRI *) UTC",
    ]);
    assert.deepEqual(
      [preview.outputs.awakeHoursPerWeek, preview.outputs.sleepsAt, preview.outputs.wakesAt],
      [65, "2026-11-30T20:00:00Z", "2026-12-01T07:00:00Z"],
    );
  });

  it("reads pantstack:previewAwakeHours and pantstack:previewTimeZone", async () => {
    const preview = await planPreview({
      "pantstack:previewAwakeHours": "Mon-Sat 08:00-18:00",
      "pantstack:previewTimeZone": "Europe/Berlin",
    });
    const schedules = ofType(preview, SCHEDULED_ACTION)
      .map((r) => `${r.inputs.schedule} ${r.inputs.timezone}`)
      .sort();
    // Saturday 11:00 in Berlin is awake: no one-off wake.
    assert.deepEqual(schedules, [
      "cron(0 18 ? * MON-SAT *) Europe/Berlin",
      "cron(0 8 ? * MON-SAT *) Europe/Berlin",
    ]);
    assert.equal(preview.outputs.awakeHoursPerWeek, 60);
  });

  it("exits 2 on a bad zone or bad hours, naming the key", async () => {
    const zone = await planExit(
      "pantstack:imageTag=pr-42-abc1234",
      "pantstack:previewTimeZone=Berlin/Europe",
    );
    assert.equal(zone.code, 2);
    assert.match(
      zone.stderr,
      /^error: pantstack:previewTimeZone: "Berlin\/Europe" is not allowed; expected an IANA/,
    );
    const hours = await planExit("pantstack:imageTag=pr-42-abc1234", "pantstack:previewAwakeHours=9-5");
    assert.equal(hours.code, 2);
    assert.match(
      hours.stderr,
      /^error: pantstack:previewAwakeHours: "9-5" is not allowed; expected "always" or/,
    );
  });
});
