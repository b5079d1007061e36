import assert from "node:assert/strict";
import { checkPolicies } from "../../plan/policy-check";
import { pantstackPolicies } from "../../policies/policies";
import { resource, tagsFor } from "./fixtures";

const policy = pantstackPolicies.filter((p) => p.name === "ecs-no-public-ip");
const findings = async (type: string, inputs: Record<string, unknown>, name: string) =>
  (
    await checkPolicies([resource(type, { ...inputs, tags: tagsFor("test") }, { stack: "test", name })], {
      policies: policy,
    })
  ).map((v) => v.message);

const SERVICE = "aws:ecs/service:Service";
const SCHEDULE = "aws:scheduler/schedule:Schedule";
const schedule = (assignPublicIp: boolean) => ({
  target: {
    arn: "arn:aws:ecs:eu-west-1:123456789012:cluster/test",
    ecsParameters: { networkConfiguration: { assignPublicIp, subnets: ["subnet-1"] } },
  },
});

describe("ecs-no-public-ip", () => {
  it("is in the pack", () => assert.equal(policy.length, 1));

  it("refuses a public IP on a service with no load balancer (worker, backend)", async () => {
    assert.deepEqual(await findings(SERVICE, { networkConfiguration: { assignPublicIp: true } }, "worker"), [
      "service worker (no load balancer): networkConfiguration.assignPublicIp is true; allowed: false",
    ]);
  });

  it("passes a worker or backend with assignPublicIp false or absent", async () => {
    assert.deepEqual(await findings(SERVICE, { networkConfiguration: { assignPublicIp: false } }, "w"), []);
    assert.deepEqual(await findings(SERVICE, { networkConfiguration: { subnets: ["subnet-1"] } }, "w"), []);
  });

  it("leaves services behind a load balancer to the web rules", async () => {
    const web = { loadBalancers: [{ containerName: "app", containerPort: 8080 }] };
    assert.deepEqual(
      await findings(SERVICE, { ...web, networkConfiguration: { assignPublicIp: true } }, "web"),
      [],
    );
  });

  it("refuses a public IP on a schedule's ECS target, passes false", async () => {
    assert.deepEqual(await findings(SCHEDULE, schedule(true), "nightly"), [
      "schedule nightly: target.ecsParameters.networkConfiguration.assignPublicIp is true; allowed: false",
    ]);
    assert.deepEqual(await findings(SCHEDULE, schedule(false), "nightly"), []);
  });
});
