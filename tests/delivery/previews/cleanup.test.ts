import assert from "node:assert/strict";
import { cleanup } from "../../../delivery/previews/cleanup";
import type { PreviewComments } from "../../../delivery/previews/preview-comment";
import { CLAIMED_AT_TAG } from "../../../delivery/previews/preview-stacks";
import type { PullRequestsClient } from "../../../delivery/previews/pull-requests";
import { type FakePulumi, fakeBackend, type StackRow } from "./fake-pulumi";

const NOW = new Date("2026-11-29T12:00:00Z");
const A_YEAR_AGO = "2025-11-29T12:00:00.000Z";
const YESTERDAY = "2026-11-28T12:00:00.000Z";

/** Octokit's `pulls.get`, answered from a table; records what it was asked. */
function pulls(states: Record<number, "open" | "closed" | "merged" | Error>) {
  const asked: number[] = [];
  const client: PullRequestsClient = {
    pulls: {
      get: async ({ owner, repo, pull_number }) => {
        assert.deepEqual([owner, repo], ["pantstack", "api"]);
        asked.push(pull_number);
        const state = states[pull_number];
        if (state instanceof Error) throw state;
        if (state === undefined) throw new Error(`unexpected PR ${pull_number}`);
        return { data: { state: state === "open" ? "open" : "closed", merged: state === "merged" } };
      },
    },
  };
  return { client, asked };
}

const ls = ["stack", "ls", "--json"];
const tags = (name: string) => ["stack", "tag", "ls", "--json", "--stack", name];
/** The listing: stack ls, then each preview's tags. */
const listing = (...names: string[]) => [ls, ...names.map(tags)];

/** A preview comment writer that records what it wrote (or fails with `error`). */
function comments(error?: Error) {
  const written: { pr: number; text: string }[] = [];
  const client: PreviewComments = {
    upsert: async (pr, text) => {
      if (error) throw error;
      written.push({ pr, text });
      return "updated";
    },
  };
  return { client, written };
}

/** Read again right before the destroy, then destroyed and removed. */
const destroyCalls = (name: string) => [
  ls,
  tags(name),
  ["stack", "select", "--stack", name],
  ["destroy", "--yes", "--skip-preview", "--exec-kind", "auto.local", "--stack", name],
  ["stack", "history", "--json", "--show-secrets", "--page-size", "1", "--page", "1", "--stack", name],
  ["stack", "rm", "--yes", name],
];

async function sweep(
  stacks: StackRow[],
  states: Record<number, "open" | "closed" | "merged" | Error>,
  options: {
    dryRun?: boolean;
    idleDays?: number;
    failures?: Parameters<typeof fakeBackend>[1];
    commentError?: Error;
    during?: (pulumi: FakePulumi & ReturnType<typeof fakeBackend>, args: string[]) => void;
  } = {},
) {
  const pulumi = fakeBackend(stacks, options.failures);
  const during = options.during;
  if (during) pulumi.before = (args) => during(pulumi, args);
  const github = pulls(states);
  const written = comments(options.commentError);
  const report = await cleanup(
    {
      workspace: await pulumi.workspace(),
      pullRequests: github.client,
      comments: written.client,
      repository: { owner: "pantstack", repo: "api" },
      now: () => NOW,
    },
    { idleDays: options.idleDays ?? 7, dryRun: options.dryRun ?? false },
  );
  return { report, calls: pulumi.calls, asked: github.asked, written: written.written, pulumi };
}

describe("previews cleanup", () => {
  it("never touches shared, test, prod or lookalikes, however long idle", async () => {
    const lookalikes = [
      "shared",
      "test",
      "prod",
      "preview-pr-7-old",
      "preview-pr-07",
      "Preview-pr-7",
      "preview-pr-0",
      "preview-pr-",
      "preview-pr-7 ",
      "xpreview-pr-7",
      "acme/preview-pr-7",
      "preview-pr-99999",
    ];
    const { report, calls, asked } = await sweep(
      lookalikes.map((name) => ({ name, lastUpdate: A_YEAR_AGO })),
      {},
    );
    assert.deepEqual(calls, [["stack", "ls", "--json"]]);
    assert.deepEqual(asked, []);
    assert.deepEqual(report.stacks, []);
    assert.equal(report.ignored, lookalikes.length);
    assert.equal(report.failed, false);
  });

  it("destroys then removes an idle preview, and keeps an open PR's recent one", async () => {
    const { report, calls, asked } = await sweep(
      [
        { name: "preview-pr-3", lastUpdate: "2026-11-21T11:59:59.000Z" },
        { name: "preview-pr-4", lastUpdate: YESTERDAY },
        { name: "prod", lastUpdate: A_YEAR_AGO },
      ],
      { 4: "open" },
    );
    assert.deepEqual(calls, [...listing("preview-pr-3", "preview-pr-4"), ...destroyCalls("preview-pr-3")]);
    assert.deepEqual(asked, [4]);
    assert.deepEqual(
      report.stacks.map((s) => [s.stack, s.action, s.result, s.reason]),
      [
        [
          "preview-pr-3",
          "destroy",
          "destroyed",
          "idle: last update 2026-11-21T11:59:59Z, 8 days ago (limit 7)",
        ],
        ["preview-pr-4", "keep", "kept", "pull request #4 is open; idle limit reached 2026-12-05T12:00:00Z"],
      ],
    );
  });

  it("removes a closed or merged PR's preview even when it is recent (an orphan of a failed close)", async () => {
    const { report, calls } = await sweep(
      [
        { name: "preview-pr-5", lastUpdate: YESTERDAY },
        { name: "preview-pr-6", lastUpdate: YESTERDAY },
      ],
      { 5: "closed", 6: "merged" },
    );
    assert.deepEqual(calls, [
      ...listing("preview-pr-5", "preview-pr-6"),
      ...destroyCalls("preview-pr-5"),
      ...destroyCalls("preview-pr-6"),
    ]);
    assert.deepEqual(
      report.stacks.map((s) => s.reason),
      ["pull request #5 is closed", "pull request #6 is merged"],
    );
  });

  it("skips a stack whose update is running (updateInProgress), however old its claim", async () => {
    const { report, calls, asked } = await sweep(
      [
        {
          name: "preview-pr-8",
          updateInProgress: true,
          tags: { [CLAIMED_AT_TAG]: A_YEAR_AGO },
        },
      ],
      { 8: "closed" },
    );
    assert.deepEqual(calls, listing("preview-pr-8"));
    assert.deepEqual(asked, []);
    assert.deepEqual(
      report.stacks.map((s) => [s.stack, s.result, s.reason]),
      [["preview-pr-8", "skipped", "an update is in progress"]],
    );
    assert.equal(report.failed, false);
  });

  it("sweeps a claim that never completed an update, counted from its claim tag", async () => {
    const { report, calls, asked, written } = await sweep(
      [
        { name: "preview-pr-9", tags: { [CLAIMED_AT_TAG]: "2026-11-22T11:00:00.000Z" } },
        { name: "preview-pr-10", tags: { [CLAIMED_AT_TAG]: "2026-11-23T11:00:00.000Z" } },
      ],
      { 10: "open" },
    );
    assert.deepEqual(calls, [...listing("preview-pr-10", "preview-pr-9"), ...destroyCalls("preview-pr-9")]);
    assert.deepEqual(asked, [10]);
    assert.deepEqual(
      report.stacks.map((s) => [s.stack, s.result, s.reason]),
      [
        [
          "preview-pr-9",
          "destroyed",
          "idle: claimed 2026-11-22T11:00:00Z, never deployed, 7 days ago (limit 7)",
        ],
        ["preview-pr-10", "kept", "pull request #10 is open; idle limit reached 2026-11-30T11:00:00Z"],
      ],
    );
    assert.deepEqual(
      written.map((w) => w.pr),
      [9],
    );
  });

  it("dates a never-updated stack that carries no claim tag, so it expires in time", async () => {
    const { report, pulumi } = await sweep([{ name: "preview-pr-11" }], { 11: "open" });
    assert.deepEqual(pulumi.calls.at(-1), [
      "stack",
      "tag",
      "set",
      CLAIMED_AT_TAG,
      "2026-11-29T12:00:00.000Z",
      "--stack",
      "preview-pr-11",
    ]);
    assert.equal(report.stacks[0].result, "kept");
    assert.match(
      report.stacks[0].reason,
      /never updated and not dated: dated now, idle limit reached 2026-12-06T12:00:00Z/,
    );
  });

  it("re-reads a stack right before destroying it and skips it if it was redeployed meanwhile", async () => {
    let lists = 0;
    const { report, calls, written } = await sweep(
      [
        { name: "preview-pr-3", lastUpdate: A_YEAR_AGO, resources: 9 },
        { name: "preview-pr-4", lastUpdate: A_YEAR_AGO, resources: 9 },
        { name: "preview-pr-5", updateInProgress: false, tags: { [CLAIMED_AT_TAG]: A_YEAR_AGO } },
      ],
      {},
      {
        during: (pulumi, args) => {
          if (args[1] !== "ls") return;
          lists++;
          // After the sweep's listing: PR 3 redeploys, PR 4's deploy starts, PR 5 is claimed again.
          if (lists !== 2) return;
          const stacks = pulumi.backend.stacks;
          Object.assign(stacks.get("preview-pr-3") ?? {}, { lastUpdate: "2026-11-29T11:59:00.000Z" });
          Object.assign(stacks.get("preview-pr-4") ?? {}, { updateInProgress: true });
          Object.assign(stacks.get("preview-pr-5") ?? {}, {
            tags: { [CLAIMED_AT_TAG]: "2026-11-29T11:59:30.000Z" },
          });
        },
      },
    );
    assert.equal(calls.filter((c) => c[0] === "destroy").length, 0);
    assert.deepEqual(
      report.stacks.map((s) => [s.stack, s.result, s.error]),
      [
        [
          "preview-pr-3",
          "skipped",
          "it was updated meanwhile (last update 2026-11-29T11:59:00Z); the next sweep will look again",
        ],
        ["preview-pr-4", "skipped", "an update started meanwhile; the next sweep will look again"],
        [
          "preview-pr-5",
          "skipped",
          "it was claimed again meanwhile (2026-11-29T11:59:30Z); the next sweep will look again",
        ],
      ],
    );
    assert.deepEqual(written, []);
    assert.equal(report.failed, false);
  });

  it("after a destroy, rewrites the PR's preview comment: removed, and why", async () => {
    const { report, written } = await sweep(
      [
        { name: "preview-pr-3", lastUpdate: "2026-11-21T11:59:59.000Z" },
        { name: "preview-pr-6", lastUpdate: YESTERDAY },
      ],
      { 6: "merged" },
    );
    assert.deepEqual(written, [
      {
        pr: 3,
        text:
          "### Preview removed: `preview-pr-3` was destroyed by the preview sweep at 2026-11-29T12:00:00Z\n\n" +
          "Why: it was idle (last update 2026-11-21T11:59:59Z, 8 days ago (limit 7)).\n" +
          "Its URL no longer answers. Push a commit to deploy a new preview (when a slot is free).\n",
      },
      {
        pr: 6,
        text:
          "### Preview removed: `preview-pr-6` was destroyed by the preview sweep at 2026-11-29T12:00:00Z\n\n" +
          "Why: pull request #6 is merged.\n" +
          "Its URL no longer answers. Push a commit to deploy a new preview (when a slot is free).\n",
      },
    ]);
    assert.deepEqual(
      report.stacks.map((s) => s.comment),
      ["updated", "updated"],
    );
  });

  it("reports a comment it could not write as a failure of the sweep (the stack is gone all the same)", async () => {
    const { report, pulumi } = await sweep(
      [{ name: "preview-pr-3", lastUpdate: A_YEAR_AGO }],
      {},
      {
        commentError: new Error("Resource not accessible by integration\nmore"),
      },
    );
    assert.equal(pulumi.backend.stacks.has("preview-pr-3"), false);
    assert.deepEqual(
      [report.stacks[0].result, report.stacks[0].comment, report.failed],
      ["destroyed", "failed: Resource not accessible by integration", true],
    );
  });

  it("goes on past a failing destroy, reports it and marks the sweep failed", async () => {
    const { report, calls } = await sweep(
      [
        { name: "preview-pr-10", lastUpdate: A_YEAR_AGO },
        { name: "preview-pr-11", lastUpdate: A_YEAR_AGO },
      ],
      {},
      {
        failures: {
          "preview-pr-10": {
            on: "destroy",
            stderr: "error: deleting ECS service: AccessDenied\nmore detail",
          },
        },
      },
    );
    assert.deepEqual(calls, [
      ...listing("preview-pr-10", "preview-pr-11"),
      ...destroyCalls("preview-pr-10").slice(0, 4),
      ...destroyCalls("preview-pr-11"),
    ]);
    assert.deepEqual(
      report.stacks.map((s) => [s.stack, s.result, s.error]),
      [
        ["preview-pr-10", "failed", "error: deleting ECS service: AccessDenied"],
        ["preview-pr-11", "destroyed", undefined],
      ],
    );
    assert.equal(report.failed, true);
  });

  it("treats an update that started meanwhile (409) as skipped, not failed", async () => {
    const { report } = await sweep(
      [{ name: "preview-pr-12", lastUpdate: A_YEAR_AGO }],
      {},
      {
        failures: {
          "preview-pr-12": {
            on: "destroy",
            stderr: "[409] Conflict: Another update is currently in progress.",
          },
        },
      },
    );
    assert.deepEqual(
      report.stacks.map((s) => [s.result, s.error]),
      [["skipped", "an update started meanwhile; the next sweep will look again"]],
    );
    assert.equal(report.failed, false);
  });

  it("reports a PR it cannot read as a failure and destroys nothing for it", async () => {
    const { report, calls } = await sweep([{ name: "preview-pr-13", lastUpdate: YESTERDAY }], {
      13: new Error("Not Found"),
    });
    assert.deepEqual(calls, listing("preview-pr-13"));
    assert.deepEqual(
      report.stacks.map((s) => [s.action, s.result, s.error]),
      [["keep", "failed", "Not Found"]],
    );
    assert.equal(report.failed, true);
  });

  it("with --dry-run lists what it would destroy and why, and runs nothing but the listing", async () => {
    const { report, calls, written } = await sweep(
      [
        { name: "preview-pr-1", lastUpdate: A_YEAR_AGO },
        { name: "preview-pr-2", lastUpdate: YESTERDAY },
        { name: "shared", lastUpdate: A_YEAR_AGO },
      ],
      { 2: "merged" },
      { dryRun: true },
    );
    assert.deepEqual(calls, listing("preview-pr-1", "preview-pr-2"));
    assert.deepEqual(written, []);
    assert.deepEqual(
      report.stacks.map((s) => [s.stack, s.action, s.result]),
      [
        ["preview-pr-1", "destroy", "planned"],
        ["preview-pr-2", "destroy", "planned"],
      ],
    );
  });

  it("honours --idle-days", async () => {
    const { report } = await sweep([{ name: "preview-pr-14", lastUpdate: YESTERDAY }], {}, { idleDays: 1 });
    assert.deepEqual(
      report.stacks.map((s) => s.result),
      ["destroyed"],
    );
  });
});
