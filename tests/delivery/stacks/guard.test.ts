import assert from "node:assert/strict";
import type { PulumiCommand } from "@pulumi/pulumi/automation";
import { main } from "../../../delivery/stacks/cli";
import { CLOCK_MARGIN_MINUTES, decideLock } from "../../../delivery/stacks/guard";
import { FakePulumi } from "../previews/fake-pulumi";

const NOW = new Date("2026-12-03T18:00:00.000Z");
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60000).toISOString();
const URN = "urn:pulumi:prod::pantstack::pantstack:ecs:EcsApiService$aws:ecs/service:Service::api-service";

interface BackendState {
  /** The stack exists in `stack ls`. */
  exists?: boolean;
  /** An update holds the lock, started this many minutes ago (undefined: no update in the history). */
  lockedMinutesAgo?: number;
  /** Locked without an in-progress update in the history (a lock the history cannot date). */
  lockedUndated?: boolean;
  /** `deployment.pending_operations` of the checkpoint. */
  pending?: { type: string; urn: string }[];
  /** `stack export` fails with Pulumi Cloud's lock text. */
  exportConflict?: boolean;
}

/**
 * A Pulumi Cloud backend with one stack `prod`, answering as the CLI does: `stack ls --json` rows with
 * `updateInProgress`, `stack history --json` newest first (the running update has `result: "in-progress"`),
 * `stack export` as `{version, deployment}`, and `cancel` ending the running update, which unlocks the stack.
 */
function backend(state: BackendState) {
  const s = { exists: true, ...state };
  return new FakePulumi((args) => {
    const [a, b] = args;
    if (a === "stack" && b === "ls") {
      const locked = s.lockedMinutesAgo !== undefined || s.lockedUndated === true;
      const row = locked
        ? { name: "prod", current: false, updateInProgress: true }
        : { name: "prod", current: false, updateInProgress: false, lastUpdate: minutesAgo(600) };
      return { stdout: JSON.stringify(s.exists ? [row] : []) };
    }
    if (a === "stack" && b === "history") {
      const done = {
        version: 7,
        kind: "update",
        result: "succeeded",
        startTime: minutesAgo(600),
        endTime: minutesAgo(590),
      };
      const running =
        s.lockedMinutesAgo === undefined
          ? []
          : [
              {
                version: 8,
                kind: "update",
                result: "in-progress",
                startTime: minutesAgo(s.lockedMinutesAgo),
              },
            ];
      return { stdout: JSON.stringify([...running, done]) };
    }
    if (a === "stack" && b === "export") {
      if (s.exportConflict) {
        return { code: 255, stderr: "error: [409] Conflict: Another update is currently in progress.\n" };
      }
      const pending_operations = (s.pending ?? []).map((p) => ({
        resource: { urn: p.urn, type: "aws:ecs/service:Service", custom: true },
        type: p.type,
      }));
      return {
        stdout: JSON.stringify({
          version: 3,
          deployment: { manifest: {}, resources: [], pending_operations },
        }),
      };
    }
    if (a === "cancel") {
      s.lockedMinutesAgo = undefined;
      return { stdout: "The currently running update for 'prod' has been canceled!\n" };
    }
    return {};
  });
}

async function guard(argv: string[], fake: FakePulumi) {
  let stdout = "";
  let stderr = "";
  const code = await main(
    argv,
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
    { pulumiCommand: fake as unknown as PulumiCommand, now: () => NOW },
  );
  return { code, stdout, stderr, calls: fake.calls };
}

const GUARD = ["guard", "--stack", "prod", "--timeout-minutes", "45"];
const cancels = (calls: string[][]) => calls.filter((c) => c[0] === "cancel");

describe("npm run stacks -- guard", () => {
  it("passes a stack that does not exist yet (a first deploy creates it)", async () => {
    const run = await guard(GUARD, backend({ exists: false }));
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, "prod does not exist yet: nothing left behind\n");
    assert.deepEqual(run.calls, [["stack", "ls", "--json"]]);
  });

  it("passes a stack with no lock and no pending operations, reading only the list and the checkpoint", async () => {
    const run = await guard(GUARD, backend({}));
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.calls, [
      ["stack", "ls", "--json"],
      ["stack", "select", "--stack", "prod"],
      ["stack", "export", "--show-secrets", "--stack", "prod"],
    ]);
    assert.equal(run.stderr, "prod: no lock and no pending operations\n");
    assert.equal(run.stdout, "");
  });

  it("fails on a lock younger than the job timeout, with the cancel command, and cancels nothing", async () => {
    const run = await guard(GUARD, backend({ lockedMinutesAgo: 10 }));
    assert.equal(run.code, 1);
    assert.deepEqual(cancels(run.calls), []);
    assert.deepEqual(run.calls[2], [
      "stack",
      "history",
      "--json",
      "--page-size",
      "1",
      "--page",
      "1",
      "--stack",
      "prod",
    ]);
    assert.equal(
      run.stderr,
      `prod is locked by an update started ${minutesAgo(10)} (10 min ago), within the 45-minute job timeout, so its job may still be running; if it is not, clear it with: pulumi cancel --stack prod --yes\n`,
    );
  });

  it("cancels a lock older than the job timeout (its job is dead), then passes a clean checkpoint", async () => {
    const run = await guard(GUARD, backend({ lockedMinutesAgo: 50 }));
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(cancels(run.calls), [["cancel", "--yes", "--stack", "prod"]]);
    const lines = run.stderr.trimEnd().split("\n");
    assert.match(
      lines[0],
      /^prod is locked by an update started .* \(50 min ago\), longer ago than the 45-minute job timeout: the job that held it is dead; running: pulumi cancel --stack prod --yes$/,
    );
    assert.equal(lines[1], "prod: no lock and no pending operations");
    // The checkpoint is read after the cancel, not before.
    const order = run.calls.map((c) => (c[0] === "cancel" ? "cancel" : c.slice(0, 2).join(" ")));
    assert.ok(order.indexOf("cancel") < order.indexOf("stack export"), order.join(", "));
  });

  it("a lock just past the timeout but within the clock margin is not cancelled", async () => {
    const run = await guard(GUARD, backend({ lockedMinutesAgo: 45 + CLOCK_MARGIN_MINUTES / 2 }));
    assert.equal(run.code, 1);
    assert.deepEqual(cancels(run.calls), []);
  });

  it("after cancelling a stale lock, fails on the pending operations the killed update left", async () => {
    const run = await guard(
      GUARD,
      backend({ lockedMinutesAgo: 120, pending: [{ type: "updating", urn: URN }] }),
    );
    assert.equal(run.code, 1);
    assert.equal(cancels(run.calls).length, 1);
    const lines = run.stderr.trimEnd().split("\n");
    assert.match(lines[0], /running: pulumi cancel --stack prod --yes$/);
    assert.equal(lines[1], `prod has 1 pending operation(s) from an interrupted update: updating ${URN}`);
    assert.equal(lines[2], "clear them by reading the provider's state: pulumi refresh --stack prod --yes");
  });

  it("pending creates get the clear and the import commands, never the bare refresh alone", async () => {
    const run = await guard(
      GUARD,
      backend({
        pending: [
          { type: "creating", urn: URN },
          { type: "deleting", urn: `${URN}-old` },
        ],
      }),
    );
    assert.equal(run.code, 1);
    const lines = run.stderr.trimEnd().split("\n");
    assert.match(
      lines[0],
      /^prod has 2 pending operation\(s\) from an interrupted update: creating urn:.*, deleting urn:/,
    );
    assert.match(lines[1], /if none was: pulumi refresh --stack prod --yes --clear-pending-creates$/);
    assert.match(
      lines[2],
      /pulumi refresh --stack prod --yes --import-pending-creates <URN> --import-pending-creates <ID>/,
    );
    assert.deepEqual(cancels(run.calls), []);
  });

  it("never cancels a lock the history cannot date", async () => {
    const run = await guard(GUARD, backend({ lockedUndated: true }));
    assert.equal(run.code, 1);
    assert.deepEqual(cancels(run.calls), []);
    assert.equal(
      run.stderr,
      "prod is locked, and its history shows no update in progress to date it; if no job or person is updating it, clear it with: pulumi cancel --stack prod --yes\n",
    );
  });

  it("--dry-run reports the cancel it would run and runs none", async () => {
    const run = await guard([...GUARD, "--dry-run"], backend({ lockedMinutesAgo: 300 }));
    assert.equal(run.code, 1);
    assert.deepEqual(cancels(run.calls), []);
    assert.match(
      run.stderr,
      /the job that held it is dead; --dry-run: would run pulumi cancel --stack prod --yes\n$/,
    );
  });

  it("a command refused with the lock text is a lock finding, not a crash", async () => {
    const run = await guard(GUARD, backend({ exportConflict: true }));
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr,
      "prod is locked ([409] Conflict: Another update is currently in progress.); if no job or person is updating it, clear it with: pulumi cancel --stack prod --yes\n",
    );
  });

  it("decideLock: unlocked stacks need nothing, whatever the history says", () => {
    const seen = { exists: true, locked: false, pendingOperations: [] };
    assert.deepEqual(decideLock("prod", seen, NOW, 45), { action: "none" });
  });

  const usage: [string[], RegExp][] = [
    [[], /^error: command: \(missing\) is not allowed; expected one of guard\n$/],
    [["unlock", "--stack", "prod"], /^error: command: "unlock" is not allowed; expected one of guard/],
    [
      ["guard", "--timeout-minutes", "45"],
      /^error: --stack: \(missing\) is not allowed; expected a stack name/,
    ],
    [
      ["guard", "--stack", "prod"],
      /^error: --timeout-minutes: \(missing\) is not allowed; give the largest timeout-minutes/,
    ],
    [
      ["guard", "--stack", "prod", "--timeout-minutes", "0"],
      /^error: --timeout-minutes: "0" is not allowed; expected a number from 1 to 7200/,
    ],
    [["guard", "--stack", "prod", "--timeout-minutes", "soon"], /^error: --timeout-minutes: "soon"/],
    [["guard", "--stack", "prod; rm -rf /", "--timeout-minutes", "45"], /^error: --stack: "prod; rm -rf \/"/],
  ];
  for (const [argv, message] of usage) {
    it(`exit 2 and one line for ${JSON.stringify(argv)}, before calling pulumi`, async () => {
      const run = await guard(argv, backend({}));
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
      assert.equal(run.stderr.split("\n").length, 2);
      assert.deepEqual(run.calls, []);
    });
  }

  it("--help prints the usage with the exit codes", async () => {
    const run = await guard(["guard", "--help"], backend({}));
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^usage: npm run stacks -- guard --stack NAME --timeout-minutes M/);
    assert.match(run.stdout, /Exit 0: nothing left behind, or cleared; 1: a finding/);
  });
});
