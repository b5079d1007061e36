import assert from "node:assert/strict";
import { ScheduledTask } from "../../lib/ecs/scheduled-task";
import type { ScheduledTaskArgs } from "../../lib/ecs/scheduled-task-args";
import { json, ofType, one, refusedBeforeRegistration, run } from "../harness";

const CLUSTER = "arn:aws:ecs:us-east-1:123456789012:cluster/pantstack-test";
const base: ScheduledTaskArgs = {
  cluster: CLUSTER,
  repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack/nightly",
  imageTag: "v1.2.3",
  network: { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] },
  schedule: "cron(0 3 * * ? *)",
  timeZone: "Europe/Berlin",
};
const job = (args: Partial<ScheduledTaskArgs> = {}) =>
  run(() => new ScheduledTask("nightly", { ...base, ...args }), { stack: "test" });

interface Target {
  arn: string;
  roleArn: string;
  retryPolicy: { maximumRetryAttempts: number; maximumEventAgeInSeconds: number };
  ecsParameters: {
    taskDefinitionArn: string;
    launchType: string;
    taskCount: number;
    networkConfiguration: { subnets: string[]; securityGroups: string[]; assignPublicIp: boolean };
    propagateTags: string;
  };
}
interface Container {
  entryPoint?: string[];
  command?: string[];
  environment: { name: string; value: string }[];
  portMappings: unknown[];
  healthCheck?: unknown;
}
interface Statement {
  Action: string;
  Resource: string | string[];
  Condition: Record<string, Record<string, string>>;
}

describe("ScheduledTask", () => {
  it("schedules the task with EventBridge Scheduler: cron in the time zone, no flexible window, Fargate, no public IP", async () => {
    const result = await job();
    const schedule = one(result, "aws:scheduler/schedule:Schedule");
    assert.deepEqual(
      [
        schedule.inputs.name,
        schedule.inputs.groupName,
        schedule.inputs.scheduleExpression,
        schedule.inputs.scheduleExpressionTimezone,
        schedule.inputs.state,
      ],
      ["pantstack-test-nightly", "pantstack-test-nightly", "cron(0 3 * * ? *)", "Europe/Berlin", "ENABLED"],
    );
    // Its own group: Scheduler's failure metrics are per group, so its alarm counts this job's starts only.
    const group = one(result, "aws:scheduler/scheduleGroup:ScheduleGroup");
    assert.equal(group.inputs.name, "pantstack-test-nightly");
    assert.deepEqual(schedule.inputs.flexibleTimeWindow, { mode: "OFF" });
    const target = schedule.inputs.target as Target;
    const task = one(result, "aws:ecs/taskDefinition:TaskDefinition");
    const sg = one(result, "aws:ec2/securityGroup:SecurityGroup");
    assert.equal(target.arn, CLUSTER);
    assert.equal(target.roleArn, one(result, "aws:iam/role:Role", "nightly-scheduler").outputs.arn);
    assert.deepEqual(target.ecsParameters, {
      taskDefinitionArn: task.outputs.arn,
      launchType: "FARGATE",
      platformVersion: "LATEST",
      taskCount: 1,
      networkConfiguration: {
        subnets: ["subnet-a", "subnet-b"],
        securityGroups: [sg.id],
        assignPublicIp: false,
      },
      propagateTags: "TASK_DEFINITION",
      enableEcsManagedTags: true,
    });
    assert.deepEqual(target.retryPolicy, { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 });
    assert.equal(ofType(result, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").length, 0);
    assert.equal(ofType(result, "aws:ecs/service:Service").length, 0, "a job is no service");
    assert.equal(task.inputs.family, "test-nightly");
  });

  it("gives the schedule a role that runs only this family in this cluster and passes only this task's roles", async () => {
    const result = await job();
    const role = one(result, "aws:iam/role:Role", "nightly-scheduler");
    assert.deepEqual(
      json<{ Statement: { Principal: unknown; Condition: unknown }[] }>(role.inputs.assumeRolePolicy)
        .Statement[0],
      {
        Effect: "Allow",
        Principal: { Service: "scheduler.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      },
    );
    const policy = one(result, "aws:iam/rolePolicy:RolePolicy", "nightly-scheduler");
    assert.equal(policy.inputs.role, role.outputs.name);
    const [runTask, passRole, tag] = json<{ Statement: Statement[] }>(policy.inputs.policy).Statement;
    assert.deepEqual(
      [runTask.Action, runTask.Resource, runTask.Condition],
      [
        "ecs:RunTask",
        "arn:aws:ecs:us-east-1:123456789012:task-definition/test-nightly:*",
        { ArnEquals: { "ecs:cluster": CLUSTER } },
      ],
    );
    assert.deepEqual(passRole.Resource, [
      one(result, "aws:iam/role:Role", "nightly-execution").outputs.arn,
      one(result, "aws:iam/role:Role", "nightly-task").outputs.arn,
    ]);
    assert.deepEqual(passRole.Condition, {
      StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" },
    });
    assert.equal(tag.Resource, "arn:aws:ecs:us-east-1:123456789012:task/pantstack-test/*");
  });

  it("runs the command under timeout, and tells the job its limit", async () => {
    const result = await job({ command: ["/bin/app", "nightly"], timeoutSeconds: 900 });
    const [container] = json<Container[]>(
      one(result, "aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions,
    );
    assert.deepEqual(container.entryPoint, ["timeout", "--signal=TERM", "--kill-after=30", "900"]);
    assert.deepEqual(container.command, ["/bin/app", "nightly"]);
    assert.deepEqual(container.environment, [{ name: "PANTSTACK_TIMEOUT_SECONDS", value: "900" }]);
    assert.deepEqual(container.portMappings, []);
    assert.equal(container.healthCheck, undefined);
    const target = one(result, "aws:scheduler/schedule:Schedule").inputs.target as Target;
    assert.equal(
      target.retryPolicy.maximumEventAgeInSeconds,
      900,
      "a run is not started later than its limit",
    );
  });

  it("keeps the image's entry point when no command is given", async () => {
    const [container] = json<Container[]>(
      one(await job(), "aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions,
    );
    assert.equal(container.entryPoint, undefined);
    assert.equal(container.command, undefined);
    assert.deepEqual(container.environment, [{ name: "PANTSTACK_TIMEOUT_SECONDS", value: "3600" }]);
  });

  it("creates no role when the roles are given, pauses when disabled, applies transforms", async () => {
    const given = "arn:aws:iam::123456789012:role/pantstack/preview/scheduler";
    const result = await job({
      schedulerRoleArn: given,
      executionRoleArn: "arn:aws:iam::123456789012:role/pantstack/preview/exec",
      taskRoleArn: "arn:aws:iam::123456789012:role/pantstack/preview/task",
      enabled: false,
      transform: { schedule: (a) => ({ ...a, description: "custom" }) },
    });
    assert.equal(ofType(result, "aws:iam/role:Role").length, 0);
    const schedule = one(result, "aws:scheduler/schedule:Schedule");
    assert.equal((schedule.inputs.target as Target).roleArn, given);
    assert.equal(schedule.inputs.state, "DISABLED");
    assert.equal(schedule.inputs.description, "custom");
  });

  it("with ownScheduleGroup false, uses the default group and creates none", async () => {
    const result = await run(() => new ScheduledTask("nightly", { ...base, ownScheduleGroup: false }), {
      stack: "test",
    });
    assert.equal(one(result, "aws:scheduler/schedule:Schedule").inputs.groupName, "default");
    assert.equal(
      result.resources.filter((r) => r.type === "aws:scheduler/scheduleGroup:ScheduleGroup").length,
      0,
    );
  });

  it("exposes the schedule's ARN and the role's", async () => {
    const result = await run(
      () => {
        const t = new ScheduledTask("nightly", base);
        return { arn: t.scheduleArn, role: t.schedulerRoleArn };
      },
      { stack: "test" },
    );
    assert.equal(
      result.outputs.arn,
      "arn:aws:scheduler:us-east-1:123456789012:schedule/pantstack-test-nightly/pantstack-test-nightly",
    );
    assert.match(
      String(result.outputs.role),
      /^arn:aws:iam::123456789012:role\/pantstack\/nightly-scheduler-[0-9a-f]{7}$/,
    );
  });

  const invalid: [Partial<ScheduledTaskArgs>, RegExp][] = [
    [
      { schedule: "cron(0 3 * * * *)" },
      /^ScheduledTask\(nightly\)\.schedule: "cron\(0 3 \* \* \* \*\)" is not allowed; a cron expression needs \? in exactly one/,
    ],
    [
      { schedule: "rate(1 hours)" },
      /^ScheduledTask\(nightly\)\.schedule: "rate\(1 hours\)" is not allowed; use "hour" with 1$/,
    ],
    [
      { schedule: "every day" },
      /\.schedule: "every day" is not allowed; expected cron\(<6 fields>\) or rate/,
    ],
    [
      { timeZone: "CEST" },
      /^ScheduledTask\(nightly\)\.timeZone: "CEST" is not allowed; expected an IANA time zone/,
    ],
    [
      { timeoutSeconds: 30 },
      /^ScheduledTask\(nightly\)\.timeoutSeconds: 30 is not allowed; expected an integer from 60 to 86400$/,
    ],
    [{ retryAttempts: 186 }, /\.retryAttempts: 186 .*0 to 185$/],
    [{ command: [] }, /^ScheduledTask\(nightly\)\.command: \[\] is not allowed/],
    [
      { cluster: "pantstack-test" },
      /^ScheduledTask\(nightly\)\.cluster: "pantstack-test" is not allowed; expected the cluster's ARN/,
    ],
    [{ scheduleName: "bad name" }, /\.scheduleName: "bad name"/],
    [
      { environment: { PANTSTACK_TIMEOUT_SECONDS: "1" } },
      /\.environment: "PANTSTACK_TIMEOUT_SECONDS" is not allowed/,
    ],
    [{ cpu: 128 }, /^ScheduledTask\(nightly\)\.cpu: 128 /],
  ];
  for (const [args, message] of invalid) {
    it(`refuses ${JSON.stringify(args).slice(0, 80)} before registering anything`, async () => {
      await refusedBeforeRegistration(() => new ScheduledTask("nightly", { ...base, ...args }), message);
    });
  }
});
