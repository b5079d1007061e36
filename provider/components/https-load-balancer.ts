import * as pulumi from "@pulumi/pulumi";
import {
  type HttpsLoadBalancerArgs,
  HttpsLoadBalancer as LibHttpsLoadBalancer,
} from "../../lib/network/https-load-balancer";

/**
 * The platform's internet-facing load balancer: HTTPS with a DNS-validated ACM certificate and a TLS 1.3
 * policy, port 80 that only redirects, invalid headers dropped, 404 for hosts no service claimed. Wraps the
 * TypeScript `HttpsLoadBalancer`, whose arguments are schema-friendly as they are.
 */
export class HttpsLoadBalancer extends pulumi.ComponentResource {
  /** The load balancer ARN. */
  declare readonly arn: pulumi.Output<string>;
  /** For CloudWatch metrics and request-count autoscaling. */
  declare readonly arnSuffix: pulumi.Output<string>;
  /** The load balancer's DNS name. */
  declare readonly dnsName: pulumi.Output<string>;
  /** The load balancer's canonical hosted zone, for alias records. */
  declare readonly zoneId: pulumi.Output<string>;
  /** The load balancer's security group: the one source a service's tasks admit. */
  declare readonly securityGroupId: pulumi.Output<string>;
  /** The HTTPS listener services attach their host rules to. */
  declare readonly httpsListenerArn: pulumi.Output<string>;
  /** The ACM certificate. */
  declare readonly certificateArn: pulumi.Output<string>;

  constructor(name: string, args: HttpsLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pantstack:index:HttpsLoadBalancer", name, {}, opts);
    const lb = new LibHttpsLoadBalancer(name, args, { parent: this });
    this.arn = lb.arn;
    this.arnSuffix = lb.arnSuffix;
    this.dnsName = lb.dnsName;
    this.zoneId = lb.zoneId;
    this.securityGroupId = lb.securityGroupId;
    this.httpsListenerArn = lb.httpsListenerArn;
    this.certificateArn = lb.certificateArn;
    this.registerOutputs({
      arn: this.arn,
      arnSuffix: this.arnSuffix,
      dnsName: this.dnsName,
      zoneId: this.zoneId,
      securityGroupId: this.securityGroupId,
      httpsListenerArn: this.httpsListenerArn,
      certificateArn: this.certificateArn,
    });
  }
}
