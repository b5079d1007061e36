import assert from "node:assert/strict";
import { EcrRepository } from "../../lib/ecr/ecr-repository";
import { defaultLifecycleRules, type LifecycleRule, lifecyclePolicyJson } from "../../lib/ecr/lifecycle";
import { one, run } from "../harness";

const refusal = (rules: LifecycleRule[]) => {
  try {
    lifecyclePolicyJson("k", rules);
  } catch (err) {
    return (err as Error).message;
  }
  return "accepted";
};
const tagged = (extra: Partial<LifecycleRule>): LifecycleRule => ({
  priority: 1,
  tagStatus: "tagged",
  keepLast: 1,
  ...extra,
});

describe("ECR lifecycle policy, exactly", () => {
  it("renders the default rules as ECR's JSON, descriptions and actions included", () => {
    assert.deepEqual(JSON.parse(lifecyclePolicyJson("k", defaultLifecycleRules())), {
      rules: [
        {
          rulePriority: 1,
          description: "Expire pull-request images after 14 days",
          selection: {
            tagStatus: "tagged",
            tagPatternList: ["pr-*"],
            countType: "sinceImagePushed",
            countUnit: "days",
            countNumber: 14,
          },
          action: { type: "expire" },
        },
        {
          rulePriority: 2,
          description: "Keep the last 10 prerelease images",
          selection: {
            tagStatus: "tagged",
            tagPatternList: ["*-dev.*"],
            countType: "imageCountMoreThan",
            countNumber: 10,
          },
          action: { type: "expire" },
        },
        {
          rulePriority: 3,
          description: "Keep the last 30 release images",
          selection: {
            tagStatus: "tagged",
            tagPatternList: ["v*"],
            countType: "imageCountMoreThan",
            countNumber: 30,
          },
          action: { type: "expire" },
        },
        {
          rulePriority: 4,
          description: "Expire untagged images after 7 days",
          selection: {
            tagStatus: "untagged",
            countType: "sinceImagePushed",
            countUnit: "days",
            countNumber: 7,
          },
          action: { type: "expire" },
        },
      ],
    });
  });

  it("renders prefixes, and no description when none is given", () => {
    assert.deepEqual(JSON.parse(lifecyclePolicyJson("k", [tagged({ tagPrefixes: ["release"] })])).rules[0], {
      rulePriority: 1,
      selection: {
        tagStatus: "tagged",
        tagPrefixList: ["release"],
        countType: "imageCountMoreThan",
        countNumber: 1,
      },
      action: { type: "expire" },
    });
  });

  it("names the field at fault in each refusal", () => {
    assert.equal(
      refusal([tagged({ tagPrefixes: [] })]),
      "k[0].tagPrefixes: [] is not allowed; give at least one entry",
    );
    assert.equal(
      refusal([tagged({ tagPrefixes: ["bad tag"] })]),
      `k[0].tagPrefixes: "bad tag" is not allowed; entries are 1 to 128 characters of letters, digits, '_', '.', '-' (and '*' in patterns)`,
    );
    assert.equal(
      refusal([tagged({ tagPrefixes: ["v*"] })]),
      `k[0].tagPrefixes: "v*" is not allowed; prefixes cannot contain '*'; use tagPatterns`,
    );
    assert.equal(refusal([tagged({ tagPrefixes: ["v"] })]), "accepted");
    assert.equal(refusal([tagged({ tagPatterns: ["a*b*c*d*e"] })]), "accepted", "four '*' are allowed");
    assert.equal(
      refusal([tagged({ tagPatterns: ["a*b*c*d*e*"] })]),
      `k[0].tagPatterns: "a*b*c*d*e*" is not allowed; at most 4 '*' per pattern`,
    );
    assert.equal(
      refusal([tagged({ tagPatterns: ["v*"], keepLast: 0 })]),
      "k[0].keepLast: 0 is not allowed; expected a positive integer",
    );
    assert.equal(refusal([tagged({ tagPatterns: ["v*"], keepLast: 1 })]), "accepted");
    assert.equal(
      refusal([tagged({ tagPatterns: ["v*"], keepLast: undefined, expireAfterDays: 0 })]),
      "k[0].expireAfterDays: 0 is not allowed; expected a positive integer",
    );
    assert.equal(
      refusal([{ priority: 1, tagStatus: "untagged", tagPatterns: ["v*"], keepLast: 1 }]),
      `k[0].tagStatus: "untagged" is not allowed; tag patterns and prefixes are only allowed on 'tagged' rules`,
    );
  });
});

describe("EcrRepository's arguments, exactly", () => {
  it("accepts 1 as the smallest retention and refuses 0, naming the argument", async () => {
    const result = await run(() => new EcrRepository("api", { keepReleaseImages: 1, ephemeral: true }));
    const policy = JSON.parse(String(one(result, "aws:ecr/lifecyclePolicy:LifecyclePolicy").inputs.policy));
    assert.equal(policy.rules[2].selection.countNumber, 1);
    assert.throws(() => new EcrRepository("api", { untaggedImageDays: 0 }), {
      message: "EcrRepository(api).untaggedImageDays: 0 is not allowed; expected a positive integer",
    });
  });

  it("encrypts with AES256 by default", async () => {
    const result = await run(() => new EcrRepository("api", { ephemeral: true }));
    assert.deepEqual(one(result, "aws:ecr/repository:Repository").inputs.encryptionConfigurations, [
      { encryptionType: "AES256" },
    ]);
  });
});
