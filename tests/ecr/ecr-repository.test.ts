import assert from "node:assert/strict";
import { EcrRepository } from "../../lib/ecr/ecr-repository";
import { json, ofType, one, refusedBeforeRegistration, run } from "../harness";

describe("EcrRepository", () => {
  it("creates an immutable, scanned, AES256-encrypted repository that is protected and retained", async () => {
    const result = await run(() => {
      new EcrRepository("api", {});
    });
    const repo = one(result, "aws:ecr/repository:Repository");
    assert.equal(repo.inputs.name, "api");
    assert.equal(repo.inputs.imageTagMutability, "IMMUTABLE");
    assert.deepEqual(repo.inputs.imageScanningConfiguration, { scanOnPush: true });
    assert.deepEqual(repo.inputs.encryptionConfigurations, [{ encryptionType: "AES256" }]);
    assert.equal(repo.inputs.forceDelete, false);
    assert.equal(repo.options.protect, true);
    assert.equal(repo.options.retainOnDelete, true);
    assert.equal(repo.parent, one(result, "pantstack:ecr:EcrRepository").urn);
    assert.equal(
      ofType(result, "aws:ecr/repositoryPolicy:RepositoryPolicy").length,
      0,
      "no grants, no policy",
    );
  });

  it("attaches the lifecycle policy to the repository", async () => {
    const result = await run(() => {
      new EcrRepository("api", { keepReleaseImages: 5 });
    });
    const lifecycle = one(result, "aws:ecr/lifecyclePolicy:LifecyclePolicy");
    assert.equal(lifecycle.inputs.repository, "api");
    const rules = json<{ rules: { selection: { tagPatternList?: string[]; countNumber: number } }[] }>(
      lifecycle.inputs.policy,
    ).rules;
    assert.equal(rules.find((r) => r.selection.tagPatternList?.[0] === "v*")?.selection.countNumber, 5);
  });

  it("uses a KMS key when asked", async () => {
    const result = await run(() => {
      new EcrRepository("api", {
        encryption: { type: "KMS", kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k" },
      });
    });
    assert.deepEqual(one(result, "aws:ecr/repository:Repository").inputs.encryptionConfigurations, [
      { encryptionType: "KMS", kmsKey: "arn:aws:kms:us-east-1:123456789012:key/k" },
    ]);
  });

  it("is force-deleted and unprotected when ephemeral", async () => {
    const result = await run(() => {
      new EcrRepository("scratch", { ephemeral: true });
    });
    const repo = one(result, "aws:ecr/repository:Repository");
    assert.equal(repo.inputs.forceDelete, true);
    assert.equal(repo.options.protect, false);
    assert.equal(repo.options.retainOnDelete, false);
  });

  it("grants push and pull to the named roles only", async () => {
    const push = "arn:aws:iam::123456789012:role/push";
    const pull = "arn:aws:iam::123456789012:role/pull";
    const result = await run(() => {
      new EcrRepository("api", { pushRoleArns: [push], pullRoleArns: [pull] });
    });
    const policy = json<{ Statement: { Principal: { AWS: string[] }; Action: string[] }[] }>(
      one(result, "aws:ecr/repositoryPolicy:RepositoryPolicy").inputs.policy,
    );
    const [pushStatement, pullStatement] = policy.Statement;
    assert.deepEqual(pushStatement.Principal.AWS, [push]);
    assert.ok(pushStatement.Action.includes("ecr:PutImage"));
    assert.deepEqual(pullStatement.Principal.AWS, [pull]);
    assert.ok(!pullStatement.Action.includes("ecr:PutImage"), "pull must not include push actions");
  });

  it("builds image URIs and refuses tags Docker would refuse", async () => {
    let uri: unknown;
    await run(() => {
      const repo = new EcrRepository("api", {});
      repo.imageUri("v1.2.3").apply((u) => {
        uri = u;
      });
      assert.throws(() => repo.imageUri("bad tag"), /imageUri\(tag\): "bad tag"/);
      assert.throws(() => repo.imageUri(".hidden"), /not starting with '\.'/);
    });
    assert.equal(uri, "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:v1.2.3");
  });

  it("fails before registering anything when an argument is invalid", async () => {
    const cases: [ConstructorParameters<typeof EcrRepository>[1], RegExp][] = [
      [{ repositoryName: "Upper" }, /EcrRepository\(api\)\.repositoryName: "Upper"/],
      [{ keepReleaseImages: 0 }, /keepReleaseImages: 0 is not allowed; expected a positive integer/],
      [{ lifecycleRules: [] }, /lifecycleRules/],
    ];
    for (const [args, message] of cases) {
      await refusedBeforeRegistration(() => new EcrRepository("api", args), message);
    }
  });
});
