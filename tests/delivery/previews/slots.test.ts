import assert from "node:assert/strict";
import { listStacks } from "../../../delivery/previews/preview-stacks";
import { decideSlot } from "../../../delivery/previews/slots";
import { fakeBackend, type StackRow } from "./fake-pulumi";

const previews = (...prs: number[]): StackRow[] =>
  prs.map((pr, i) => ({ name: `preview-pr-${pr}`, lastUpdate: `2026-11-2${i}T10:00:00.000Z` }));

async function slots(pr: number, stacks: StackRow[], limit = 3) {
  const pulumi = fakeBackend([{ name: "shared" }, { name: "test" }, { name: "prod" }, ...stacks]);
  const listing = await listStacks(await pulumi.workspace());
  return { decision: decideSlot(pr, limit, listing.previews), calls: pulumi.calls };
}

describe("previews slots", () => {
  it("gives a slot when no preview exists, asking the backend only for its stack list", async () => {
    const { decision, calls } = await slots(12, []);
    assert.deepEqual(calls, [["stack", "ls", "--json"]]);
    assert.deepEqual([decision.allowed, decision.used, decision.ownStack], [true, 0, false]);
    assert.equal(decision.message, "PR #12 may deploy: 0 of 3 preview slots in use.");
  });

  it("gives a slot at 2 previews", async () => {
    const { decision } = await slots(12, previews(4, 5));
    assert.deepEqual([decision.allowed, decision.used], [true, 2]);
  });

  it("refuses at 3 previews, naming the PRs that hold the slots and when each expires", async () => {
    const { decision } = await slots(12, previews(4, 5, 6));
    assert.equal(decision.allowed, false);
    assert.deepEqual(decision.holders, [
      { pr: 4, stack: "preview-pr-4", lastUpdate: "2026-11-20T10:00:00Z", expiresAt: "2026-11-27T10:00:00Z" },
      { pr: 5, stack: "preview-pr-5", lastUpdate: "2026-11-21T10:00:00Z", expiresAt: "2026-11-28T10:00:00Z" },
      { pr: 6, stack: "preview-pr-6", lastUpdate: "2026-11-22T10:00:00Z", expiresAt: "2026-11-29T10:00:00Z" },
    ]);
    assert.equal(
      decision.message,
      "No free preview slot for PR #12: all 3 are held by #4 (expires 2026-11-27T10:00:00Z), " +
        "#5 (expires 2026-11-28T10:00:00Z), #6 (expires 2026-11-29T10:00:00Z). " +
        "A slot frees when one of those PRs closes or its preview expires.",
    );
  });

  it("refuses at 4 previews (over the limit after a manual deploy)", async () => {
    const { decision } = await slots(12, previews(4, 5, 6, 7));
    assert.deepEqual([decision.allowed, decision.used, decision.holders.length], [false, 4, 4]);
  });

  it("always lets a PR redeploy its own existing preview, even when all slots are taken", async () => {
    for (const stacks of [previews(4, 5, 12), previews(4, 5, 6, 12)]) {
      const { decision } = await slots(12, stacks);
      assert.deepEqual([decision.allowed, decision.ownStack], [true, true]);
      assert.match(decision.message, /^PR #12 may deploy: its preview exists already/);
    }
  });

  it("takes a custom limit", async () => {
    assert.equal((await slots(12, previews(4), 1)).decision.allowed, false);
    assert.equal((await slots(12, previews(4, 5, 6), 5)).decision.allowed, true);
  });

  it("counts only stacks named exactly preview-pr-<N>, and a running first deploy without expiry", async () => {
    const { decision } = await slots(12, [
      { name: "preview-pr-4-old", lastUpdate: "2026-11-20T10:00:00.000Z" },
      { name: "preview-pr-04", lastUpdate: "2026-11-20T10:00:00.000Z" },
      { name: "preview-pr-5", lastUpdate: "2026-11-20T10:00:00.000Z" },
      { name: "preview-pr-6" },
    ]);
    assert.equal(decision.used, 2);
    assert.deepEqual(decision.holders[1], {
      pr: 6,
      stack: "preview-pr-6",
      lastUpdate: null,
      expiresAt: null,
    });
  });
});
