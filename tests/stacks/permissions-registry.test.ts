import { ACCOUNT, EvaluationTable, loadPlanned, type Planned, REGION } from "./permissions-fixture";

/**
 * Registry login and pushes by each CI role's own policy (iam-simulate, no repository policy): the login
 * token has no repository, so only an identity policy can grant it, and a push must not hang on the
 * repository policy alone.
 */

describe("CI roles: registry login and pushes by their own policies (iam-simulate)", () => {
  let p: Planned;
  const table = new EvaluationTable(() => p);
  before(async () => {
    p = await loadPlanned();
  });
  after(() => table.checked("registry table"));
  const repo = (name: string) => `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${name}`;
  const push = [
    "ecr:BatchCheckLayerAvailability",
    "ecr:BatchGetImage",
    "ecr:GetDownloadUrlForLayer",
    "ecr:InitiateLayerUpload",
    "ecr:UploadLayerPart",
    "ecr:CompleteLayerUpload",
    "ecr:PutImage",
    "ecr:DescribeImages",
  ];
  const call = (action: string, resource: string) => ({
    action,
    resource,
    context: { "aws:RequestedRegion": REGION },
  });

  it("image-push and the preview role log in and push to their repository, and only there", async () => {
    const rows: Promise<string | undefined>[] = [];
    for (const [role, own, other] of [
      ["image-push", "pantstack", "pantstack-preview"],
      ["preview", "pantstack-preview", "pantstack"],
    ] as const) {
      rows.push(table.expect(role, call("ecr:GetAuthorizationToken", "*"), "Allowed"));
      for (const action of push) {
        rows.push(table.expect(role, call(action, repo(own)), "Allowed"));
        rows.push(table.expect(role, call(action, repo(other)), "Denied"));
      }
      rows.push(table.expect(role, call("ecr:BatchDeleteImage", repo(own)), "Denied"));
      rows.push(table.expect(role, call("ecr:DeleteRepository", repo(own)), "Denied"));
    }
    // Deploy roles read release images; they log in for nothing and push nowhere.
    for (const role of ["deploy-test", "deploy-prod"] as const) {
      rows.push(table.expect(role, call("ecr:DescribeImages", repo("pantstack")), "Allowed"));
      rows.push(table.expect(role, call("ecr:DescribeRepositories", repo("pantstack")), "Allowed"));
      rows.push(table.expect(role, call("ecr:DescribeImages", repo("pantstack-preview")), "Denied"));
      rows.push(table.expect(role, call("ecr:PutImage", repo("pantstack")), "Denied"));
    }
    await table.all(rows);
  });
});
