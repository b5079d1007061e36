import assert from "node:assert/strict";
import type { RecordedResource } from "../../engine/recording-monitor";
import type { PolicyDocument } from "../../lib/iam/policy-document";
import type { StackPlan } from "../../plan/plan";
import { type CiScope, deployPolicies, previewPolicies } from "../../stacks/shared/permissions";
import type { Principal } from "../support/iam-evaluation";
import { plannedStacks } from "../support/planned";
import { type Example, loadExample } from "./permissions-example";
import {
  ACCOUNT,
  doc,
  EvaluationTable,
  find,
  identityOf,
  REGION,
  type RoleName,
} from "./permissions-fixture";
import { type ProviderCall, providerCalls, resourceTags } from "./provider-calls";
import { SERVICE_RESOURCE_TYPES } from "./provider-calls-services";

/**
 * The CI roles against the catalog's backends, workers and jobs: the example catalog (web `api` and `web`,
 * backend `auth`, worker `events`, job `nightly`) planned for `shared`, `test`, `prod` and a preview of every
 * kind, and every call the AWS provider makes for its queues, schedules, Cloud Map namespace, Service Connect
 * services, scheduler roles and web host records, evaluated by iam-simulate with the documents `shared` plans
 * for that catalog. Every call of those stacks, for every role: permissions-services.int.test.ts.
 */

const TAG = "pantstack:environment";
type Env = "test" | "prod";
const ENVS: Env[] = ["test", "prod"];
const DEPLOY: Record<Env, RoleName> = { test: "deploy-test", prod: "deploy-prod" };
const other = (env: Env): Env => (env === "test" ? "prod" : "test");
/** Reads a deploy makes along the way (waiting for a queue, listing a role's policies before deleting it). */
const READS = /:(Get|List|Describe)/;
const ALLOW_ALL: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
};

/** The resources this file is about: the new types, services that use Service Connect, scheduler roles, web hosts. */
function isServiceResource(r: RecordedResource): boolean {
  if ((SERVICE_RESOURCE_TYPES as readonly string[]).includes(r.type)) return true;
  if (r.type === "aws:ecs/service:Service") return r.inputs.serviceConnectConfiguration !== undefined;
  if (r.type === "aws:iam/role:Role" || r.type === "aws:iam/rolePolicy:RolePolicy") {
    return /-scheduler$/.test(r.name);
  }
  return r.type === "aws:route53/record:Record" || r.type === "aws:acm/certificate:Certificate";
}

describe("CI roles: queues, schedules, namespaces and Service Connect of the catalog (iam-simulate)", function () {
  this.timeout(60_000);
  let x: Example;
  const table = new EvaluationTable(() => {
    throw new Error("this table is given principals, not role names");
  });
  const as = (role: RoleName) => x.roles[role];
  const calls = (env: Env): ProviderCall[] =>
    x.plans[env].resources.filter(isServiceResource).flatMap((r) => providerCalls(r, x.world));
  // Changes are what another environment's role must never make. Cloud Map's UntagResource has no
  // resource-level permission and the request names no environment: any deploy role may remove a tag other
  // than the environment's from any namespace (docs/iam.md, "What AWS does not let us narrow").
  const changes = (env: Env) =>
    calls(env).filter(
      (c) => c.phase !== "read" && !READS.test(c.action) && c.action !== "servicediscovery:UntagResource",
    );
  const call = (action: string, resource: string, context: ProviderCall["context"] = {}) => ({
    action,
    resource,
    context: { "aws:RequestedRegion": /^iam:/.test(action) ? "us-east-1" : REGION, ...context },
  });

  const boundaryOf = (env: Env | "preview") =>
    doc(find(x.plans.shared, "aws:iam/policy:Policy", `${env}-boundary`).inputs.policy);

  before(async () => {
    x = await loadExample();
  });
  after(() => table.checked("services table"));

  it("plans each new resource type in test and prod, with calls for every phase", () => {
    for (const env of ENVS) {
      assert.deepEqual(x.plans[env].policy.violations, [], `${env} passes the policies`);
      const byType = (type: string) => calls(env).filter((c) => c.of.startsWith(`${type} `));
      for (const type of SERVICE_RESOURCE_TYPES) {
        const phases = new Set(byType(type).map((c) => c.phase));
        assert.deepEqual([...phases].sort(), ["create", "delete", "read", "update"], `${env} ${type}`);
      }
      const connected = byType("aws:ecs/service:Service").filter((c) => c.context["ecs:namespace"]);
      assert.ok(connected.length > 0, `${env}: services with a Service Connect namespace`);
      assert.ok(
        calls(env).some(
          (c) =>
            c.action === "iam:PassRole" && c.context["iam:PassedToService"] === "scheduler.amazonaws.com",
        ),
        `${env}: a schedule passes its role to Scheduler`,
      );
    }
  });

  it("each deploy role makes every call of its own stack's new resources: create, redeploy, refresh, destroy", async () => {
    await table.all(
      ENVS.flatMap((env) => calls(env).map((c) => table.expect(as(DEPLOY[env]), c, "Allowed"))),
    );
  });

  it("and changes none of the other environment's; the preview role changes none of either", async () => {
    await table.all(
      ENVS.flatMap((env) => [
        ...changes(env).map((c) => table.expect(as(DEPLOY[other(env)]), c, "Denied")),
        ...changes(env).map((c) => table.expect(as("preview"), c, "Denied")),
      ]),
    );
  });

  it("passes a scheduler role only to EventBridge Scheduler, and only its own environment's", async () => {
    const rows: Promise<string | undefined>[] = [];
    for (const env of ENVS) {
      const scheduler = find(x.plans[env], "aws:iam/role:Role", "nightly-scheduler");
      const task = find(x.plans[env], "aws:iam/role:Role", "nightly-task");
      const pass = (role: RecordedResource, service: string) =>
        call("iam:PassRole", String(role.outputs.arn), {
          "iam:PassedToService": service,
          ...resourceTags(role.inputs.tags as Record<string, string>),
        });
      const own = as(DEPLOY[env]);
      rows.push(table.expect(own, pass(scheduler, "scheduler.amazonaws.com"), "Allowed"));
      for (const service of ["lambda.amazonaws.com", "ecs.amazonaws.com", "events.amazonaws.com"]) {
        rows.push(table.expect(own, pass(scheduler, service), "Denied"));
      }
      // A task role is not a scheduler role: Scheduler never gets it.
      rows.push(table.expect(own, pass(task, "scheduler.amazonaws.com"), "Denied"));
      rows.push(table.expect(as(DEPLOY[other(env)]), pass(scheduler, "scheduler.amazonaws.com"), "Denied"));
      rows.push(table.expect(as("preview"), pass(scheduler, "scheduler.amazonaws.com"), "Denied"));
      rows.push(table.expect(as("image-push"), pass(scheduler, "scheduler.amazonaws.com"), "Denied"));
    }
    await table.all(rows);
  });

  it("manages schedule groups and the schedules in them only under its own environment's prefix", async () => {
    // The example's job uses the default group; a job in a group of its own lives in `pantstack-<env>-*`.
    const scheduler = `arn:aws:scheduler:${REGION}:${ACCOUNT}`;
    const rows: Promise<string | undefined>[] = [];
    for (const env of ENVS) {
      const mine = `pantstack-${env}-jobs`;
      const theirs = `pantstack-${other(env)}-jobs`;
      const tags = { "aws:RequestTag/pantstack:environment": env, "aws:TagKeys": ["pantstack:environment"] };
      for (const [action, group, context] of [
        ["scheduler:CreateScheduleGroup", mine, tags],
        ["scheduler:TagResource", mine, tags],
        ["scheduler:DeleteScheduleGroup", mine, {}],
      ] as const) {
        const request = call(action, `${scheduler}:schedule-group/${group}`, context);
        rows.push(table.expect(as(DEPLOY[env]), request, "Allowed"));
        rows.push(table.expect(as(DEPLOY[other(env)]), request, "Denied"));
        rows.push(table.expect(as("preview"), request, "Denied"));
      }
      rows.push(
        table.expect(
          as(DEPLOY[env]),
          call("scheduler:CreateSchedule", `${scheduler}:schedule/${mine}/nightly`),
          "Allowed",
        ),
      );
      rows.push(
        table.expect(
          as(DEPLOY[env]),
          call("scheduler:CreateSchedule", `${scheduler}:schedule/${theirs}/nightly`),
          "Denied",
        ),
      );
      rows.push(
        table.expect(
          as(DEPLOY[env]),
          call("scheduler:DeleteScheduleGroup", `${scheduler}:schedule-group/${theirs}`),
          "Denied",
        ),
      );
      rows.push(
        table.expect(
          as(DEPLOY[env]),
          call("scheduler:DeleteScheduleGroup", `${scheduler}:schedule-group/default`),
          "Denied",
        ),
      );
    }
    await table.all(rows);
  });

  it("creates, retags and deletes a Cloud Map namespace only as its own environment's", async () => {
    const namespace = (id: string) => `arn:aws:servicediscovery:${REGION}:${ACCOUNT}:namespace/${id}`;
    const tagged = (env: string) => ({ [`aws:ResourceTag/${TAG}`]: env });
    const tagging = (env: string) => ({ [`aws:RequestTag/${TAG}`]: env, "aws:TagKeys": [TAG] });
    const rows: Promise<string | undefined>[] = [];
    for (const env of ENVS) {
      const role = as(DEPLOY[env]);
      const theirs = other(env);
      for (const tags of [tagging(theirs), tagging("shared"), tagging("preview"), {}]) {
        rows.push(table.expect(role, call("servicediscovery:CreateHttpNamespace", "*", tags), "Denied"));
      }
      // Another region is no place for it either.
      rows.push(
        table.expect(
          role,
          {
            action: "servicediscovery:CreateHttpNamespace",
            resource: "*",
            context: { "aws:RequestedRegion": "eu-west-1", ...tagging(env) },
          },
          "Denied",
        ),
      );
      for (const action of ["DeleteNamespace", "UpdateHttpNamespace", "GetNamespace"]) {
        rows.push(
          table.expect(role, call(`servicediscovery:${action}`, namespace("ns-x"), tagged(theirs)), "Denied"),
        );
        // Untagged (made by hand): not provably its own.
        rows.push(table.expect(role, call(`servicediscovery:${action}`, namespace("ns-x")), "Denied"));
      }
      // The environment tag never comes off, and another environment's namespace is never retagged as its own
      // (where AWS evaluates the namespace's tags for TagResource).
      rows.push(
        table.expect(role, call("servicediscovery:UntagResource", "*", { "aws:TagKeys": [TAG] }), "Denied"),
      );
      rows.push(
        table.expect(
          role,
          call("servicediscovery:TagResource", "*", { ...tagged(theirs), ...tagging(env) }),
          "Denied",
        ),
      );
      // Service Connect's Cloud Map services are ECS's (its service-linked role creates and deletes them).
      for (const action of ["CreateService", "DeleteService", "UpdateService", "RegisterInstance"]) {
        const service = `arn:aws:servicediscovery:${REGION}:${ACCOUNT}:service/srv-x`;
        rows.push(table.expect(role, call(`servicediscovery:${action}`, service, tagged(env)), "Denied"));
      }
    }
    await table.all(rows);
  });

  it("lets ECS services join only a namespace of this account and region", async () => {
    const rows: Promise<string | undefined>[] = [];
    for (const env of ENVS) {
      const service = find(x.plans[env], "aws:ecs/service:Service", "auth-service");
      const create = providerCalls(service, x.world).find((c) => c.action === "ecs:CreateService");
      assert.ok(create);
      const elsewhere = [
        "arn:aws:servicediscovery:us-east-1:210987654321:namespace/ns-x",
        "arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-x",
      ];
      for (const namespace of elsewhere) {
        for (const action of ["ecs:CreateService", "ecs:UpdateService"]) {
          const context = { ...create.context, "ecs:namespace": namespace };
          rows.push(table.expect(as(DEPLOY[env]), { ...create, action, context }, "Denied"));
        }
      }
    }
    await table.all(rows);
  });

  it("the preview role makes every call of a preview's queues, schedule and services; deploy-prod none of them", async () => {
    const preview = x.plans.preview;
    assert.deepEqual(preview.policy.violations, []);
    const previewCalls = preview.resources
      .filter(isServiceResource)
      .flatMap((r) => providerCalls(r, x.world));
    // A preview joins test's namespace, and its job's schedule is in the default group (ownScheduleGroup false).
    for (const type of SERVICE_RESOURCE_TYPES.filter(
      (t) => !t.includes("servicediscovery") && !t.endsWith(":ScheduleGroup"),
    )) {
      assert.ok(
        previewCalls.some((c) => c.of.startsWith(`${type} `)),
        `the preview has a ${type}`,
      );
    }
    await table.all([
      ...previewCalls.map((c) => table.expect(as("preview"), c, "Allowed")),
      ...previewCalls
        .filter((c) => c.phase !== "read" && c.resource !== "*" && !READS.test(c.action))
        .map((c) => table.expect(as("deploy-prod"), c, "Denied")),
    ]);
  });

  it("the preview role manages only queues and schedules named and tagged as a preview's", async () => {
    const queue = find(x.plans.preview, "aws:sqs/queue:Queue", "pr-1-events-queue");
    const arn = String(queue.outputs.arn);
    const testQueue = String(find(x.plans.test, "aws:sqs/queue:Queue", "events-queue").outputs.arn);
    const isPreview = { "aws:ResourceTag/pantstack:environment": "preview" };
    const schedule = (name: string) => `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/default/${name}`;
    const rows = [
      // Named as a preview's but not tagged as one (made by hand): not the preview role's.
      table.expect(as("preview"), call("sqs:DeleteQueue", arn), "Denied"),
      table.expect(as("preview"), call("sqs:CreateQueue", arn), "Denied"),
      // Tagged as a preview but named as test's: not the preview role's either.
      table.expect(as("preview"), call("sqs:SetQueueAttributes", testQueue, isPreview), "Denied"),
      table.expect(
        as("preview"),
        call("scheduler:DeleteSchedule", schedule("pantstack-test-nightly")),
        "Denied",
      ),
      table.expect(
        as("preview"),
        call("scheduler:UpdateSchedule", schedule("pantstack-prod-nightly")),
        "Denied",
      ),
      // test's own scheduler roles are not for previews.
      table.expect(
        as("preview"),
        call(
          "iam:PassRole",
          String(find(x.plans.test, "aws:iam/role:Role", "nightly-scheduler").outputs.arn),
          {
            "iam:PassedToService": "scheduler.amazonaws.com",
          },
        ),
        "Denied",
      ),
    ];
    // A preview's services join test's namespace as clients; never a namespace of another account.
    const create = providerCalls(find(x.plans.test, "aws:ecs/service:Service", "api-service"), x.world).find(
      (c) => c.action === "ecs:CreateService",
    );
    assert.ok(create);
    const spot = [`arn:aws:ecs:${REGION}:${ACCOUNT}:capacity-provider/FARGATE_SPOT`];
    const previewService = (namespace: string) => ({
      action: "ecs:CreateService",
      resource: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/pantstack-test/pr-3-api-service`,
      context: {
        ...create.context,
        "ecs:capacity-provider": spot,
        "ecs:namespace": namespace,
        "aws:RequestTag/pantstack:environment": "preview",
        "aws:TagKeys": ["pantstack:environment"],
      },
    });
    rows.push(
      table.expect(as("preview"), previewService(String(create.context["ecs:namespace"])), "Allowed"),
    );
    rows.push(
      table.expect(
        as("preview"),
        previewService("arn:aws:servicediscovery:us-east-1:210987654321:namespace/ns-x"),
        "Denied",
      ),
    );
    await table.all(rows);
  });

  it("writes each web service's host record only in its own environment", async () => {
    const zone = String(find(x.plans.prod, "aws:route53/record:Record", "web-dns").inputs.zoneId);
    const upsert = (name: string) =>
      call("route53:ChangeResourceRecordSets", `arn:aws:route53:::hostedzone/${zone}`, {
        "route53:ChangeResourceRecordSetsNormalizedRecordNames": [name],
        "route53:ChangeResourceRecordSetsRecordTypes": ["A"],
        "route53:ChangeResourceRecordSetsActions": ["UPSERT"],
      });
    await table.all([
      table.expect(as("deploy-prod"), upsert("app.pantstack.dev"), "Allowed"),
      table.expect(as("deploy-prod"), upsert("_0a1b.app.pantstack.dev"), "Allowed"),
      table.expect(as("deploy-test"), upsert("app.pantstack.dev"), "Denied"),
      // test's validation pattern `_*.<domain>` does not reach prod's labels.
      table.expect(as("deploy-test"), upsert("_0a1b.app.pantstack.dev"), "Denied"),
      table.expect(as("deploy-test"), upsert("test-app.pantstack.dev"), "Allowed"),
      table.expect(as("deploy-prod"), upsert("test-app.pantstack.dev"), "Denied"),
      // A label the catalog does not have is nobody's.
      table.expect(as("deploy-prod"), upsert("admin.pantstack.dev"), "Denied"),
      table.expect(as("preview"), upsert("app.pantstack.dev"), "Denied"),
    ]);
  });

  it("a job's scheduler role starts its task under its environment's boundary, and nothing of the other's", async () => {
    const rows: Promise<string | undefined>[] = [];
    for (const env of ENVS) {
      const plan = x.plans[env];
      const schedule = find(plan, "aws:scheduler/schedule:Schedule", "nightly-schedule");
      const target = schedule.inputs.target as {
        arn: string;
        roleArn: string;
        ecsParameters: { taskDefinitionArn: string };
      };
      const task = find(plan, "aws:ecs/taskDefinition:TaskDefinition", "nightly-task");
      const scheduler: Principal = {
        arn: target.roleArn,
        identity: [doc(find(plan, "aws:iam/rolePolicy:RolePolicy", "nightly-scheduler").inputs.policy)],
        boundary: boundaryOf(env),
      };
      const cluster = { "ecs:cluster": target.arn };
      // What EventBridge Scheduler does with the role when the schedule fires (RunTask, tags propagated).
      rows.push(
        table.expect(
          scheduler,
          call("ecs:RunTask", target.ecsParameters.taskDefinitionArn, cluster),
          "Allowed",
        ),
      );
      for (const role of [task.inputs.executionRoleArn, task.inputs.taskRoleArn]) {
        const passed = call("iam:PassRole", String(role), {
          "iam:PassedToService": "ecs-tasks.amazonaws.com",
        });
        rows.push(table.expect(scheduler, passed, "Allowed"));
        rows.push(
          table.expect(
            scheduler,
            { ...passed, context: { ...passed.context, "iam:PassedToService": "lambda.amazonaws.com" } },
            "Denied",
          ),
        );
      }
      const clusterName = target.arn.split("/").pop();
      const runningTask = `arn:aws:ecs:${REGION}:${ACCOUNT}:task/${clusterName}/0123456789abcdef`;
      rows.push(
        table.expect(
          scheduler,
          call("ecs:TagResource", runningTask, { "ecs:CreateAction": "RunTask" }),
          "Allowed",
        ),
      );
      // The same task in the other environment's cluster, or the other's family, is out of reach.
      const theirs = x.plans[other(env)];
      const theirCluster = String(find(theirs, "aws:ecs/cluster:Cluster", "cluster").outputs.arn);
      const theirFamily = String(
        find(theirs, "aws:ecs/taskDefinition:TaskDefinition", "nightly-task").outputs.arn,
      );
      rows.push(
        table.expect(
          scheduler,
          call("ecs:RunTask", target.ecsParameters.taskDefinitionArn, { "ecs:cluster": theirCluster }),
          "Denied",
        ),
      );
      rows.push(table.expect(scheduler, call("ecs:RunTask", theirFamily, cluster), "Denied"));
      // Even with an allow-all policy, a role under the boundary runs and passes only its own environment's.
      const admin: Principal = { ...scheduler, identity: [ALLOW_ALL] };
      const theirRole = String(find(theirs, "aws:iam/role:Role", "nightly-task").outputs.arn);
      rows.push(
        table.expect(admin, call("ecs:RunTask", theirFamily, { "ecs:cluster": theirCluster }), "Denied"),
      );
      rows.push(
        table.expect(
          admin,
          call("iam:PassRole", theirRole, { "iam:PassedToService": "ecs-tasks.amazonaws.com" }),
          "Denied",
        ),
      );
      rows.push(
        table.expect(
          admin,
          call("iam:PassRole", String(task.inputs.taskRoleArn), {
            "iam:PassedToService": "scheduler.amazonaws.com",
          }),
          "Denied",
        ),
      );
      rows.push(
        table.expect(
          admin,
          call("iam:CreateRole", `arn:aws:iam::${ACCOUNT}:role/pantstack/${env}/x`),
          "Denied",
        ),
      );
      rows.push(table.expect(admin, call("sts:AssumeRole", String(x.roles[DEPLOY[env]].arn)), "Denied"));
    }
    await table.all(rows);
  });

  it("a worker consumes its own queue and its callers send to it, under the boundary; the other environment's is out of reach", async () => {
    const rows: Promise<string | undefined>[] = [];
    for (const env of ENVS) {
      const plan = x.plans[env];
      const queue = String(find(plan, "aws:sqs/queue:Queue", "events-queue").outputs.arn);
      const theirQueue = String(find(x.plans[other(env)], "aws:sqs/queue:Queue", "events-queue").outputs.arn);
      // The planned task roles with their planned policies: the worker's, and api's (api depends on events).
      const taskRole = (service: string): Principal => {
        const role = find(plan, "aws:iam/role:Role", `${service}-task`);
        const policies = plan.resources.filter(
          (r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.inputs.role === role.outputs.name,
        );
        assert.ok(policies.length > 0, `${env}: ${service}'s task role has a policy`);
        return {
          arn: String(role.outputs.arn),
          identity: policies.map((r) => doc(r.inputs.policy)),
          boundary: boundaryOf(env),
        };
      };
      const worker = taskRole("events");
      const caller = taskRole("api");
      for (const action of ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"]) {
        rows.push(table.expect(worker, call(action, queue), "Allowed"));
        rows.push(table.expect({ ...worker, identity: [ALLOW_ALL] }, call(action, theirQueue), "Denied"));
      }
      rows.push(table.expect(caller, call("sqs:SendMessage", queue), "Allowed"));
      rows.push(table.expect(caller, call("sqs:ReceiveMessage", queue), "Denied"));
      rows.push(
        table.expect({ ...caller, identity: [ALLOW_ALL] }, call("sqs:SendMessage", theirQueue), "Denied"),
      );
      rows.push(table.expect({ ...caller, identity: [ALLOW_ALL] }, call("sqs:DeleteQueue", queue), "Denied"));
    }
    await table.all(rows);
  });

  it("the drift roles read what a refresh reads of the new resources, and change none of them", async () => {
    const rows: Promise<string | undefined>[] = [];
    for (const env of ENVS) {
      const drift: Principal = {
        arn: String(find(x.plans.shared, "aws:iam/role:Role", `drift-${env}`).outputs.arn),
        identity: identityOf(x.plans.shared, `drift-${env}`),
      };
      for (const c of calls(env)) {
        if (c.phase === "read") rows.push(table.expect(drift, c, "Allowed"));
        else if (!READS.test(c.action)) rows.push(table.expect(drift, c, "Denied"));
      }
    }
    await table.all(rows);
  });

  it("under the preview boundary, test's preview roles run previews' jobs and send to test's queues, nothing more", async () => {
    const { test, preview } = x.plans;
    const withPolicies = (name: string): Principal => {
      const role = find(test, "aws:iam/role:Role", name);
      const policies = test.resources.filter(
        (r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.inputs.role === role.outputs.name,
      );
      return {
        arn: String(role.outputs.arn),
        identity: policies.map((r) => doc(r.inputs.policy)),
        boundary: boundaryOf("preview"),
      };
    };
    const scheduler = withPolicies("preview-scheduler");
    const task = withPolicies("preview-task");
    const schedule = find(preview, "aws:scheduler/schedule:Schedule", "pr-1-nightly-schedule");
    const target = schedule.inputs.target as {
      arn: string;
      roleArn: string;
      ecsParameters: { taskDefinitionArn: string };
    };
    assert.equal(
      target.roleArn,
      scheduler.arn,
      "the preview's schedule runs with test's preview scheduler role",
    );
    const family = find(preview, "aws:ecs/taskDefinition:TaskDefinition", "pr-1-nightly-task");
    const cluster = { "ecs:cluster": target.arn };
    const prodCluster = {
      "ecs:cluster": String(find(x.plans.prod, "aws:ecs/cluster:Cluster", "cluster").outputs.arn),
    };
    const testFamily = String(
      find(test, "aws:ecs/taskDefinition:TaskDefinition", "nightly-task").outputs.arn,
    );
    const toTasks = { "iam:PassedToService": "ecs-tasks.amazonaws.com" };
    const queue = (plan: StackPlan, name: string) =>
      String(find(plan, "aws:sqs/queue:Queue", name).outputs.arn);
    await table.all([
      table.expect(
        scheduler,
        call("ecs:RunTask", target.ecsParameters.taskDefinitionArn, cluster),
        "Allowed",
      ),
      table.expect(scheduler, call("iam:PassRole", String(family.inputs.taskRoleArn), toTasks), "Allowed"),
      table.expect(
        scheduler,
        call("iam:PassRole", String(family.inputs.executionRoleArn), toTasks),
        "Allowed",
      ),
      // test's own job, or a task in prod's cluster, is not a preview's to run.
      table.expect(scheduler, call("ecs:RunTask", testFamily, cluster), "Denied"),
      table.expect(
        { ...scheduler, identity: [ALLOW_ALL] },
        call("ecs:RunTask", testFamily, cluster),
        "Denied",
      ),
      table.expect(
        { ...scheduler, identity: [ALLOW_ALL] },
        call("ecs:RunTask", target.ecsParameters.taskDefinitionArn, prodCluster),
        "Denied",
      ),
      table.expect(
        { ...scheduler, identity: [ALLOW_ALL] },
        call("iam:PassRole", String(find(test, "aws:iam/role:Role", "nightly-task").outputs.arn), toTasks),
        "Denied",
      ),
      // A preview's worker consumes its own queue; its callers send to it, and to the test workers they borrow.
      table.expect(task, call("sqs:ReceiveMessage", queue(preview, "pr-1-events-queue")), "Allowed"),
      table.expect(task, call("sqs:SendMessage", queue(test, "events-queue")), "Allowed"),
      table.expect(
        { ...task, identity: [ALLOW_ALL] },
        call("sqs:ReceiveMessage", queue(test, "events-queue")),
        "Denied",
      ),
      table.expect(
        { ...task, identity: [ALLOW_ALL] },
        call("sqs:PurgeQueue", queue(test, "events-queue")),
        "Denied",
      ),
      table.expect(
        { ...task, identity: [ALLOW_ALL] },
        call("sqs:SendMessage", queue(x.plans.prod, "events-queue")),
        "Denied",
      ),
    ]);
  });

  it("pushes and re-tags every service's release image only from image-push; deploys only read them", async () => {
    const rows: Promise<string | undefined>[] = [];
    const repositories = x.plans.shared.resources.filter(
      (r) => r.type === "aws:ecr/repository:Repository" && r.name !== "preview-images",
    );
    assert.equal(repositories.length, 5, "one release repository per service");
    for (const repository of repositories) {
      const arn = String(repository.outputs.arn);
      const policy = doc(
        find(x.plans.shared, "aws:ecr/repositoryPolicy:RepositoryPolicy", `${repository.name}-policy`).inputs
          .policy,
      );
      const ecr = (action: string) =>
        call(action, arn, resourceTags(repository.inputs.tags as Record<string, string>));
      // The release re-tags an unchanged service's image: BatchGetImage for its manifest, PutImage with it.
      for (const action of [
        "ecr:BatchGetImage",
        "ecr:PutImage",
        "ecr:InitiateLayerUpload",
        "ecr:DescribeImages",
      ]) {
        rows.push(table.expect(as("image-push"), ecr(action), "Allowed", policy));
      }
      for (const role of ["deploy-test", "deploy-prod"] as const) {
        rows.push(table.expect(as(role), ecr("ecr:DescribeImages"), "Allowed", policy));
        rows.push(table.expect(as(role), ecr("ecr:PutImage"), "Denied", policy));
        rows.push(table.expect(as(role), ecr("ecr:DeleteRepository"), "Denied", policy));
      }
      rows.push(table.expect(as("preview"), ecr("ecr:PutImage"), "Denied", policy));
      rows.push(table.expect(as("preview"), ecr("ecr:BatchDeleteImage"), "Denied", policy));
      rows.push(table.expect(as("image-push"), ecr("ecr:BatchDeleteImage"), "Denied", policy));
    }
    await table.all(rows);
  });
});

/** IAM's size of a policy: its JSON without whitespace (AWS does not count it). */
const size = (policy: unknown) => String(policy).replace(/\s/g, "").length;
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
const INLINE_TOTAL = 10_240;
const MANAGED_EACH = 6_144;
const ATTACHED = 10;

describe("CI role policies fit IAM's quotas", () => {
  const check = (shared: StackPlan) => {
    const problems: string[] = [];
    for (const role of shared.resources.filter((r) => r.type === "aws:iam/role:Role")) {
      const inline = shared.resources.filter(
        (r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.inputs.role === role.outputs.name,
      );
      const total = inline.reduce((sum, r) => sum + size(r.inputs.policy), 0);
      if (total > INLINE_TOTAL) problems.push(`${role.name}: inline policies of ${total} characters`);
      const attached = shared.resources.filter(
        (r) =>
          r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" &&
          r.inputs.role === role.outputs.name,
      );
      if (attached.length > ATTACHED) problems.push(`${role.name}: ${attached.length} managed policies`);
    }
    for (const policy of shared.resources.filter((r) => r.type === "aws:iam/policy:Policy")) {
      if (size(policy.inputs.policy) > MANAGED_EACH) {
        problems.push(`${policy.name}: ${size(policy.inputs.policy)} characters`);
      }
    }
    return problems;
  };

  it("for the default catalog and the example catalog, as shared plans them", async () => {
    const [defaults] = await plannedStacks({ stacks: ["shared"] });
    const { plans } = await loadExample();
    assert.deepEqual(check(defaults), []);
    assert.deepEqual(check(plans.shared), []);
    // The check measures what IAM measures: the deploy roles' grants together exceed one inline policy.
    const deploy = plans.shared.resources.filter((r) => /^deploy-test-/.test(r.name) && "policy" in r.inputs);
    assert.ok(deploy.reduce((sum, r) => sum + size(r.inputs.policy), 0) > INLINE_TOTAL);
  });

  it("with room for a catalog of 30 services with 10 web host labels", () => {
    const repository = (name: string) => `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/pantstack/${name}`;
    const services = Array.from({ length: 30 }, (_, i) => `service-number-${i}`);
    const scope: CiScope = {
      account: ACCOUNT,
      region: REGION,
      releaseRepositoryArn: repository("api"),
      releaseRepositoryArns: services.map(repository),
      previewRepositoryArn: repository("preview"),
      domain: "pantstack.dev",
      hostedZoneId: "Z3FD69C15F7D356FBB5E7",
      webHostLabels: services.slice(0, 10),
    };
    for (const env of ENVS) {
      const parts = deployPolicies(env, scope);
      assert.ok(size(JSON.stringify(parts.permissions)) <= INLINE_TOTAL, `${env} permissions`);
      for (const part of ["roles", "rollouts", "services"] as const) {
        assert.ok(size(JSON.stringify(parts[part])) <= MANAGED_EACH, `${env} ${part}`);
      }
    }
    const preview = previewPolicies(scope);
    assert.ok(size(JSON.stringify(preview.permissions)) <= INLINE_TOTAL, "preview permissions");
    assert.ok(size(JSON.stringify(preview.services)) <= MANAGED_EACH, "preview services");
  });
});
