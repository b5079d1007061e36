import assert from "node:assert/strict";
import { prodProgram } from "../../stacks/prod/program";
import { testProgram } from "../../stacks/test/program";
import { run } from "../harness";

/**
 * The rollout and alarm keys of `test` and `prod` (`pantstack:deploymentStrategy`, `canaryPercent`,
 * `alarm*`...): each bad value is refused by the stack program before any resource (not even the reference
 * to `shared`) is registered, in one line naming the key, the value and what is allowed.
 */

const PROGRAMS = { test: testProgram, prod: prodProgram } as const;

/** Runs the environment's program with `config`; returns the error it threw and how many resources exist. */
async function refusal(stack: keyof typeof PROGRAMS, config: Record<string, string>) {
  let error: unknown;
  const result = await run(
    async () => {
      try {
        await PROGRAMS[stack]();
      } catch (err) {
        error = err;
      }
    },
    { stack, config: { "pantstack:domain": "pantstack.dev", ...config } },
  );
  assert.ok(error instanceof Error, `${JSON.stringify(config)}: nothing was refused`);
  return { message: error.message, registered: result.resources.map((r) => r.type) };
}

const CASES: [keyof typeof PROGRAMS, Record<string, string>, string][] = [
  [
    "prod",
    { "pantstack:deploymentStrategy": "blue-green" },
    'pantstack:deploymentStrategy: "blue-green" is not allowed; expected one of rolling, canary, linear',
  ],
  [
    "prod",
    { "pantstack:canaryPercent": "0" },
    'pantstack:canaryPercent: "0" is not allowed; expected a percent from 0.1 to 100',
  ],
  [
    "prod",
    { "pantstack:canaryPercent": "150" },
    'pantstack:canaryPercent: "150" is not allowed; expected a percent from 0.1 to 100',
  ],
  [
    "prod",
    { "pantstack:canaryPercent": "ten" },
    'pantstack:canaryPercent: "ten" is not allowed; expected a number such as 10 or 2.5',
  ],
  [
    "prod",
    { "pantstack:canaryBakeMinutes": "1441" },
    'pantstack:canaryBakeMinutes: "1441" is not allowed; expected an integer from 0 to 1440',
  ],
  [
    "prod",
    { "pantstack:canaryBakeMinutes": "2.5" },
    'pantstack:canaryBakeMinutes: "2.5" is not allowed; expected a whole number',
  ],
  [
    "prod",
    { "pantstack:deploymentStrategy": "linear", "pantstack:linearStepPercent": "2" },
    'pantstack:linearStepPercent: "2" is not allowed; expected a percent from 3 to 100',
  ],
  [
    "prod",
    { "pantstack:deploymentBakeMinutes": "-1" },
    'pantstack:deploymentBakeMinutes: "-1" is not allowed; expected an integer from 0 to 1440',
  ],
  [
    "prod",
    { "pantstack:alarmServerErrorPercent": "-5" },
    'pantstack:alarmServerErrorPercent: "-5" is not allowed; expected a percent from 0.1 to 100',
  ],
  [
    "prod",
    { "pantstack:alarmUnhealthyHosts": "-1" },
    'pantstack:alarmUnhealthyHosts: "-1" is not allowed; expected an integer from 1 to 1000',
  ],
  [
    "prod",
    { "pantstack:alarmP99ResponseMs": "0" },
    'pantstack:alarmP99ResponseMs: "0" is not allowed; expected an integer from 1 to 120000',
  ],
  [
    "prod",
    { "pantstack:alarmEvaluationMinutes": "11" },
    'pantstack:alarmEvaluationMinutes: "11" is not allowed; expected an integer from 1 to 10',
  ],
  [
    "test",
    { "pantstack:alarmDeadLetterMessages": "0" },
    'pantstack:alarmDeadLetterMessages: "0" is not allowed; expected an integer from 1 to 1000000',
  ],
  [
    "test",
    { "pantstack:alarmOldestMessageSeconds": "30" },
    'pantstack:alarmOldestMessageSeconds: "30" is not allowed; expected an integer from 60 to 1209600',
  ],
  [
    "test",
    { "pantstack:alarmJobFailedRuns": "-2" },
    'pantstack:alarmJobFailedRuns: "-2" is not allowed; expected an integer from 1 to 1000',
  ],
  [
    "prod",
    { "pantstack:deploymentStrategy": "linear", "pantstack:canaryPercent": "5" },
    'pantstack:canaryPercent: "5" is not allowed; applies only when pantstack:deploymentStrategy is canary (it is linear)',
  ],
  [
    "prod",
    { "pantstack:linearStepMinutes": "5" },
    'pantstack:linearStepMinutes: "5" is not allowed; applies only when pantstack:deploymentStrategy is linear (it is canary)',
  ],
  [
    "test",
    { "pantstack:deploymentBakeMinutes": "5" },
    'pantstack:deploymentBakeMinutes: "5" is not allowed; applies only when pantstack:deploymentStrategy is canary or linear (it is rolling)',
  ],
  [
    "prod",
    { "pantstack:slackWorkspaceId": "T07EA123LEP" },
    "pantstack:slackChannelId: (missing) is not allowed; set pantstack:slackWorkspaceId and pantstack:slackChannelId together",
  ],
  [
    "prod",
    { "pantstack:slackWorkspaceId": "t07ea123lep", "pantstack:slackChannelId": "C07EZ1ABC23" },
    'pantstack:slackWorkspaceId: "t07ea123lep" is not allowed; expected a Slack workspace ID such as T07EA123LEP',
  ],
];

describe("rollout and alarm config: refused before any resource, in one line", () => {
  for (const [stack, config, expected] of CASES) {
    it(`${stack}: ${Object.entries(config)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ")}`, async () => {
      const { message, registered } = await refusal(stack, config);
      assert.equal(message, expected);
      assert.deepEqual(registered, [], "nothing registered");
    });
  }

  it("a misspelt rollout key is refused with the key it was likely meant to be", async () => {
    for (const [typo, meant] of [
      ["canaryPercnt", "canaryPercent"],
      ["alarmJobFailedRun", "alarmJobFailedRuns"],
      ["deploymentStrategey", "deploymentStrategy"],
    ]) {
      const { message, registered } = await refusal("prod", { [`pantstack:${typo}`]: "5" });
      assert.match(
        message,
        new RegExp(
          `^pantstack:${typo}: "5" is not allowed; this stack reads no such key; its keys are .*; did you mean pantstack:${meant}\\?$`,
        ),
      );
      assert.ok(!message.includes("\n"), "one line");
      assert.deepEqual(registered, []);
    }
  });
});
