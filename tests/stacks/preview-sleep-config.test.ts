import assert from "node:assert/strict";
import { main } from "../../plan/main";
import { previewProgram } from "../../stacks/preview/program";
import { ofType, run } from "../harness";
import { platformStackOutputs } from "../preview/platform-fixture";

const SCHEDULED_ACTION = "aws:appautoscaling/scheduledAction:ScheduledAction";
// Saturday 2026-11-28 10:00 UTC.
const BASE = { "pantstack:imageTag": "pr-42-abc1234", "pantstack:deployedAt": "2026-11-28T10:00:00Z" };
const planPreview = (config: Record<string, string> = {}) =>
  run(previewProgram(42), {
    stack: "preview-pr-42",
    config: { ...BASE, ...config },
    stackOutputs: platformStackOutputs,
  });
const schedules = (result: Awaited<ReturnType<typeof planPreview>>) =>
  ofType(result, SCHEDULED_ACTION)
    .map((r) => `${r.inputs.schedule} ${r.inputs.timezone}`)
    .sort();

describe("preview stack config: sleeping hours", () => {
  it("sleeps Mon-Fri 07:00-20:00 UTC by default and says when in its outputs", async () => {
    const preview = await planPreview();
    assert.deepEqual(schedules(preview), [
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
    const berlin = await planPreview({
      "pantstack:previewAwakeHours": "Mon-Sat 08:00-18:00",
      "pantstack:previewTimeZone": "Europe/Berlin",
    });
    // Saturday 11:00 in Berlin is awake: no one-off wake.
    assert.deepEqual(schedules(berlin), [
      "cron(0 18 ? * MON-SAT *) Europe/Berlin",
      "cron(0 8 ? * MON-SAT *) Europe/Berlin",
    ]);
    assert.equal(berlin.outputs.awakeHoursPerWeek, 60);
    const always = await planPreview({ "pantstack:previewAwakeHours": "always" });
    assert.deepEqual([schedules(always), always.outputs.awakeHoursPerWeek], [[], 168]);
    // No schedule, so no sleepsAt/wakesAt outputs at all: an undefined one makes Pulumi warn on every run.
    assert.deepEqual(
      Object.keys(always.outputs).filter((key) => always.outputs[key] === undefined),
      [],
    );
    assert.equal("sleepsAt" in always.outputs || "wakesAt" in always.outputs, false);
  });

  it("refuses bad hours naming the key, and a bad zone with exit 2 from the plan", async () => {
    await assert.rejects(
      planPreview({ "pantstack:previewAwakeHours": "9-5" }),
      /^ValidationError: pantstack:previewAwakeHours: "9-5" is not allowed; expected "always" or/,
    );
    let stderr = "";
    const code = await main(
      [
        "--stack",
        "preview-pr-42",
        "--config",
        "pantstack:imageTag=pr-42-abc1234",
        "--config",
        "pantstack:previewTimeZone=Berlin/Europe",
      ],
      { stdout: () => undefined, stderr: (t) => (stderr += t) },
    );
    assert.equal(code, 2);
    assert.match(
      stderr,
      /^error: preview-pr-42:pantstack:previewTimeZone: "Berlin\/Europe" is not allowed; expected an IANA/,
    );
  });
});
