import {
  EcrEncryptionType,
  EcrRepository,
  type LifecycleRuleSpec,
  TagStatus,
} from "../../provider/components/ecr-repository";
import { EcsApiService, type EcsApiServiceArgs } from "../../provider/components/ecs-api-service";
import { GithubOidcRole, type GithubSubjectSpec } from "../../provider/components/github-oidc-role";
import {
  PreviewEnvironment,
  type PreviewEnvironmentArgs,
} from "../../provider/components/preview-environment";
import { refusedBeforeRegistration } from "../harness";
import * as fixtures from "./fixtures";

// What another language can send that TypeScript's types would have refused: checked by the facade, before
// anything is registered, with the key named. (The valid paths are compared with the TypeScript classes in
// components.int.test.ts, over the provider protocol.)
describe("the component package's facade: inputs from other languages", () => {
  const serviceArgs = fixtures.service.wire as unknown as EcsApiServiceArgs;

  it("refuses a subject without the field its kind needs, or with one it does not take", async () => {
    const role = (subject: Record<string, string>) => () =>
      new GithubOidcRole("ci", {
        repository: "acme/api",
        subjects: [subject as unknown as GithubSubjectSpec],
      });
    await refusedBeforeRegistration(
      role({ kind: "tag" }),
      /ci\)\.subjects\[0\]\.pattern: \(missing\).*needs a pattern/,
    );
    await refusedBeforeRegistration(
      role({ kind: "pullRequest", name: "main" }),
      /subjects\[0\]\.name: "main" is not allowed; a pullRequest subject takes no name or pattern/,
    );
    await refusedBeforeRegistration(
      role({ kind: "push", name: "main" }),
      /subjects\[0\]\.kind: "push".*expected branch, tag, environment or pullRequest/,
    );
  });

  it("refuses an inline or task policy that is not an IAM policy document in JSON", async () => {
    await refusedBeforeRegistration(
      () =>
        new GithubOidcRole("ci", {
          repository: "acme/api",
          subjects: [{ kind: "branch", name: "main" } as GithubSubjectSpec],
          inlinePolicies: { read: "{not json" },
        }),
      /GithubOidcRole\(ci\)\.inlinePolicies\.read: "\{not json" is not allowed; expected an IAM policy document as JSON/,
    );
    await refusedBeforeRegistration(
      () => new EcsApiService("api", { ...serviceArgs, taskPolicy: JSON.stringify({ Statement: [] }) }),
      /EcsApiService\(api\)\.taskPolicy: .*"Version": "2012-10-17"/,
    );
  });

  it("refuses scaleOnCpu false together with a CPU target", async () => {
    await refusedBeforeRegistration(
      () =>
        new EcsApiService("api", {
          ...serviceArgs,
          autoscaling: {
            minCount: 1,
            maxCount: 2,
            scaleOnCpu: false,
            cpuTargetPercent: 50,
            requestsPerTarget: 10,
          },
        }),
      /EcsApiService\(api\)\.autoscaling\.cpuTargetPercent: 50 is not allowed; leave it unset when scaleOnCpu is false/,
    );
  });

  it("refuses a KMS key with AES256, an unknown encryption type and an unknown tag status", async () => {
    await refusedBeforeRegistration(
      () => new EcrRepository("r", { encryption: { type: EcrEncryptionType.AES256, kmsKeyArn: "arn:k" } }),
      /EcrRepository\(r\)\.encryption\.kmsKeyArn: "arn:k".*only used with type KMS/,
    );
    await refusedBeforeRegistration(
      () => new EcrRepository("r", { encryption: { type: "DSSE" as EcrEncryptionType } }),
      /EcrRepository\(r\)\.encryption\.type: "DSSE" is not allowed; expected AES256 or KMS/,
    );
    const rule: LifecycleRuleSpec = { priority: 1, tagStatus: "TAGGED" as TagStatus, keepLast: 3 };
    await refusedBeforeRegistration(
      () =>
        new EcrRepository("r", {
          lifecycleRules: [rule, { ...rule, priority: 2, tagStatus: TagStatus.Any }],
        }),
      /EcrRepository\(r\)\.lifecycleRules\[0\]\.tagStatus: "TAGGED" is not allowed; expected one of tagged, untagged, any/,
    );
  });

  it("refuses a deployedAt that is not an ISO 8601 UTC time", async () => {
    const args = fixtures.preview.wire as unknown as PreviewEnvironmentArgs;
    for (const deployedAt of [
      "yesterday",
      "2026-11-27",
      "2026-11-27T12:00:00+01:00",
      "2026-13-01T00:00:00Z",
    ]) {
      await refusedBeforeRegistration(
        () => new PreviewEnvironment("p", { ...args, deployedAt }),
        /PreviewEnvironment\(p\)\.deployedAt: .* expected an ISO 8601 UTC time/,
      );
    }
  });
});
