import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { PolicyDocument } from "../../lib/iam/policy-document";
import { checkAgainstIamData } from "../support/iam-evaluation";
import { doc, loadPlanned, type Planned } from "./permissions-fixture";

/**
 * The documents the `shared` stack plans, checked against AWS's published IAM data. Their evaluation:
 * permissions-escalation.test.ts, permissions-scope.test.ts and (every provider call of every stack)
 * permissions.int.test.ts.
 */

const ROOT = join(__dirname, "../..");

describe("CI role documents (the planned shared stack)", () => {
  let p: Planned;
  before(async () => {
    p = await loadPlanned();
  });

  it("every action, condition key and ARN in every planned document exists in AWS's IAM data", async () => {
    const documents = p.plans.shared.resources.flatMap((r): [string, PolicyDocument][] => {
      if (r.type === "aws:iam/rolePolicy:RolePolicy" || r.type === "aws:iam/policy:Policy") {
        return [[r.name, doc(r.inputs.policy)]];
      }
      return [];
    });
    assert.equal(documents.length, 16, "six role policies, seven managed CI policies and three boundaries");
    const problems = (await Promise.all(documents.map(([name, d]) => checkAgainstIamData(name, d)))).flat();
    assert.deepEqual(problems, []);
    // The check itself finds what is wrong.
    const broken: PolicyDocument = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["ecs:CreateServise", "logs:Nothing*"],
          Resource: "arn:aws:ecs:us-east-1:123456789012:cluster/x",
          Condition: { StringEquals: { "ecs:clusterr": "x" } },
        },
        {
          Effect: "Allow",
          Action: "ecs:CreateService",
          Resource: "arn:aws:logs:us-east-1:123456789012:log-group:x",
        },
        {
          Effect: "Allow",
          Action: "ecs:UpdateService",
          Resource: "arn:aws:ecs:us-east-1:123456789012:cluster/x",
        },
      ],
    };
    assert.deepEqual(await checkAgainstIamData("broken", broken), [
      "broken #0: no action ecs:CreateServise in IAM",
      "broken #0: no action logs:Nothing* in IAM",
      "broken #0: no condition key ecs:clusterr in IAM",
      "broken #0: arn:aws:ecs:us-east-1:123456789012:cluster/x fits no resource type of ecs:CreateServise,logs:Nothing*",
      "broken #1: arn:aws:logs:us-east-1:123456789012:log-group:x fits no resource type of ecs:CreateService",
      "broken #2: arn:aws:ecs:us-east-1:123456789012:cluster/x fits no resource type of ecs:UpdateService",
    ]);
  });

  it("keeps the AGPL-3.0 simulator out of the published package", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as Record<
      string,
      Record<string, string>
    >;
    assert.ok(pkg.devDependencies["@cloud-copilot/iam-simulate"], "a dev dependency");
    assert.equal(pkg.dependencies?.["@cloud-copilot/iam-simulate"], undefined);
    assert.equal(pkg.peerDependencies?.["@cloud-copilot/iam-simulate"], undefined);
    const shipped = readdirSync(join(ROOT, "lib"), { recursive: true, encoding: "utf8" }).filter((f) =>
      f.endsWith(".ts"),
    );
    assert.ok(shipped.length > 10);
    for (const file of shipped) {
      assert.doesNotMatch(readFileSync(join(ROOT, "lib", file), "utf8"), /@cloud-copilot/, file);
    }
  });

  it("grants ELB tagging of target groups and rules only on preview resources or when they are created", () => {
    // AWS's IAM data lists these calls on the Classic type only, so they are checked by their statements.
    const policy = p.roles.preview.identity[0];
    const granting = policy.Statement.filter(
      (st) => st.Effect === "Allow" && [st.Action].flat().includes("elasticloadbalancing:AddTags"),
    );
    assert.deepEqual(
      granting.map((st) => st.Condition),
      [
        {
          StringEquals: {
            "aws:RequestTag/pantstack:environment": "preview",
            "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateRule"],
          },
        },
        { StringEquals: { "aws:ResourceTag/pantstack:environment": "preview" } },
      ],
    );
  });
});
