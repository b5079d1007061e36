// A push to a pull request whose preview exists takes its slot again (`previews claim` on an existing stack):
// the deploy follows only after the build, so the claim's tag is what the sweep sees meanwhile.
import assert from "node:assert/strict";
import { claim } from "../../../delivery/previews/claim";
import { cleanup } from "../../../delivery/previews/cleanup";
import {
  CLAIMED_AT_TAG,
  changed,
  idleSince,
  type PreviewStack,
  RECLAIMED_AT_TAG,
} from "../../../delivery/previews/preview-stacks";
import { FakeBackend, type StackRow } from "./fake-pulumi";

const NOW = new Date("2026-11-29T12:00:00.000Z");
const EIGHT_DAYS_AGO = "2026-11-21T12:00:00.000Z";
const preview = (fields: Partial<PreviewStack>): PreviewStack => ({
  name: "preview-pr-7",
  pr: 7,
  lastUpdate: undefined,
  inProgress: false,
  claimedAt: undefined,
  ...fields,
});

async function sweep(backend: FakeBackend, cli = backend.cli()) {
  const report = await cleanup(
    {
      workspace: await cli.workspace(),
      pullRequests: { pulls: { get: async () => ({ data: { state: "open" } }) } },
      comments: { upsert: async () => "updated" },
      repository: { owner: "pantstack", repo: "api" },
      now: () => NOW,
    },
    { idleDays: 7, dryRun: false },
  );
  return { report, calls: cli.calls };
}

const stale: StackRow = {
  name: "preview-pr-7",
  lastUpdate: EIGHT_DAYS_AGO,
  tags: { [CLAIMED_AT_TAG]: "2026-11-20T12:00:00.000Z" },
  resources: 12,
};

describe("previews: a claim that takes an existing preview's slot again", () => {
  it("counts idleness from the later of the last update and the last reclaim", () => {
    const reclaimed = new Date("2026-11-28T00:00:00Z");
    const updated = new Date(EIGHT_DAYS_AGO);
    assert.equal(idleSince(preview({ lastUpdate: updated, reclaimedAt: reclaimed })), reclaimed);
    assert.equal(idleSince(preview({ lastUpdate: reclaimed, reclaimedAt: updated })), reclaimed);
    assert.equal(idleSince(preview({ reclaimedAt: reclaimed })), reclaimed);
    assert.equal(idleSince(preview({ lastUpdate: updated })), updated);
  });

  it("is a change between the sweep's listing and its second look", () => {
    const before = preview({ lastUpdate: new Date(EIGHT_DAYS_AGO) });
    const after = { ...before, reclaimedAt: NOW };
    assert.equal(
      changed(before, after),
      "its pull request took its slot again meanwhile (2026-11-29T12:00:00Z)",
    );
    assert.equal(changed(after, { ...after }), undefined);
  });

  it("a sweep after the claim keeps the preview idle since its last deploy", async () => {
    const backend = new FakeBackend([stale]);
    const cli = backend.cli();
    const decision = await claim(
      { workspace: await cli.workspace(), now: () => NOW, sleep: async () => undefined },
      { pr: 7, limit: 3 },
    );
    assert.equal(decision.allowed, true);
    assert.equal(backend.stacks.get("preview-pr-7")?.tags?.[RECLAIMED_AT_TAG], NOW.toISOString());
    assert.equal(decision.holders[0].expiresAt, "2026-12-06T12:00:00Z", "7 days from the mark");
    const { report, calls } = await sweep(backend);
    assert.deepEqual(
      report.stacks.map((s) => [s.stack, s.result, s.reason]),
      [["preview-pr-7", "kept", "pull request #7 is open; idle limit reached 2026-12-06T12:00:00Z"]],
    );
    assert.equal(
      calls.some((c) => c[0] === "destroy"),
      false,
    );
  });

  it("still gives the slot when the mark cannot be written, and says so in the log", async () => {
    const backend = new FakeBackend([stale]);
    const cli = backend.cli();
    cli.before = (args) => {
      if (args.slice(0, 4).join(" ") === `stack tag set ${RECLAIMED_AT_TAG}`)
        throw new Error("error: [503] Service Unavailable");
    };
    const log: string[] = [];
    const decision = await claim(
      {
        workspace: await cli.workspace(),
        now: () => NOW,
        sleep: async () => undefined,
        log: (l) => log.push(l),
      },
      { pr: 7, limit: 3 },
    );
    assert.equal(decision.allowed, true);
    assert.ok(
      log.includes(
        "could not mark preview-pr-7 as taken again (error: [503] Service Unavailable): a sweep before the deploy may remove it",
      ),
      log.join("\n"),
    );
  });

  it("a sweep that lists before the claim and looks again after it skips the preview", async () => {
    const backend = new FakeBackend([stale]);
    const cli = backend.cli();
    let reclaimed = false;
    cli.before = async (args) => {
      // The second `stack ls` is the sweep's look right before its destroy: the claim lands just before it.
      const lists = cli.calls.filter((c) => c[0] === "stack" && c[1] === "ls").length;
      if (args[0] === "stack" && args[1] === "ls" && lists === 2 && !reclaimed) {
        reclaimed = true;
        const other = backend.cli();
        await claim(
          { workspace: await other.workspace(), now: () => NOW, sleep: async () => undefined },
          { pr: 7, limit: 3 },
        );
      }
    };
    const { report } = await sweep(backend, cli);
    assert.ok(reclaimed);
    assert.deepEqual(
      report.stacks.map((s) => [s.result, s.error]),
      [
        [
          "skipped",
          "its pull request took its slot again meanwhile (2026-11-29T12:00:00Z); the next sweep will look again",
        ],
      ],
    );
    assert.equal(
      cli.calls.some((c) => c[0] === "destroy"),
      false,
    );
    assert.ok(backend.stacks.has("preview-pr-7"));
  });

  it("names the reclaim when a preview taken again but never redeployed goes idle", async () => {
    const backend = new FakeBackend([
      { ...stale, tags: { ...stale.tags, [RECLAIMED_AT_TAG]: "2026-11-21T18:00:00.000Z" } },
    ]);
    const { report } = await sweep(backend);
    assert.deepEqual(
      report.stacks.map((s) => [s.result, s.reason]),
      [
        [
          "destroyed",
          "idle: slot taken again 2026-11-21T18:00:00Z, not deployed since, 7 days ago (limit 7)",
        ],
      ],
    );
  });
});
