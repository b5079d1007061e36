import assert from "node:assert/strict";
import { checkPolicies } from "../../plan/policy-check";
import { previewProgram } from "../../stacks/preview/program";
import { run } from "../harness";
import { platformStackOutputs } from "../preview/platform-fixture";
import { resource } from "./fixtures";

const TYPE = "aws:appautoscaling/scheduledAction:ScheduledAction";
const action = (scalableTargetAction: unknown, stack = "preview-pr-5") =>
  resource(
    TYPE,
    {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: "service/test/pr-5-service-1234567",
      schedule: "cron(0 7 ? * MON-FRI *)",
      timezone: "UTC",
      scalableTargetAction,
    },
    { stack },
  );
const findings = async (...resources: ReturnType<typeof action>[]) =>
  (await checkPolicies(resources)).map((v) => `${v.policy}: ${v.message}`);

describe("preview limits and sleeping hours", () => {
  it("accept the planned preview with its scalable target and scheduled actions", async () => {
    // Saturday: a deploy outside awake hours, so the one-off wake is there too.
    const preview = await run(previewProgram(42), {
      stack: "preview-pr-42",
      config: { "pantstack:imageTag": "pr-42-abc1234", "pantstack:deployedAt": "2026-11-28T10:00:00Z" },
      stackOutputs: platformStackOutputs,
    });
    assert.equal(preview.resources.filter((r) => r.type === TYPE).length, 3);
    const mandatory = (await checkPolicies(preview.resources)).filter((v) => v.level === "mandatory");
    assert.deepEqual(mandatory, []);
  });

  it("accept actions that sleep (0) and wake (1)", async () => {
    assert.deepEqual(
      await findings(action({ minCapacity: 0, maxCapacity: 0 }), action({ minCapacity: 1, maxCapacity: 1 })),
      [],
    );
  });

  it("refuse a scheduled action above one task, on either bound", async () => {
    assert.deepEqual(await findings(action({ minCapacity: 1, maxCapacity: 2 })), [
      "preview-scheduled-capacity: preview scheduled action maxCapacity 2 exceeds the preview limit of 1",
    ]);
    assert.deepEqual(await findings(action({ minCapacity: 3 })), [
      "preview-scheduled-capacity: preview scheduled action minCapacity 3 exceeds the preview limit of 1",
    ]);
    assert.deepEqual(await findings(action({ maxCapacity: "many" })), [
      "preview-scheduled-capacity: preview scheduled action maxCapacity many exceeds the preview limit of 1",
    ]);
  });

  it("leave other stacks' scheduled actions alone", async () => {
    assert.deepEqual(await findings(action({ minCapacity: 4, maxCapacity: 10 }, "prod")), []);
  });
});
