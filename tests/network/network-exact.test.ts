import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { Network } from "../../lib/network/network";
import { ofType, one, run } from "../harness";

const ids = (outputs: pulumi.Output<string>[]) => pulumi.all(outputs);

describe("Network, exactly", () => {
  it("single: a DNS-enabled VPC, public routes to the internet gateway, private routes to the one NAT", async () => {
    const result = await run(() => {
      const network = new Network("net", { natGateways: "single" });
      return { public: ids(network.publicSubnetIds), tasks: ids(network.taskSubnetIds), vpc: network.vpcId };
    });
    const component = one(result, "pantstack:network:Network");
    for (const r of result.resources.filter((r) => r.custom)) assert.equal(r.parent, component.urn, r.name);
    const vpc = one(result, "aws:ec2/vpc:Vpc");
    assert.deepEqual(
      [vpc.inputs.cidrBlock, vpc.inputs.enableDnsHostnames, vpc.inputs.enableDnsSupport],
      ["10.0.0.0/16", true, true],
    );
    assert.equal(result.outputs.vpc, vpc.id);
    const igw = one(result, "aws:ec2/internetGateway:InternetGateway");
    assert.equal(igw.inputs.vpcId, vpc.id);
    assert.deepEqual(one(result, "aws:ec2/routeTable:RouteTable", "net-public").inputs.routes, [
      { cidrBlock: "0.0.0.0/0", gatewayId: igw.id },
    ]);
    const eip = one(result, "aws:ec2/eip:Eip");
    assert.equal(eip.inputs.domain, "vpc");
    const nat = one(result, "aws:ec2/natGateway:NatGateway");
    assert.ok(nat.options.dependencies.includes(igw.urn), "the NAT waits for the internet gateway");
    for (const i of [0, 1]) {
      assert.deepEqual(one(result, "aws:ec2/routeTable:RouteTable", `net-private-${i}`).inputs.routes, [
        { cidrBlock: "0.0.0.0/0", natGatewayId: nat.id },
      ]);
    }
    const subnets = ofType(result, "aws:ec2/subnet:Subnet");
    const publicIds = subnets.filter((s) => s.name.startsWith("net-public")).map((s) => s.id);
    const privateIds = subnets.filter((s) => s.name.startsWith("net-private")).map((s) => s.id);
    assert.deepEqual(result.outputs.public, publicIds);
    assert.deepEqual(result.outputs.tasks, privateIds, "tasks run in the private subnets");
    for (const s of subnets) assert.equal(s.inputs.mapPublicIpOnLaunch ?? false, false, s.name);
  });

  it("none: tasks run in the public subnets, with no NAT and no private subnet", async () => {
    const result = await run(() => {
      const network = new Network("net", { natGateways: "none" });
      return {
        public: ids(network.publicSubnetIds),
        tasks: ids(network.taskSubnetIds),
        ip: network.tasksNeedPublicIp,
      };
    });
    assert.deepEqual(result.outputs.tasks, result.outputs.public);
    assert.equal(result.outputs.ip, true);
    assert.equal(ofType(result, "aws:ec2/natGateway:NatGateway").length, 0);
  });
});
