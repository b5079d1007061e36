import type { Principal } from "../support/iam-evaluation";
import { ACCOUNT, EvaluationTable, loadPlanned, type Planned, REGION } from "./permissions-fixture";

/**
 * What a task or execution role of each environment can do at most, whatever its own policy says: an
 * allow-all role under each planned boundary, evaluated by iam-simulate. Everything a task needs to start
 * (registry login, the three pull calls, its log streams, its secrets in SSM and Secrets Manager) of its own
 * environment, nothing of another's.
 */

type Env = "test" | "prod" | "preview";
const ENVS: Env[] = ["test", "prod", "preview"];

describe("permissions boundaries: what a task of each environment can start with (iam-simulate)", () => {
  let p: Planned;
  const table = new EvaluationTable(() => p);
  before(async () => {
    p = await loadPlanned();
  });
  after(() => table.checked("boundary table"));
  const underBoundary = (env: Env): Principal => ({
    arn: `arn:aws:iam::${ACCOUNT}:role/pantstack/${env}/api-execution`,
    identity: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }],
    boundary: p.boundaries[env],
  });
  const repositoryOf = (env: Env) =>
    `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${env === "preview" ? "pantstack-preview" : "pantstack"}`;
  const logStream = (env: Env) =>
    env === "preview"
      ? `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/pantstack/preview/pr-3/api:log-stream:ecs/api/1`
      : `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/pantstack/${env}/api:log-stream:ecs/api/1`;
  const parameter = (env: Env) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/pantstack/${env}/db-url`;
  const secret = (env: Env) =>
    `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:pantstack/${env}/db-AbCdEf`;

  it("a task starts with its own environment's image, logs and secrets", async () => {
    const rows: Promise<string | undefined>[] = [];
    for (const env of ENVS) {
      const task = underBoundary(env);
      const own: [string, string][] = [
        ["ecr:GetAuthorizationToken", "*"],
        ["ecr:BatchCheckLayerAvailability", repositoryOf(env)],
        ["ecr:BatchGetImage", repositoryOf(env)],
        ["ecr:GetDownloadUrlForLayer", repositoryOf(env)],
        ["logs:CreateLogStream", logStream(env)],
        ["logs:PutLogEvents", logStream(env)],
        ["ssm:GetParameters", parameter(env)],
        ["secretsmanager:GetSecretValue", secret(env)],
      ];
      for (const [action, resource] of own) {
        rows.push(table.expect(task, { action, resource, context: {} }, "Allowed"));
      }
    }
    await table.all(rows);
  });

  it("and with nothing of another environment's, nor anything else", async () => {
    const rows: Promise<string | undefined>[] = [];
    for (const env of ENVS) {
      const task = underBoundary(env);
      for (const other of ENVS.filter((o) => o !== env)) {
        const foreign: [string, string][] = [
          ["logs:PutLogEvents", logStream(other)],
          ["ssm:GetParameters", parameter(other)],
          ["secretsmanager:GetSecretValue", secret(other)],
        ];
        if (repositoryOf(other) !== repositoryOf(env)) {
          foreign.push(["ecr:GetDownloadUrlForLayer", repositoryOf(other)]);
        }
        for (const [action, resource] of foreign) {
          rows.push(table.expect(task, { action, resource, context: {} }, "Denied"));
        }
      }
      for (const [action, resource] of [
        ["ecr:PutImage", repositoryOf(env)],
        ["logs:DeleteLogGroup", `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/pantstack/${env}/api`],
        ["ssm:PutParameter", parameter(env)],
        ["s3:GetObject", "arn:aws:s3:::any-bucket/key"],
      ]) {
        rows.push(table.expect(task, { action, resource, context: {} }, "Denied"));
      }
    }
    await table.all(rows);
  });
});
