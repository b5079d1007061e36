import assert from "node:assert/strict";
import { diffPlans, diffStack } from "../../plan/diff";
import type { BasePlan, SafetyOptions } from "../../plan/plan-json";
import { maskSecrets } from "../../plan/secrets";
import { fargateService, resource } from "./fixtures";

const KEEP: SafetyOptions = {
  protect: true,
  retainOnDelete: true,
  deleteBeforeReplace: false,
  ignoreChanges: [],
};
const PLAIN: SafetyOptions = { ...KEEP, protect: false, retainOnDelete: false };
const REPO = "aws:ecr/repository:Repository";
const secret = (value: string) => ({
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  value,
});

describe("the diff against a base plan", () => {
  it("lists added, removed and changed resources by URN, with the changed input keys", () => {
    const base = [
      { ...resource(REPO, "images", { name: "api", scanOnPush: true }), options: KEEP },
      { ...resource("aws:iam/role:Role", "old-role", { path: "/a/" }), options: PLAIN },
    ];
    const head = [
      { ...resource(REPO, "images", { name: "api", scanOnPush: false }), options: KEEP },
      { ...resource("aws:iam/role:Role", "new-role", { path: "/a/" }), options: PLAIN },
    ];
    const diff = diffStack("unit", base, head);
    assert.deepEqual(diff.added, [{ urn: head[1].urn, type: "aws:iam/role:Role" }]);
    assert.deepEqual(diff.removed, [{ urn: base[1].urn, type: "aws:iam/role:Role" }]);
    assert.deepEqual(diff.changed, [
      { urn: head[0].urn, type: REPO, keys: ["scanOnPush"], details: ["scanOnPush: true → false"] },
    ]);
    assert.deepEqual(diff.warnings, []);
  });

  it("matches a resource whose alias is a base URN: moved, not deleted and added", () => {
    const before = resource("aws:iam/role:Role", "old-role", { path: "/a/" });
    const moved = { ...resource("aws:iam/role:Role", "new-role", { path: "/b/" }), aliases: [before.urn] };
    const diff = diffStack("unit", [{ ...before, options: PLAIN }], [{ ...moved, options: PLAIN }]);
    assert.deepEqual([diff.added, diff.removed], [[], []]);
    assert.deepEqual(
      diff.changed.map((c) => [c.urn, c.keys]),
      [[moved.urn, ["path"]]],
    );
  });

  it("shows a changed secret masked, never its value", () => {
    const base = [
      resource("aws:ssm/parameter:Parameter", "p", {
        value: maskSecrets(secret("hunter2")),
        tier: "Standard",
      }),
    ];
    const head = [
      resource("aws:ssm/parameter:Parameter", "p", {
        value: maskSecrets(secret("hunter3")),
        tier: "Standard",
      }),
    ];
    const diff = diffStack("unit", base, head);
    assert.deepEqual(diff.changed[0].keys, ["value"]);
    assert.deepEqual(diff.changed[0].details, ["value: [secret] → [secret]"]);
    assert.doesNotMatch(JSON.stringify(diff), /hunter/);
    assert.deepEqual(diffStack("unit", base, base).changed, [], "the same secret is no change");
  });

  it("ignores inputs that differ only by the clock (a preview's expiry tag)", () => {
    const tagged = (expires: string) => [
      resource("aws:cloudwatch/logGroup:LogGroup", "logs", {
        retentionInDays: 3,
        tags: { "pantstack:pr": "1", "pantstack:expires-at": expires },
      }),
    ];
    const diff = diffStack("preview-pr-1", tagged("2026-01-01T00:00:00Z"), tagged("2026-01-08T10:00:00Z"));
    assert.deepEqual(diff.changed, []);
    const retagged = tagged("2026-01-08T10:00:00Z");
    (retagged[0].inputs.tags as Record<string, string>)["pantstack:pr"] = "2";
    assert.deepEqual(diffStack("preview-pr-1", tagged("x"), retagged).changed[0].keys, ["tags"]);
  });

  it("gives the monthly cost delta, up and down, at minimum and maximum", () => {
    const one = fargateService({ cpu: 256, memory: 512, count: 1 });
    const three = fargateService({ cpu: 256, memory: 512, count: 3 });
    const up = diffStack("unit", one, three);
    assert.equal(up.cost.baseMonthlyUsd, 9.01);
    assert.equal(up.cost.monthlyUsdDelta, 18.02);
    assert.equal(up.cost.monthlyUsdMaxDelta, 18.02);
    assert.equal(diffStack("unit", three, one).cost.monthlyUsdDelta, -18.02);
  });

  it("warns when a resource loses protect or retainOnDelete, or a protected one is removed", () => {
    const kept = { ...resource(REPO, "images", { name: "api" }), options: KEEP };
    const loose = { ...kept, options: PLAIN };
    const diff = diffStack("unit", [kept], [loose]);
    assert.deepEqual(
      diff.warnings.map((w) => w.message.split(":")[0]),
      ["loses protect", "loses retainOnDelete"],
    );
    const gone = diffStack("unit", [kept], []);
    assert.match(gone.warnings.map((w) => w.message).join("\n"), /a protected resource is removed/);
    assert.match(gone.warnings.map((w) => w.message).join("\n"), /retained on delete: it stays in AWS/);
  });

  it("warns when an input that forces replacement of a stateful resource changes", () => {
    const before = [resource("aws:cloudwatch/logGroup:LogGroup", "logs", { name: "/a", retentionInDays: 3 })];
    const after = [resource("aws:cloudwatch/logGroup:LogGroup", "logs", { name: "/b", retentionInDays: 3 })];
    const [warning] = diffStack("unit", before, after).warnings;
    assert.match(
      warning.message,
      /changing name replaces this LogGroup: it loses the logs kept so far \(https:\/\/www\.pulumi\.com\//,
    );
    const retention = [
      resource("aws:cloudwatch/logGroup:LogGroup", "logs", { name: "/a", retentionInDays: 7 }),
    ];
    assert.deepEqual(diffStack("unit", before, retention).warnings, [], "retention is changed in place");
  });

  it("treats a stack the base plan lacks as all added", () => {
    const base: BasePlan = { stacks: [] };
    const head = [{ ...resource(REPO, "images", {}), parent: null, aliases: [], outputs: {}, options: KEEP }];
    const [diff] = diffPlans(base, [
      {
        stack: "unit",
        resources: head,
        outputs: {},
        policy: { violations: [] },
        cost: { monthlyUsd: 0, monthlyUsdMax: 0, lines: [], services: [] },
      },
    ]);
    assert.equal(diff.inBase, false);
    assert.equal(diff.added.length, 1);
  });
});
