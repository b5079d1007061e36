import assert from "node:assert/strict";
import { AUTONAME_SUFFIX_LENGTH, checkName } from "../../lib/names";

describe("physical name rules", () => {
  it("say what is allowed in words, with the right article, never as a regular expression", () => {
    const cases: [Parameters<typeof checkName>[1], string, string][] = [
      [
        "ecrRepository",
        "Team/API",
        "an ECR repository name may contain only lowercase letters and digits, with single '.', '_' or '-' " +
          "between them, in segments separated by '/' (e.g. team/api)",
      ],
      [
        "iamRole",
        "ci role",
        "an IAM role name may contain only letters, digits and the characters + = , . @ _ -",
      ],
      [
        "loadBalancer",
        "-edge",
        "a load balancer name may contain only letters, digits and hyphens, neither starting nor ending with a hyphen",
      ],
      [
        "targetGroup",
        "api-",
        "a target group name may contain only letters, digits and hyphens, neither starting nor ending with a hyphen",
      ],
    ];
    for (const [kind, name, allowed] of cases) {
      assert.throws(() => checkName("k", kind, name), {
        message: `k: ${JSON.stringify(name)} is not allowed; ${allowed}`,
      });
    }
  });

  it("count the autoname suffix against the length limit, bounds included", () => {
    assert.equal(checkName("k", "targetGroup", "a".repeat(24), AUTONAME_SUFFIX_LENGTH), "a".repeat(24));
    assert.throws(() => checkName("k", "targetGroup", "a".repeat(25), AUTONAME_SUFFIX_LENGTH), {
      message: `k: "${"a".repeat(25)}" is not allowed; a target group name has 1 to 24 characters (32 minus 8 for the autoname suffix)`,
    });
    assert.throws(() => checkName("k", "iamRole", ""), {
      message: 'k: "" is not allowed; an IAM role name has 1 to 64 characters',
    });
    assert.equal(checkName("k", "ecrRepository", "team/api-v2.x_y"), "team/api-v2.x_y");
    assert.equal(checkName("k", "iamRole", "a".repeat(64)), "a".repeat(64));
  });
});
