import assert from "node:assert/strict";
import type { PulumiCommand } from "@pulumi/pulumi/automation";
import { main } from "../../../delivery/rollback/cli";
import {
  decideDeploy,
  FREEZE_TAG,
  formatFreeze,
  freezeBound,
  parseFreeze,
} from "../../../delivery/rollback/freeze";
import { FakePulumi } from "../previews/fake-pulumi";

const FROZEN = "v1.2.3 from v1.2.4 at 2026-12-03T17:40:00.000Z by octocat";

/**
 * A Pulumi backend holding one stack's tags, as `pulumi stack tag ls --json` prints them (a JSON object of
 * name to value) and `stack tag rm` removes one.
 */
function backend(tags: Record<string, string>, outputs: Record<string, string> = {}) {
  return new FakePulumi((args) => {
    if (args[0] === "stack" && args[1] === "tag" && args[2] === "ls") return { stdout: JSON.stringify(tags) };
    if (args[0] === "stack" && args[1] === "tag" && args[2] === "set") {
      tags[args[3]] = args[4];
      return {};
    }
    if (args[0] === "stack" && args[1] === "output") return { stdout: JSON.stringify(outputs) };
    if (args[0] === "stack" && args[1] === "tag" && args[2] === "rm") {
      delete tags[args[3]];
      return {};
    }
    return {};
  });
}

async function run(argv: string[], fake: FakePulumi) {
  let stdout = "";
  let stderr = "";
  const code = await main(
    argv,
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
    {
      pulumiCommand: fake as unknown as PulumiCommand,
      actor: "octocat",
      now: () => new Date("2026-12-03T17:40:00.000Z"),
    },
  );
  return { code, stdout, stderr, calls: fake.calls };
}

describe("the rollback freeze", () => {
  describe("its tag value", () => {
    it("reads back what it writes, with and without the replaced version", () => {
      const freeze = { version: "v1.2.3", from: "v1.2.4", at: "2026-12-03T17:40:00.000Z", by: "octocat" };
      assert.equal(formatFreeze(freeze), FROZEN);
      assert.deepEqual(parseFreeze(FROZEN), freeze);
      const { from: _from, ...noFrom } = freeze;
      assert.deepEqual(parseFreeze(formatFreeze(noFrom)), noFrom);
    });

    it("refuses a value it did not write, naming the tag and how to remove it", () => {
      assert.throws(
        () => parseFreeze("frozen by hand"),
        /^ValidationError: pantstack:rollback-freeze: "frozen by hand" is not allowed; expected .*npm run rollback -- unfreeze/,
      );
      assert.throws(() => parseFreeze("v1.x at now by me"), /pantstack:rollback-freeze/);
    });
  });

  describe("the deploy decision", () => {
    const freeze = parseFreeze(FROZEN);

    it("a stack without a freeze deploys and lifts nothing", () => {
      assert.deepEqual(decideDeploy("prod", undefined, undefined), {
        deploy: true,
        lifts: false,
        message: "prod is not frozen",
      });
    });

    it("a release greater than both versions of the freeze deploys and lifts it", () => {
      const decision = decideDeploy("prod", freeze, "v1.2.5");
      assert.equal(decision.deploy, true);
      assert.equal(decision.lifts, true);
      assert.match(decision.message, /release v1\.2\.5 is newer than v1\.2\.4: it deploys/);
    });

    it("skips a push that released nothing, and a release not greater than the replaced version", () => {
      for (const release of [undefined, "v1.2.4", "v1.2.3", "v1.0.0"]) {
        const decision = decideDeploy("prod", freeze, release);
        assert.equal(decision.deploy, false, String(release));
        assert.equal(decision.lifts, false, String(release));
        assert.match(decision.message, /so the deploy is skipped until a release greater than v1\.2\.4/);
        assert.match(
          decision.message,
          /rolled back to v1\.2\.3 from v1\.2\.4 by octocat at 2026-12-03T17:40/,
        );
        assert.match(decision.message, /lift it by hand: npm run rollback -- unfreeze --stack prod$/);
      }
      assert.match(decideDeploy("prod", freeze, undefined).message, /this push released nothing/);
      // A re-run of the bad release's own run: v1.2.4 again must not go back on.
      assert.match(
        decideDeploy("prod", freeze, "v1.2.4").message,
        /release v1\.2\.4 is not newer than v1\.2\.4/,
      );
    });

    it("a newer release made before the freeze (queued behind the rollback) does not deploy; one made after does", () => {
      const before = decideDeploy("prod", freeze, "v1.3.0", new Date("2026-12-03T17:39:59.000Z"));
      assert.equal(before.deploy, false);
      assert.match(
        before.message,
        /release v1\.3\.0 was made at 2026-12-03T17:39:59\.000Z, before the freeze/,
      );
      assert.equal(
        decideDeploy("prod", freeze, "v1.3.0", new Date(freeze.at)).deploy,
        false,
        "the same instant",
      );
      const after = decideDeploy("prod", freeze, "v1.3.0", new Date("2026-12-03T17:45:00.000Z"));
      assert.deepEqual([after.deploy, after.lifts], [true, true]);
      // Made after the freeze but not newer: still skipped.
      assert.equal(decideDeploy("prod", freeze, "v1.2.4", new Date("2026-12-04T00:00:00Z")).deploy, false);
    });

    it("without the replaced version, the bound is the version rolled back to; prereleases compare by semver", () => {
      const bare = parseFreeze("v1.3.0-dev.2 at 2026-12-03T17:40:00.000Z by octocat");
      assert.equal(freezeBound(bare), "v1.3.0-dev.2");
      assert.equal(decideDeploy("test", bare, "v1.3.0-dev.3").deploy, true);
      assert.equal(decideDeploy("test", bare, "v1.3.0-dev.2").deploy, false);
      // Rolled "back" to a newer version: the newer one bounds the freeze.
      assert.equal(freezeBound(parseFreeze("v2.0.0 from v1.9.0 at t by me")), "v2.0.0");
    });
  });

  describe("npm run rollback -- freeze-check / unfreeze", () => {
    it("exit 0 and no finding when the stack has no freeze tag", async () => {
      const result = await run(["freeze-check", "--stack", "prod", "--json"], backend({ other: "x" }));
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(result.calls, [
        ["stack", "select", "--stack", "prod"],
        ["stack", "tag", "ls", "--json", "--stack", "prod"],
      ]);
      assert.deepEqual(JSON.parse(result.stdout), {
        stack: "prod",
        frozen: false,
        freeze: null,
        release: null,
        releasedAt: null,
        deploy: true,
        lifts: false,
        message: "prod is not frozen",
      });
    });

    it("exit 1 with one line saying who froze it and how to lift it, for a push that released nothing", async () => {
      // The workflow passes an empty --release when the push made no release.
      const result = await run(
        ["freeze-check", "--stack", "prod", "--release", ""],
        backend({ [FREEZE_TAG]: FROZEN }),
      );
      assert.equal(result.code, 1);
      assert.equal(result.stdout, "");
      assert.equal(result.stderr.trimEnd().split("\n").length, 1, result.stderr);
      assert.match(
        result.stderr,
        /^prod is frozen \(rolled back to v1\.2\.3 from v1\.2\.4 by octocat at .*\); this push released nothing, .* lift it by hand: npm run rollback -- unfreeze --stack prod\n$/,
      );
    });

    it("exit 0 for a newer release, reporting that it lifts the freeze", async () => {
      const result = await run(
        ["freeze-check", "--stack", "prod", "--release", "v1.3.0", "--json"],
        backend({ [FREEZE_TAG]: FROZEN }),
      );
      assert.equal(result.code, 0, result.stderr);
      const report = JSON.parse(result.stdout);
      assert.deepEqual([report.frozen, report.deploy, report.lifts], [true, true, true]);
      assert.deepEqual(report.freeze, parseFreeze(FROZEN));
      assert.equal(report.release, "v1.3.0");
    });

    it("--released-at dates the release: made before the freeze, it is skipped (exit 1)", async () => {
      const argv = ["freeze-check", "--stack", "prod", "--release", "v1.3.0", "--json", "--released-at"];
      const early = await run([...argv, "2026-12-03T17:00:00Z"], backend({ [FREEZE_TAG]: FROZEN }));
      assert.equal(early.code, 1);
      assert.equal(JSON.parse(early.stdout).releasedAt, "2026-12-03T17:00:00Z");
      assert.match(early.stderr, /before the freeze/);
      const late = await run([...argv, "2026-12-03T18:00:00Z"], backend({ [FREEZE_TAG]: FROZEN }));
      assert.equal(late.code, 0, late.stderr);
    });

    it("freeze sets the tag as a rollback does, with the version the stack's imageTag output names", async () => {
      const tags: Record<string, string> = {};
      const result = await run(
        ["freeze", "--stack", "prod", "--image-tag", "v1.2.3"],
        backend(tags, { imageTag: "v1.2.4", url: "https://api" }),
      );
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(tags, { [FREEZE_TAG]: FROZEN });
      assert.deepEqual(result.calls.at(-1), ["stack", "tag", "set", FREEZE_TAG, FROZEN, "--stack", "prod"]);
      assert.match(
        result.stderr,
        /^froze prod: v1\.2\.3 from v1\.2\.4 .*; lift it with npm run rollback -- unfreeze --stack prod\n$/,
      );
      const check = await run(["freeze-check", "--stack", "prod"], backend(tags));
      assert.equal(check.code, 1);
    });

    it("unfreeze removes the tag; a second unfreeze finds nothing to lift", async () => {
      const tags: Record<string, string> = { [FREEZE_TAG]: FROZEN };
      const first = await run(["unfreeze", "--stack", "prod"], backend(tags));
      assert.equal(first.code, 0, first.stderr);
      assert.deepEqual(first.calls.at(-1), ["stack", "tag", "rm", FREEZE_TAG, "--stack", "prod"]);
      assert.match(first.stderr, /^lifted the freeze on prod \(was: v1\.2\.3 from v1\.2\.4/);
      assert.deepEqual(tags, {});
      const second = await run(["unfreeze", "--stack", "prod"], backend(tags));
      assert.equal(second.code, 0);
      assert.equal(second.stderr, "prod is not frozen; nothing to lift\n");
      assert.ok(!second.calls.some((c) => c[2] === "rm"), "nothing removed");
      const after = await run(["freeze-check", "--stack", "prod"], backend(tags));
      assert.equal(after.code, 0);
    });

    const usage: [string[], RegExp][] = [
      [["freeze-check"], /^error: --stack: \(missing\) is not allowed; expected one of prod, test\n$/],
      [["freeze-check", "--stack", "preview-pr-1"], /^error: --stack: "preview-pr-1" is not allowed/],
      [
        ["freeze-check", "--stack", "prod", "--release", "1.2.3"],
        /^error: --release: "1\.2\.3" is not allowed; expected a version tag such as v1\.2\.3, or empty for none\n$/,
      ],
      [["freeze-check", "--stack", "prod", "--release", "main"], /^error: --release: "main"/],
      [["unfreeze", "--stack", "prod", "--json", "--yes"], /^error: arguments: "--yes" is not allowed/],
      [
        ["unfreeze", "--stack", "prod", "--release", "v1.0.0"],
        /^error: --release: "v1\.0\.0" is not allowed; only freeze-check takes a release/,
      ],
      [
        ["unfreeze", "--stack", "prod", "--image-tag", "v1.2.3"],
        /^error: --image-tag: "v1\.2\.3" is not allowed; only freeze takes an image tag/,
      ],
      [["freeze", "--stack", "prod"], /^error: --image-tag: \(missing\) is not allowed; give the version/],
      [
        ["freeze", "--stack", "prod", "--image-tag", "v1.3.0-dev.1"],
        /^error: --image-tag: "v1\.3\.0-dev\.1" is not allowed; prod runs release versions only/,
      ],
      [
        ["freeze-check", "--stack", "prod", "--image-tag", "v1.2.3"],
        /^error: --image-tag: "v1\.2\.3" is not allowed; only freeze takes an image tag/,
      ],
      [
        ["freeze-check", "--stack", "prod", "--release", "v1.3.0", "--released-at", "yesterday"],
        /^error: --released-at: "yesterday" is not allowed; expected an ISO 8601 time/,
      ],
      [
        ["freeze-check", "--stack", "prod", "--released-at", "2026-12-03T17:00:00Z"],
        /^error: --released-at: "2026-12-03T17:00:00Z" is not allowed; give it with the --release/,
      ],
    ];
    for (const [argv, message] of usage) {
      it(`exit 2 and one line for ${JSON.stringify(argv)}, before touching Pulumi`, async () => {
        const result = await run(argv, backend({}));
        assert.equal(result.code, 2);
        assert.match(result.stderr, message);
        assert.deepEqual(result.calls, []);
      });
    }

    it("--help prints the usage with the exit codes", async () => {
      const result = await run(["freeze-check", "--help"], backend({}));
      assert.equal(result.code, 0);
      assert.match(result.stdout, /^usage: npm run rollback -- freeze-check --stack prod\|test/);
      assert.match(result.stdout, /Exit 0: deploy .*; 1: frozen, skip the deploy;/s);
    });
  });
});
