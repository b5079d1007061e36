import assert from "node:assert/strict";
import type { PolicyStatement } from "../../lib/iam/policy-document";
import { type CiScope, deployPolicy, imagePushPolicy, previewPolicy } from "../../stacks/shared/permissions";

const scope: CiScope = {
  account: "123456789012",
  region: "us-east-1",
  repositoryArn: "arn:aws:ecr:us-east-1:123456789012:repository/pantstack",
};
const actions = (s: PolicyStatement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const allows = (statements: PolicyStatement[], action: string) =>
  statements.filter((s) => s.Effect === "Allow" && actions(s).includes(action));

describe("CI role permissions", () => {
  it("image push: pushes to the one repository; only the registry login is on *", () => {
    const doc = imagePushPolicy(scope);
    const [put] = allows(doc.Statement, "ecr:PutImage");
    assert.equal(put.Resource, scope.repositoryArn);
    const onStar = doc.Statement.filter((s) => s.Resource === "*");
    assert.deepEqual(onStar.flatMap(actions), ["ecr:GetAuthorizationToken"]);
  });

  it("no role allows every action on every resource", () => {
    for (const doc of [
      imagePushPolicy(scope),
      deployPolicy("test", scope),
      deployPolicy("prod", scope),
      previewPolicy(scope),
    ]) {
      for (const s of doc.Statement) {
        assert.ok(!(s.Effect === "Allow" && actions(s).includes("*")), `statement ${s.Sid} allows *`);
      }
    }
  });

  it("deploy test manages only test and preview roles and is denied anything tagged prod", () => {
    const doc = deployPolicy("test", scope);
    const [createRole] = allows(doc.Statement, "iam:CreateRole");
    assert.deepEqual(createRole.Resource, [
      "arn:aws:iam::123456789012:role/pantstack/test/*",
      "arn:aws:iam::123456789012:role/pantstack/preview/*",
    ]);
    const deny = doc.Statement.find((s) => s.Effect === "Deny");
    assert.deepEqual(deny?.Condition, {
      StringEquals: { "aws:ResourceTag/pantstack:environment": ["shared", "prod"] },
    });
  });

  it("deploy prod manages only prod roles and is denied test, preview and shared", () => {
    const doc = deployPolicy("prod", scope);
    assert.deepEqual(allows(doc.Statement, "iam:CreateRole")[0].Resource, [
      "arn:aws:iam::123456789012:role/pantstack/prod/*",
    ]);
    const deny = doc.Statement.find((s) => s.Effect === "Deny");
    assert.deepEqual(deny?.Condition?.StringEquals["aws:ResourceTag/pantstack:environment"], [
      "shared",
      "test",
      "preview",
    ]);
    const regional = doc.Statement.find((s) => actions(s).includes("ecs:*"));
    assert.deepEqual(regional?.Condition, { StringEquals: { "aws:RequestedRegion": "us-east-1" } });
  });

  it("preview creates only preview-tagged resources and can never touch IAM, test or prod", () => {
    const doc = previewPolicy(scope);
    const [create] = allows(doc.Statement, "ecs:CreateService");
    assert.deepEqual(create.Condition, {
      StringEquals: { "aws:RequestTag/pantstack:environment": "preview" },
    });
    const [update] = allows(doc.Statement, "ecs:UpdateService");
    assert.deepEqual(update.Condition, {
      StringEquals: { "aws:ResourceTag/pantstack:environment": "preview" },
    });
    assert.equal(allows(doc.Statement, "iam:CreateRole").length, 0);
    const denyIam = doc.Statement.find((s) => s.Effect === "Deny" && actions(s).includes("iam:Create*"));
    assert.ok(denyIam, "IAM changes are explicitly denied");
    const [pass] = allows(doc.Statement, "iam:PassRole");
    assert.deepEqual(pass.Resource, ["arn:aws:iam::123456789012:role/pantstack/preview/*"]);
    const [logs] = allows(doc.Statement, "logs:CreateLogGroup");
    assert.equal(logs.Resource, "arn:aws:logs:us-east-1:123456789012:log-group:/pantstack/preview/*");
    const [dns] = allows(doc.Statement, "route53:ChangeResourceRecordSets");
    assert.deepEqual(dns.Condition, {
      "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": "preview-pr-*" },
    });
    const deny = doc.Statement.find((s) => s.Sid === "NeverOtherEnvironments");
    assert.deepEqual(deny?.Condition?.StringEquals["aws:ResourceTag/pantstack:environment"], [
      "shared",
      "test",
      "prod",
    ]);
  });
});
