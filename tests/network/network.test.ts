import assert from "node:assert/strict";
import { subnetCidrs } from "../../lib/network/cidr";
import { Network, type NetworkArgs } from "../../lib/network/network";
import { ofType, one, refusedBeforeRegistration, run } from "../harness";

const count = (result: Awaited<ReturnType<typeof run>>, type: string) => ofType(result, type).length;

describe("Network", () => {
  it("splits the VPC block into subnets that never move when AZs are added", () => {
    assert.deepEqual(subnetCidrs("cidr", "10.0.0.0/16", 2), {
      public: ["10.0.0.0/20", "10.0.16.0/20"],
      private: ["10.0.128.0/20", "10.0.144.0/20"],
    });
    assert.deepEqual(subnetCidrs("cidr", "192.168.4.0/22", 1).private, ["192.168.6.0/26"]);
  });

  it("perAz: private subnets, one NAT gateway with its EIP per AZ, each private route table on its own NAT", async () => {
    const result = await run(() => new Network("net", { natGateways: "perAz" }));
    assert.equal(count(result, "aws:ec2/subnet:Subnet"), 4);
    assert.equal(count(result, "aws:ec2/natGateway:NatGateway"), 2);
    assert.equal(count(result, "aws:ec2/eip:Eip"), 2);
    const nats = ofType(result, "aws:ec2/natGateway:NatGateway").map((n) => n.id);
    const privateRoutes = ofType(result, "aws:ec2/routeTable:RouteTable").filter((r) =>
      r.name.includes("private"),
    );
    assert.deepEqual(
      privateRoutes.map((r) => (r.inputs.routes as { natGatewayId: string }[])[0].natGatewayId).sort(),
      [...nats].sort(),
    );
    const vpc = one(result, "aws:ec2/vpc:Vpc");
    assert.deepEqual([vpc.inputs.cidrBlock, vpc.inputs.enableDnsHostnames], ["10.0.0.0/16", true]);
    const azs = ofType(result, "aws:ec2/subnet:Subnet").map((s) => s.inputs.availabilityZone);
    assert.deepEqual(azs, ["us-east-1a", "us-east-1b", "us-east-1a", "us-east-1b"]);
  });

  it("single: one NAT gateway shared by every private subnet", async () => {
    const result = await run(() => new Network("net", { natGateways: "single", availabilityZones: 3 }));
    assert.equal(count(result, "aws:ec2/natGateway:NatGateway"), 1);
    assert.equal(count(result, "aws:ec2/subnet:Subnet"), 6);
  });

  it("none: public subnets only, no NAT, tasks need a public IP", async () => {
    let needsIp: boolean | undefined;
    const result = await run(() => {
      needsIp = new Network("net", { natGateways: "none" }).tasksNeedPublicIp;
    });
    assert.equal(count(result, "aws:ec2/natGateway:NatGateway"), 0);
    assert.equal(count(result, "aws:ec2/eip:Eip"), 0);
    assert.equal(count(result, "aws:ec2/subnet:Subnet"), 2);
    assert.equal(needsIp, true);
  });

  const invalid: [NetworkArgs, RegExp][] = [
    [{ availabilityZones: 1 }, /Network\(net\)\.availabilityZones: 1 .*2 to 6/],
    [{ natGateways: "two" as never }, /natGateways: "two" .*none, single, perAz/],
    [{ cidrBlock: "10.0.0.0/8" }, /cidrBlock: "10\.0\.0\.0\/8" .*\/16 to \/24/],
    [{ cidrBlock: "10.0.0.5/16" }, /the address must be the first of the block, e\.g\. 10\.0\.0\.0\/16/],
    [{ cidrBlock: "300.0.0.0/16" }, /cidrBlock: "300\.0\.0\.0\/16"/],
  ];
  for (const [args, message] of invalid) {
    it(`refuses ${JSON.stringify(args)}`, async () => {
      await refusedBeforeRegistration(() => new Network("net", args), message);
    });
  }
});
