import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { QUEUE_CONSUME_ACTIONS } from "../../lib/ecs/worker-queue";
import { AlarmTopic, type AlarmTopicArgs } from "../../provider/components/alarm-topic";
import type { CpuArchitecture } from "../../provider/components/ecs-api-service";
import {
  EcsBackendService,
  type EcsBackendServiceArgs,
  toLibBackendArgs,
} from "../../provider/components/ecs-backend-service";
import {
  EcsWorkerService,
  type EcsWorkerServiceArgs,
  toLibWorkerArgs,
} from "../../provider/components/ecs-worker-service";
import {
  ScheduledTask,
  type ScheduledTaskArgs,
  toLibScheduledTaskArgs,
} from "../../provider/components/scheduled-task";
import { ServiceNamespace } from "../../provider/components/service-namespace";
import { ofType, one, refusedBeforeRegistration, run } from "../harness";
import * as kinds from "./fixtures-kinds";

const backendArgs = kinds.backend.wire as unknown as EcsBackendServiceArgs;
const workerArgs = kinds.worker.wire as unknown as EcsWorkerServiceArgs;
const jobArgs = kinds.job.wire as unknown as ScheduledTaskArgs;

/** Refused before registration, with a one-line message (what a Python user sees in `pulumi up`). */
async function refusedInOneLine(construct: () => unknown, message: RegExp): Promise<void> {
  await refusedBeforeRegistration(construct, message);
  let thrown: unknown;
  await run(() => {
    try {
      construct();
    } catch (err) {
      thrown = err;
    }
  });
  assert.ok(thrown instanceof Error);
  assert.doesNotMatch(thrown.message, /\n/, "one line");
}

describe("the component package's facade: backend, worker, job, namespace and alarm topic", () => {
  describe("turns the schema-friendly arguments into the TypeScript component's", () => {
    it("EcsBackendService: the task policy parsed from JSON, the architecture enum as the union", async () => {
      await run(() => assert.deepEqual(toLibBackendArgs("auth", backendArgs), kinds.backend.ts), {
        stack: "test",
      });
    });

    it("EcsWorkerService and ScheduledTask: the same translation; nothing else changes", async () => {
      await run(
        () => {
          assert.deepEqual(toLibWorkerArgs("events", workerArgs), kinds.worker.ts);
          assert.deepEqual(toLibScheduledTaskArgs("nightly", jobArgs), kinds.job.ts);
          const { taskPolicy, architecture, ...plain } = jobArgs;
          assert.deepEqual(toLibScheduledTaskArgs("nightly", plain), plain, "absent keys stay absent");
        },
        { stack: "test" },
      );
    });

    it("EcsWorkerService: the queue policies leave as IAM policy documents in JSON", async () => {
      let worker: EcsWorkerService | undefined;
      const result = await run(
        () => {
          worker = new EcsWorkerService("events", workerArgs);
          return { consume: worker.consumePolicy, send: worker.sendPolicy };
        },
        { stack: "test" },
      );
      const consume = JSON.parse(String(result.outputs.consume));
      assert.equal(consume.Version, "2012-10-17");
      const actions = consume.Statement.flatMap((s: { Action: string | string[] }) => s.Action);
      for (const action of QUEUE_CONSUME_ACTIONS) assert.ok(actions.includes(action), action);
      const send = JSON.parse(String(result.outputs.send));
      assert.ok(
        send.Statement.some((s: { Action: string[] }) => [s.Action].flat().includes("sqs:SendMessage")),
      );
      // The facade is the TypeScript component's parent, so their URNs nest as the schema's type says.
      const facade = one(result, "pantstack:index:EcsWorkerService");
      assert.equal(one(result, "pantstack:ecs:EcsWorkerService").parent, facade.urn);
      assert.equal(ofType(result, "aws:sqs/queue:Queue").length, 2);
    });

    it("ServiceNamespace and AlarmTopic wrap the TypeScript components with their outputs", async () => {
      const result = await run(
        () => {
          const ns = new ServiceNamespace("services", kinds.namespace.wire);
          const topic = new AlarmTopic("alarms", kinds.alarmTopic.wire as unknown as AlarmTopicArgs);
          return { arn: ns.arn, name: ns.namespaceName, topicArn: topic.topicArn, prefix: topic.namePrefix };
        },
        { stack: "test" },
      );
      assert.equal(result.outputs.name, "pantstack-test");
      assert.match(String(result.outputs.topicArn), /^arn:aws:sns:us-east-1:\d{12}:pantstack-test-alarms$/);
      assert.equal(result.outputs.prefix, "pantstack-test");
      assert.equal(
        one(result, "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration").inputs.slackTeamId,
        "T07EA123LEP",
      );
    });
  });

  describe("refuses what another language can send, in one line, before registering anything", () => {
    it("a task policy that is not an IAM policy document in JSON", async () => {
      await refusedInOneLine(
        () => new EcsBackendService("auth", { ...backendArgs, taskPolicy: "{not json" }),
        /^EcsBackendService\(auth\)\.taskPolicy: "\{not json" is not allowed; expected an IAM policy document as JSON$/,
      );
      await refusedInOneLine(
        () =>
          new EcsWorkerService("events", {
            ...workerArgs,
            taskPolicy: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
          }),
        /^EcsWorkerService\(events\)\.taskPolicy: .*at least one statement$/,
      );
    });

    it("an architecture outside the enum, and a caller list that is itself an output", async () => {
      await refusedInOneLine(
        () => new ScheduledTask("nightly", { ...jobArgs, architecture: "ARM" as CpuArchitecture }),
        /^ScheduledTask\(nightly\)\.architecture: "ARM" is not allowed; expected one of X86_64, ARM64$/,
      );
      await refusedInOneLine(
        () =>
          new EcsBackendService("auth", {
            ...backendArgs,
            clientSecurityGroupIds: pulumi.output(["sg-1"]) as unknown as string[],
          }),
        /^EcsBackendService\(auth\)\.clientSecurityGroupIds: "\(an output\)" is not allowed; expected a list/,
      );
    });

    it("the TypeScript components' own checks run before the facade registers", async () => {
      await refusedInOneLine(
        () => new EcsBackendService("auth", { ...backendArgs, cpu: 256, memory: 4096 }),
        /^EcsBackendService\(auth\)\.memory: 4096 is not allowed/,
      );
      await refusedInOneLine(
        () => new EcsWorkerService("events", { ...workerArgs, scaling: { minCount: 4, maxCount: 2 } }),
        /^EcsWorkerService\(events\)\.scaling\.maxCount: 2 is not allowed; must be at least minCount \(4\)$/,
      );
      await refusedInOneLine(
        () => new ScheduledTask("nightly", { ...jobArgs, timeZone: "Mars/Olympus" }),
        /^ScheduledTask\(nightly\)\.timeZone: "Mars\/Olympus" is not allowed; expected an IANA time zone/,
      );
      await refusedInOneLine(
        () => new ScheduledTask("nightly", { ...jobArgs, schedule: "cron(0 3 * * *)" }),
        /^ScheduledTask\(nightly\)\.schedule: "cron\(0 3 \* \* \*\)" is not allowed/,
      );
      await refusedInOneLine(
        () => new ServiceNamespace("services", { namespaceName: "-bad" }),
        /^ServiceNamespace\(services\)\.namespaceName: "-bad" is not allowed/,
      );
      await refusedInOneLine(
        () => new AlarmTopic("alarms", { slack: { workspaceId: "t07", channelId: "C1" } }),
        /^AlarmTopic\(alarms\)\.slack\.workspaceId: "t07" is not allowed; expected a Slack workspace ID/,
      );
    });
  });
});
