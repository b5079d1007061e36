import assert from "node:assert/strict";
import {
  defaultLifecycleRules,
  type LifecycleRule,
  lifecyclePolicyJson,
  previewLifecycleRules,
} from "../../lib/ecr/lifecycle";

interface EcrPolicy {
  rules: {
    rulePriority: number;
    selection: {
      tagStatus: string;
      tagPatternList?: string[];
      countType: string;
      countNumber: number;
      countUnit?: string;
    };
  }[];
}

describe("ECR lifecycle rules", () => {
  it("the pull-request repository expires pr-* images after 14 days and untagged ones after 1", () => {
    const policy = JSON.parse(lifecyclePolicyJson("rules", previewLifecycleRules())) as EcrPolicy;
    assert.deepEqual(
      policy.rules.map((r) => [
        r.rulePriority,
        r.selection.tagStatus,
        r.selection.tagPatternList,
        r.selection.countNumber,
      ]),
      [
        [1, "tagged", ["pr-*"], 14],
        [2, "untagged", undefined, 1],
      ],
    );
    assert.equal(
      JSON.parse(
        lifecyclePolicyJson(
          "rules",
          previewLifecycleRules({ pullRequestImageDays: 3, untaggedImageDays: 2 }),
        ),
      ).rules[0].selection.countNumber,
      3,
    );
  });

  it("by default expires PR images after 14 days, keeps 10 prereleases and 30 releases, expires untagged after 7", () => {
    const policy = JSON.parse(lifecyclePolicyJson("rules", defaultLifecycleRules())) as EcrPolicy;
    const summary = policy.rules.map((r) => [
      r.rulePriority,
      r.selection.tagStatus,
      r.selection.tagPatternList?.join(",") ?? "",
      r.selection.countType,
      r.selection.countNumber,
    ]);
    assert.deepEqual(summary, [
      [1, "tagged", "pr-*", "sinceImagePushed", 14],
      [2, "tagged", "*-dev.*", "imageCountMoreThan", 10],
      [3, "tagged", "v*", "imageCountMoreThan", 30],
      [4, "untagged", "", "sinceImagePushed", 7],
    ]);
    assert.equal(policy.rules[0].selection.countUnit, "days");
  });

  it("orders rules by priority whatever order they are given in", () => {
    const rules = defaultLifecycleRules().reverse();
    const policy = JSON.parse(lifecyclePolicyJson("rules", rules)) as EcrPolicy;
    assert.deepEqual(
      policy.rules.map((r) => r.rulePriority),
      [1, 2, 3, 4],
    );
  });

  const tagged = (priority: number, extra: Partial<LifecycleRule> = {}): LifecycleRule => ({
    priority,
    tagStatus: "tagged",
    tagPatterns: ["v*"],
    keepLast: 5,
    ...extra,
  });

  const cases: [string, LifecycleRule[], RegExp][] = [
    ["no rules", [], /at least one/],
    ["duplicate priorities", [tagged(1), tagged(1)], /rules\[1\]\.priority: 1 .*unique/],
    ["a zero priority", [tagged(0)], /rules\[0\]\.priority: 0 .*positive integer/],
    [
      "an 'any' rule not last",
      [{ priority: 1, tagStatus: "any", keepLast: 3 }, tagged(2)],
      /rules\[0\]\.priority: 1 .*'any' rule must be evaluated last/,
    ],
    [
      "two 'any' rules",
      [
        { priority: 1, tagStatus: "any", keepLast: 3 },
        { priority: 2, tagStatus: "any", keepLast: 3 },
      ],
      /at most one rule/,
    ],
    [
      "a tagged rule without tags",
      [tagged(1, { tagPatterns: undefined })],
      /exactly one of tagPatterns and tagPrefixes/,
    ],
    ["patterns and prefixes together", [tagged(1, { tagPrefixes: ["v"] })], /exactly one of tagPatterns/],
    [
      "an untagged rule with patterns",
      [{ priority: 1, tagStatus: "untagged", tagPatterns: ["x*"], expireAfterDays: 1 }],
      /only allowed on 'tagged' rules/,
    ],
    ["five wildcards", [tagged(1, { tagPatterns: ["*a*b*c*d*"] })], /at most 4 '\*'/],
    [
      "a wildcard in a prefix",
      [tagged(1, { tagPatterns: undefined, tagPrefixes: ["v*"] })],
      /prefixes cannot contain/,
    ],
    ["an empty pattern list", [tagged(1, { tagPatterns: [] })], /at least one entry/],
    ["a pattern with a space", [tagged(1, { tagPatterns: ["v 1"] })], /rules\[0\]\.tagPatterns: "v 1"/],
    [
      "both keepLast and expireAfterDays",
      [tagged(1, { expireAfterDays: 3 })],
      /exactly one of keepLast and expireAfterDays/,
    ],
    ["a count of zero", [tagged(1, { keepLast: 0 })], /rules\[0\]\.keepLast: 0 .*positive integer/],
  ];
  for (const [what, rules, message] of cases) {
    it(`refuses ${what}`, () => {
      assert.throws(() => lifecyclePolicyJson("rules", rules), message);
    });
  }

  it("accepts an 'any' rule evaluated last", () => {
    const json = lifecyclePolicyJson("rules", [tagged(1), { priority: 9, tagStatus: "any", keepLast: 100 }]);
    assert.equal((JSON.parse(json) as EcrPolicy).rules[1].selection.tagStatus, "any");
  });
});
