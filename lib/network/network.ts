import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { requireIntegerInRange, requireOneOf } from "../errors";
import { subnetCidrs } from "./cidr";

/** How private subnets reach the internet. */
export type NatStrategy = "none" | "single" | "perAz";

/** The values `natGateways` accepts. */
export const NAT_STRATEGIES: readonly NatStrategy[] = ["none", "single", "perAz"];

/** Arguments of {@link Network}. */
export interface NetworkArgs {
  /**
   * The VPC's IPv4 block, /16 to /24.
   * @default "10.0.0.0/16"
   */
  cidrBlock?: string;
  /**
   * Availability zones to spread subnets over (an ALB needs at least 2).
   * @default 2
   */
  availabilityZones?: number;
  /**
   * `perAz`: private subnets, one NAT gateway per AZ (survives an AZ outage, about $33/month each plus data).
   * `single`: private subnets, one NAT gateway (half the price, one AZ is a single point of failure for egress).
   * `none`: no private subnets and no NAT; tasks run in public subnets with a public IP and a security group
   * that admits only the load balancer (cheapest: about $3.65/month per task for its public IPv4 address).
   * @default "perAz"
   */
  natGateways?: NatStrategy;
}

/**
 * A VPC with public subnets (and, unless `natGateways` is `none`, private subnets behind NAT) across
 * availability zones. Plain `@pulumi/aws` resources, so the plan, the policies and the cost estimate see each.
 */
export class Network extends pulumi.ComponentResource {
  /** The VPC. */
  declare readonly vpc: aws.ec2.Vpc;
  /** The VPC's ID. */
  declare readonly vpcId: pulumi.Output<string>;
  /** The VPC's IPv4 block, e.g. `10.0.0.0/16`. */
  declare readonly cidrBlock: string;
  /** Public subnets, one per availability zone: the load balancer's. */
  declare readonly publicSubnetIds: pulumi.Output<string>[];
  /** Private subnets; empty when `natGateways` is `none`. */
  declare readonly privateSubnetIds: pulumi.Output<string>[];
  /** Where tasks should run: the private subnets, or the public ones when there is no NAT. */
  declare readonly taskSubnetIds: pulumi.Output<string>[];
  /** Whether tasks need a public IP to reach ECR and CloudWatch (true exactly when there is no NAT). */
  declare readonly tasksNeedPublicIp: boolean;

  constructor(name: string, args: NetworkArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const key = `Network(${name})`;
    const cidrBlock = args.cidrBlock ?? "10.0.0.0/16";
    const azCount = requireIntegerInRange(`${key}.availabilityZones`, args.availabilityZones ?? 2, 2, 6);
    const nat = requireOneOf(`${key}.natGateways`, args.natGateways ?? "perAz", NAT_STRATEGIES);
    const cidrs = subnetCidrs(`${key}.cidrBlock`, cidrBlock, azCount);
    super("pantstack:network:Network", name, {}, opts);

    const parent = { parent: this };
    const azs = aws.getAvailabilityZonesOutput({ state: "available" }, parent).names;
    const vpc = new aws.ec2.Vpc(
      name,
      { cidrBlock, enableDnsHostnames: true, enableDnsSupport: true },
      parent,
    );
    const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id }, parent);
    const publicRoutes = new aws.ec2.RouteTable(
      `${name}-public`,
      { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }] },
      parent,
    );
    const publicSubnets = cidrs.public.map((cidr, i) => {
      const subnet = new aws.ec2.Subnet(
        `${name}-public-${i}`,
        { vpcId: vpc.id, cidrBlock: cidr, availabilityZone: azs[i], mapPublicIpOnLaunch: false },
        parent,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-public-${i}`,
        { subnetId: subnet.id, routeTableId: publicRoutes.id },
        parent,
      );
      return subnet;
    });

    const natIds: pulumi.Output<string>[] = [];
    if (nat !== "none") {
      const natCount = nat === "perAz" ? azCount : 1;
      for (let i = 0; i < natCount; i++) {
        const eip = new aws.ec2.Eip(`${name}-nat-${i}`, { domain: "vpc" }, parent);
        const gateway = new aws.ec2.NatGateway(
          `${name}-nat-${i}`,
          { allocationId: eip.id, subnetId: publicSubnets[i].id },
          { parent: this, dependsOn: [igw] },
        );
        natIds.push(gateway.id);
      }
    }
    const privateSubnets =
      nat === "none"
        ? []
        : cidrs.private.map((cidr, i) => {
            const subnet = new aws.ec2.Subnet(
              `${name}-private-${i}`,
              { vpcId: vpc.id, cidrBlock: cidr, availabilityZone: azs[i] },
              parent,
            );
            const routes = new aws.ec2.RouteTable(
              `${name}-private-${i}`,
              {
                vpcId: vpc.id,
                routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: natIds[i % natIds.length] }],
              },
              parent,
            );
            new aws.ec2.RouteTableAssociation(
              `${name}-private-${i}`,
              { subnetId: subnet.id, routeTableId: routes.id },
              parent,
            );
            return subnet;
          });

    this.vpc = vpc;
    this.vpcId = vpc.id;
    this.cidrBlock = cidrBlock;
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.privateSubnetIds = privateSubnets.map((s) => s.id);
    this.taskSubnetIds = nat === "none" ? this.publicSubnetIds : this.privateSubnetIds;
    this.tasksNeedPublicIp = nat === "none";
    this.registerOutputs({
      vpcId: this.vpcId,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
    });
  }
}
