import assert from "node:assert/strict";
import {
  type DeploymentClient,
  failureReason,
  isFinal,
  type ServiceDeployment,
  waitForDeployment,
} from "../../../delivery/deployment/wait";

const ARN = "arn:aws:ecs:eu-west-1:123456789012:service-deployment/c/api/abc";
const since = new Date("2026-12-03T10:00:00Z");
/** The service every test follows, from `since`. */
const API = { cluster: "c", service: "api", since };

/** Answers as ECS documents: each describe returns the next status in `statuses`. */
function fakeClient(statuses: ServiceDeployment[], created = new Date("2026-12-03T10:00:05Z")) {
  let i = 0;
  const calls: string[] = [];
  const client: DeploymentClient = {
    async listServiceDeployments(input) {
      calls.push(`list ${input.cluster}/${input.service}`);
      return {
        serviceDeployments: [
          { serviceDeploymentArn: "old", status: "SUCCESSFUL", createdAt: new Date("2026-12-03T09:00:00Z") },
          {
            serviceDeploymentArn: ARN,
            status: statuses[Math.min(i, statuses.length - 1)].status,
            createdAt: created,
          },
        ],
      };
    },
    async describeServiceDeployments(input) {
      calls.push(`describe ${input.serviceDeploymentArns.join(",")}`);
      const d = statuses[Math.min(i, statuses.length - 1)];
      i += 1;
      return { serviceDeployments: [{ serviceDeploymentArn: ARN, ...d }] };
    },
  };
  return { client, calls };
}

function clock() {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}

describe("deployment wait", () => {
  it("succeeds once ECS reports SUCCESSFUL, following the deployment created since --since", async () => {
    const { client, calls } = fakeClient([
      { status: "PENDING" },
      { status: "IN_PROGRESS" },
      { status: "SUCCESSFUL" },
    ]);
    const out = await waitForDeployment(client, { ...API, timeoutMs: 600000, ...clock() });
    assert.equal(out.result, "succeeded");
    assert.equal(out.deploymentArn, ARN);
    assert.equal(calls.filter((c) => c === `describe ${ARN}`).length, 3);
  });

  it("fails on a rollback and names the alarm that fired", async () => {
    const { client } = fakeClient([
      { status: "ROLLBACK_IN_PROGRESS" },
      {
        status: "ROLLBACK_SUCCESSFUL",
        alarms: { status: "TRIGGERED", alarmNames: ["api-5xx", "api-p99"], triggeredAlarmNames: ["api-5xx"] },
        rollback: { reason: "Service deployment rolled back because of alarm." },
      },
    ]);
    const out = await waitForDeployment(client, { ...API, timeoutMs: 600000, ...clock() });
    assert.equal(out.result, "failed");
    assert.equal(out.status, "ROLLBACK_SUCCESSFUL");
    assert.match(out.reason ?? "", /alarm fired: api-5xx/);
    assert.doesNotMatch(out.reason ?? "", /api-p99/);
  });

  it("fails on STOPPED and ROLLBACK_FAILED; ROLLBACK_REQUESTED and STOP_REQUESTED are not final", () => {
    for (const s of ["SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED"])
      assert.equal(isFinal(s), true, s);
    for (const s of [
      "PENDING",
      "IN_PROGRESS",
      "STOP_REQUESTED",
      "ROLLBACK_REQUESTED",
      "ROLLBACK_IN_PROGRESS",
    ])
      assert.equal(isFinal(s), false, s);
  });

  it("says a circuit breaker tripped, on one line", () => {
    const line = failureReason({
      status: "ROLLBACK_SUCCESSFUL",
      deploymentCircuitBreaker: { status: "TRIGGERED", failureCount: 3, threshold: 3 },
      statusReason: "tasks failed\nto start",
    });
    assert.match(line, /circuit breaker triggered \(3 failed tasks\)/);
    assert.doesNotMatch(line, /\n/);
  });

  it("times out when no deployment reaches a final status, ignoring deployments older than --since", async () => {
    const { client } = fakeClient([{ status: "IN_PROGRESS" }]);
    const out = await waitForDeployment(client, {
      ...API,
      timeoutMs: 60000,
      pollMs: 15000,
      ...clock(),
    });
    assert.equal(out.result, "timeout");
    assert.match(out.reason ?? "", /last: IN_PROGRESS/);
    const stale = fakeClient([{ status: "SUCCESSFUL" }], new Date("2026-12-03T09:59:00Z"));
    const none = await waitForDeployment(stale.client, {
      cluster: "c",
      service: "api",
      since,
      timeoutMs: 30000,
      ...clock(),
    });
    assert.equal(none.result, "timeout");
    assert.equal(
      stale.calls.some((c) => c.startsWith("describe")),
      false,
    );
  });
});
