import assert from "node:assert/strict";
import { claim } from "../../../delivery/previews/claim";
import {
  CLAIMED_AT_TAG,
  type PreviewStack,
  RECLAIMED_AT_TAG,
} from "../../../delivery/previews/preview-stacks";
import { claimOrder, claimTime } from "../../../delivery/previews/slots";
import { FakeBackend, type FakePulumi, type StackRow } from "./fake-pulumi";

const NOW = new Date("2026-11-29T12:00:00.000Z");
const deployed = (...prs: number[]): StackRow[] =>
  prs.map((pr, i) => ({
    name: `preview-pr-${pr}`,
    lastUpdate: `2026-11-2${i}T10:00:00.000Z`,
    tags: { [CLAIMED_AT_TAG]: `2026-11-2${i}T09:00:00.000Z` },
    resources: 12,
  }));

/** One run of `previews claim` against `backend` through its own CLI (a runner of its own). */
async function run(
  backend: FakeBackend,
  pr: number,
  options: { limit?: number; now?: Date; cli?: FakePulumi; retries?: number } = {},
) {
  const cli = options.cli ?? backend.cli();
  const sleeps: number[] = [];
  const decision = await claim(
    {
      workspace: await cli.workspace(),
      now: () => options.now ?? NOW,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    },
    { pr, limit: options.limit ?? 3, retries: options.retries },
  );
  return { decision, calls: cli.calls, sleeps };
}

const ls = ["stack", "ls", "--json"];
const tags = (n: number) => ["stack", "tag", "ls", "--json", "--stack", `preview-pr-${n}`];

describe("previews claim: a slot by claim, then verify", () => {
  it("creates the stack, dates the claim, lists the claims and takes slot 1 when none is held", async () => {
    const backend = new FakeBackend([{ name: "shared" }, { name: "test" }]);
    const { decision, calls } = await run(backend, 12);
    assert.deepEqual(calls, [
      ["stack", "init", "preview-pr-12"],
      ls,
      tags(12),
      ["stack", "tag", "set", CLAIMED_AT_TAG, "2026-11-29T12:00:00.000Z", "--stack", "preview-pr-12"],
      ls,
      tags(12),
    ]);
    assert.deepEqual(
      [decision.allowed, decision.created, decision.position, decision.claimedAt, decision.withdrawn],
      [true, true, 1, "2026-11-29T12:00:00Z", false],
    );
    assert.equal(
      decision.message,
      "PR #12 may deploy: its claim preview-pr-12 is number 1 of 3 preview slots.",
    );
    assert.equal(backend.stacks.get("preview-pr-12")?.tags?.[CLAIMED_AT_TAG], "2026-11-29T12:00:00.000Z");
  });

  it("takes the third slot when two are held", async () => {
    const backend = new FakeBackend(deployed(4, 5));
    const { decision } = await run(backend, 12);
    assert.deepEqual([decision.allowed, decision.position], [true, 3]);
  });

  it("with 3 slots held: withdraws the claim it made and names the holders in one line", async () => {
    const backend = new FakeBackend(deployed(4, 5, 6));
    const { decision, calls } = await run(backend, 12);
    assert.deepEqual(calls.at(-1), ["stack", "rm", "--yes", "preview-pr-12"]);
    assert.equal(backend.stacks.has("preview-pr-12"), false);
    assert.deepEqual(
      [decision.allowed, decision.created, decision.withdrawn, decision.position],
      [false, true, true, 4],
    );
    assert.equal(
      decision.message,
      "No free preview slot for PR #12: all 3 are held by #4 (expires 2026-11-27T10:00:00Z), " +
        "#5 (expires 2026-11-28T10:00:00Z), #6 (expires 2026-11-29T10:00:00Z). " +
        "A slot frees when one of those PRs closes or its preview expires. Its claim was withdrawn.",
    );
    assert.doesNotMatch(decision.message, /\n/);
  });

  it("honours --limit", async () => {
    assert.equal((await run(new FakeBackend(deployed(4)), 12, { limit: 1 })).decision.allowed, false);
    assert.equal((await run(new FakeBackend(deployed(4, 5, 6)), 12, { limit: 5 })).decision.allowed, true);
  });

  it("lets a PR redeploy its deployed preview even past the limit, and keeps its claim time", async () => {
    const backend = new FakeBackend(deployed(4, 5, 6, 12));
    const { decision, calls } = await run(backend, 12);
    assert.deepEqual([decision.allowed, decision.created, decision.deployed], [true, false, true]);
    // Only the mark that the slot was taken again (for the sweep), never a new claim time.
    assert.deepEqual(
      calls.filter((c) => c[1] === "tag" && c[2] === "set"),
      [["stack", "tag", "set", RECLAIMED_AT_TAG, "2026-11-29T12:00:00.000Z", "--stack", "preview-pr-12"]],
    );
    assert.equal(backend.stacks.get("preview-pr-12")?.tags?.[CLAIMED_AT_TAG], "2026-11-23T09:00:00.000Z");
    assert.match(decision.message, /^PR #12 may deploy: its preview exists already/);
  });

  it("counts deployed previews ahead of an older claim that never deployed (never 4 deployed)", async () => {
    const stale: StackRow = { name: "preview-pr-12", tags: { [CLAIMED_AT_TAG]: "2026-11-01T00:00:00.000Z" } };
    const backend = new FakeBackend([...deployed(4, 5, 6), stale]);
    const { decision, calls } = await run(backend, 12);
    assert.deepEqual([decision.allowed, decision.created, decision.position], [false, false, 4]);
    // It did not make this claim, so it leaves it (an earlier run's); the sweep dates it from its claim.
    assert.equal(
      calls.some((c) => c[1] === "rm"),
      false,
    );
    assert.equal(backend.stacks.has("preview-pr-12"), true);
  });

  it("waits while another run's claim is undated, then orders by claim time", async () => {
    const backend = new FakeBackend(deployed(4, 5));
    backend.stacks.set("preview-pr-9", { name: "preview-pr-9", tags: {} });
    const cli = backend.cli();
    let lists = 0;
    cli.before = (args) => {
      // The other run dates its claim after this run's second listing.
      if (args[1] === "ls" && ++lists === 3) {
        backend.stacks.set("preview-pr-9", {
          name: "preview-pr-9",
          tags: { [CLAIMED_AT_TAG]: "2026-11-29T12:00:00.500Z" },
        });
      }
    };
    const { decision, sleeps } = await run(backend, 12, { cli });
    assert.deepEqual(sleeps, [3000]);
    assert.deepEqual([decision.allowed, decision.position], [true, 3]);
    assert.deepEqual(
      decision.holders.map((h) => h.stack),
      ["preview-pr-4", "preview-pr-5", "preview-pr-12", "preview-pr-9"],
    );
  });

  it("counts a claim that stays undated as ahead after its retries", async () => {
    const backend = new FakeBackend([...deployed(4, 5), { name: "preview-pr-9", tags: {} }]);
    const { decision, sleeps } = await run(backend, 12, { retries: 2 });
    assert.deepEqual(sleeps, [3000, 3000]);
    assert.deepEqual([decision.allowed, decision.withdrawn, decision.position], [false, true, 4]);
    assert.match(decision.message, /#9 \(claiming, not deployed yet\)/);
  });

  it("dates a claim after a later-dated one it can see (a runner whose clock is behind)", async () => {
    const ahead: StackRow = { name: "preview-pr-9", tags: { [CLAIMED_AT_TAG]: "2026-11-29T12:00:02.000Z" } };
    const backend = new FakeBackend([ahead]);
    const { decision } = await run(backend, 12);
    assert.equal(backend.stacks.get("preview-pr-12")?.tags?.[CLAIMED_AT_TAG], "2026-11-29T12:00:02.001Z");
    assert.equal(decision.position, 2);
  });

  it("reports a claim it could not withdraw (a stack that holds resources is never removed)", async () => {
    const backend = new FakeBackend(deployed(4, 5, 6));
    const cli = backend.cli();
    cli.before = (args) => {
      const own = backend.stacks.get("preview-pr-12");
      if (args[1] === "rm" && own) own.resources = 3;
    };
    const { decision } = await run(backend, 12, { cli });
    assert.equal(decision.withdrawn, false);
    assert.match(
      decision.message,
      / Its claim could not be withdrawn \(error: 'preview-pr-12' still has resources; removal rejected\. Possible actions:\); the sweep removes it when idle\.$/,
    );
    assert.equal(backend.stacks.has("preview-pr-12"), true);
  });

  it("orders claims: deployed, then undated, then by claim time, then by name", () => {
    const p = (name: string, fields: Partial<PreviewStack>): PreviewStack => ({
      name,
      pr: Number(name.slice(11)),
      lastUpdate: undefined,
      inProgress: false,
      claimedAt: undefined,
      ...fields,
    });
    const t = (s: string) => new Date(`2026-11-29T12:00:0${s}Z`);
    const order = claimOrder([
      p("preview-pr-1", { claimedAt: t("2") }),
      p("preview-pr-2", { claimedAt: t("1") }),
      p("preview-pr-30", { claimedAt: t("1") }),
      p("preview-pr-3", { claimedAt: t("1") }),
      p("preview-pr-4", {}),
      p("preview-pr-5", { claimedAt: t("9"), lastUpdate: t("9") }),
      p("preview-pr-6", { claimedAt: t("8"), inProgress: true }),
    ]);
    assert.deepEqual(
      order.map((s) => s.name),
      [
        "preview-pr-6",
        "preview-pr-5",
        "preview-pr-4",
        "preview-pr-2",
        "preview-pr-3",
        "preview-pr-30",
        "preview-pr-1",
      ],
    );
    assert.equal(claimTime(t("1"), order).toISOString(), "2026-11-29T12:00:09.001Z");
    assert.equal(
      claimTime(new Date("2026-12-01T00:00:00Z"), order).toISOString(),
      "2026-12-01T00:00:00.000Z",
    );
  });
});

/**
 * Runs claims at once, each through its own CLI on one backend, and lets exactly one CLI call proceed at a
 * time, in the order `pick` chooses among the runs waiting: an interleaving of their calls.
 */
async function interleaved(
  backend: FakeBackend,
  runs: { pr: number; now: Date }[],
  pick: (waiting: number[]) => number,
) {
  const waiting = new Map<number, () => void>();
  const done = new Set<number>();
  const sleeping = new Set<number>();
  const results = runs.map(async ({ pr, now }, i) => {
    const cli = backend.cli();
    cli.before = () => new Promise<void>((resolve) => waiting.set(i, resolve));
    const decision = await claim(
      {
        workspace: await cli.workspace(),
        now: () => now,
        // A sleeping run waits until the others have moved (3 s is far longer than a create and a tag).
        sleep: async () => {
          sleeping.add(i);
        },
      },
      { pr, limit: 3 },
    );
    done.add(i);
    return { decision, calls: cli.calls };
  });
  while (done.size < runs.length) {
    await new Promise((resolve) => setImmediate(resolve));
    if (done.size === runs.length) break;
    if (waiting.size + done.size < runs.length) continue;
    const ready = [...waiting.keys()];
    const awake = ready.filter((i) => !sleeping.has(i));
    const i = pick(awake.length > 0 ? awake : ready);
    sleeping.delete(i);
    const release = waiting.get(i);
    if (!release) throw new Error(`picked ${i} of ${ready} (done ${[...done]})`);
    waiting.delete(i);
    release();
  }
  return Promise.all(results);
}

describe("previews claim: two PRs claiming at once", () => {
  it("both create, both date, both list: the later claim backs off and only 3 previews remain", async () => {
    const backend = new FakeBackend(deployed(4, 5));
    // Strictly alternating: A init, B init, A ls, B ls, ...: each run sees the other's stack.
    let turn = 0;
    const [a, b] = await interleaved(
      backend,
      [
        { pr: 20, now: new Date("2026-11-29T12:00:00.000Z") },
        { pr: 21, now: new Date("2026-11-29T12:00:00.400Z") },
      ],
      (ready) => {
        const next = turn++ % 2;
        return ready.includes(next) ? next : ready[0];
      },
    );
    assert.deepEqual(a.calls[0], ["stack", "init", "preview-pr-20"]);
    assert.deepEqual(b.calls[0], ["stack", "init", "preview-pr-21"]);
    assert.deepEqual([a.decision.allowed, a.decision.position], [true, 3]);
    assert.deepEqual([b.decision.allowed, b.decision.withdrawn, b.decision.position], [false, true, 4]);
    assert.match(
      b.decision.message,
      /held by #4 .*, #5 .*, #20 \(claimed 2026-11-29T12:00:00Z, not deployed yet\)/,
    );
    assert.deepEqual([...backend.stacks.keys()].sort(), ["preview-pr-20", "preview-pr-4", "preview-pr-5"]);
  });

  it("in every interleaving, even with runner clocks 2 s apart, exactly one of two gets the last slot", async () => {
    let seed = 19;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let trial = 0; trial < 60; trial++) {
      const backend = new FakeBackend(deployed(4, 5));
      const skew = trial % 2 === 0 ? 2000 : -2000;
      const results = await interleaved(
        backend,
        [
          { pr: 30, now: new Date(NOW.getTime()) },
          { pr: 31, now: new Date(NOW.getTime() + skew) },
        ],
        (ready) => ready[Math.floor(random() * ready.length)],
      );
      const winners = results.filter((r) => r.decision.allowed).map((r) => r.decision.pr);
      assert.equal(winners.length, 1, `trial ${trial}: winners ${winners}`);
      assert.equal(backend.stacks.size, 3, `trial ${trial}: ${[...backend.stacks.keys()]}`);
      assert.ok(backend.stacks.has(`preview-pr-${winners[0]}`));
    }
  });

  it("three PRs at once for two free slots: two get one, the third backs off", async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let trial = 0; trial < 20; trial++) {
      const backend = new FakeBackend(deployed(4));
      const results = await interleaved(
        backend,
        [40, 41, 42].map((pr, i) => ({
          pr,
          now: new Date(NOW.getTime() + ((i * 700 * (trial + 1)) % 1500)),
        })),
        (ready) => ready[Math.floor(random() * ready.length)],
      );
      assert.equal(results.filter((r) => r.decision.allowed).length, 2, `trial ${trial}`);
      assert.equal(backend.stacks.size, 3, `trial ${trial}`);
    }
  });
});
