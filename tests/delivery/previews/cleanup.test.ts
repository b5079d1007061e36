import assert from "node:assert/strict";
import { cleanup } from "../../../delivery/previews/cleanup";
import type { PullRequestsClient } from "../../../delivery/previews/pull-requests";
import { fakeBackend, type StackRow } from "./fake-pulumi";

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

const destroyCalls = (name: string) => [
  ["stack", "select", "--stack", name],
  ["destroy", "--yes", "--skip-preview", "--exec-kind", "auto.local", "--stack", name],
  ["stack", "history", "--json", "--show-secrets", "--page-size", "1", "--page", "1", "--stack", name],
  ["stack", "rm", "--yes", name],
];

async function sweep(
  stacks: StackRow[],
  states: Record<number, "open" | "closed" | "merged" | Error>,
  options: { dryRun?: boolean; idleDays?: number; failures?: Parameters<typeof fakeBackend>[1] } = {},
) {
  const pulumi = fakeBackend(stacks, options.failures);
  const github = pulls(states);
  const report = await cleanup(
    {
      workspace: await pulumi.workspace(),
      pullRequests: github.client,
      repository: { owner: "pantstack", repo: "api" },
      now: () => NOW,
    },
    { idleDays: options.idleDays ?? 7, dryRun: options.dryRun ?? false },
  );
  return { report, calls: pulumi.calls, asked: github.asked };
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
    assert.deepEqual(calls, [["stack", "ls", "--json"], ...destroyCalls("preview-pr-3")]);
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
      ["stack", "ls", "--json"],
      ...destroyCalls("preview-pr-5"),
      ...destroyCalls("preview-pr-6"),
    ]);
    assert.deepEqual(
      report.stacks.map((s) => s.reason),
      ["pull request #5 is closed", "pull request #6 is merged"],
    );
  });

  it("skips a stack whose update is running, by flag or by a missing last update", async () => {
    const { report, calls, asked } = await sweep(
      [{ name: "preview-pr-8", lastUpdate: A_YEAR_AGO, updateInProgress: true }, { name: "preview-pr-9" }],
      { 8: "closed", 9: "closed" },
    );
    assert.deepEqual(calls, [["stack", "ls", "--json"]]);
    assert.deepEqual(asked, []);
    assert.deepEqual(
      report.stacks.map((s) => [s.stack, s.result]),
      [
        ["preview-pr-8", "skipped"],
        ["preview-pr-9", "skipped"],
      ],
    );
    assert.equal(report.failed, false);
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
      ["stack", "ls", "--json"],
      ...destroyCalls("preview-pr-10").slice(0, 2),
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
    assert.deepEqual(calls, [["stack", "ls", "--json"]]);
    assert.deepEqual(
      report.stacks.map((s) => [s.action, s.result, s.error]),
      [["keep", "failed", "Not Found"]],
    );
    assert.equal(report.failed, true);
  });

  it("with --dry-run lists what it would destroy and why, and runs nothing but stack ls", async () => {
    const { report, calls } = await sweep(
      [
        { name: "preview-pr-1", lastUpdate: A_YEAR_AGO },
        { name: "preview-pr-2", lastUpdate: YESTERDAY },
        { name: "shared", lastUpdate: A_YEAR_AGO },
      ],
      { 2: "merged" },
      { dryRun: true },
    );
    assert.deepEqual(calls, [["stack", "ls", "--json"]]);
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
