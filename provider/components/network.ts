import * as pulumi from "@pulumi/pulumi";
import { Network as LibNetwork, type NetworkArgs as LibNetworkArgs } from "../../lib/network/network";

/** How private subnets reach the internet. */
export enum NatGateways {
  /** No private subnets and no NAT: tasks run in public subnets with a public IP. */
  None = "none",
  /** Private subnets behind one NAT gateway. */
  Single = "single",
  /** Private subnets behind one NAT gateway per availability zone. */
  PerAz = "perAz",
}

/** Arguments of the `pantstack:index:Network` component. */
export interface NetworkArgs {
  /**
   * The VPC's IPv4 block, /16 to /24.
   * @default "10.0.0.0/16"
   */
  cidrBlock?: string;
  /**
   * Availability zones to spread subnets over (2 to 6; an ALB needs at least 2).
   * @default 2
   */
  availabilityZones?: number;
  /**
   * `perAz`: one NAT gateway per AZ; `single`: one NAT gateway; `none`: no private subnets, tasks in public
   * subnets with a public IP (cheapest).
   * @default perAz
   */
  natGateways?: NatGateways;
}

/**
 * A VPC with public subnets (and, unless `natGateways` is `none`, private subnets behind NAT) across
 * availability zones. Wraps the TypeScript `Network`.
 */
export class Network extends pulumi.ComponentResource {
  /** The VPC ID. */
  declare readonly vpcId: pulumi.Output<string>;
  /** The VPC's IPv4 block. */
  declare readonly cidrBlock: pulumi.Output<string>;
  /** The public subnets, one per AZ. */
  declare readonly publicSubnetIds: pulumi.Output<string[]>;
  /** The private subnets; empty when `natGateways` is `none`. */
  declare readonly privateSubnetIds: pulumi.Output<string[]>;
  /** Where tasks should run: the private subnets, or the public ones when there is no NAT. */
  declare readonly taskSubnetIds: pulumi.Output<string[]>;
  /** Whether tasks need a public IP to reach ECR and CloudWatch (exactly when there is no NAT). */
  declare readonly tasksNeedPublicIp: pulumi.Output<boolean>;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    // The TypeScript component checks `natGateways` (and names the key) itself.
    const libArgs: LibNetworkArgs = {
      ...args,
      natGateways: args?.natGateways as LibNetworkArgs["natGateways"],
    };
    super("pantstack:index:Network", name, {}, opts);
    const network = new LibNetwork(name, libArgs, { parent: this });
    this.vpcId = network.vpcId;
    this.cidrBlock = pulumi.output(network.cidrBlock);
    this.publicSubnetIds = pulumi.all(network.publicSubnetIds);
    this.privateSubnetIds = pulumi.all(network.privateSubnetIds);
    this.taskSubnetIds = pulumi.all(network.taskSubnetIds);
    this.tasksNeedPublicIp = pulumi.output(network.tasksNeedPublicIp);
    this.registerOutputs({
      vpcId: this.vpcId,
      cidrBlock: this.cidrBlock,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
      taskSubnetIds: this.taskSubnetIds,
      tasksNeedPublicIp: this.tasksNeedPublicIp,
    });
  }
}
