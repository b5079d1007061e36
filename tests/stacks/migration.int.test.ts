import assert from "node:assert/strict";
import { readBasePlan } from "../../plan/against";
import { diffPlans } from "../../plan/diff";
import { planStacks } from "../../plan/plan";
import { toPlanJson } from "../../plan/plan-json";
import { PLANNED_STACKS } from "../../stacks/programs";

// The plan of the code before the service catalog: a running stack upgraded to the catalog's default
// (services.yaml with `api` only) must keep every URN (aliases where a name or parent moved) and replace nothing.
const BASE = "tests/fixtures/plans/main-default.json";

describe("migration to the service catalog", function () {
  this.timeout(120_000);

  it("the default catalog deletes and replaces nothing in any stack, against the plan before the catalog", async () => {
    const base = readBasePlan(BASE);
    const head = toPlanJson(await planStacks({ stacks: [...PLANNED_STACKS] })).stacks;
    const diffs = diffPlans(base, head);
    assert.deepEqual(
      diffs.map((d) => d.stack),
      base.stacks.map((s) => s.stack),
    );
    for (const diff of diffs) {
      assert.ok(diff.inBase, `${diff.stack} is in the base plan`);
      assert.deepEqual(diff.removed, [], `${diff.stack}: deleted resources`);
      const replacing = diff.warnings.filter((w) => w.message.includes(" replaces this "));
      assert.deepEqual(replacing, [], `${diff.stack}: replaced resources`);
    }
  });
});
