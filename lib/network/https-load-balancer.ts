import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { requireIntegerInRange, requireOneOf, ValidationError } from "../errors";
import { AUTONAME_SUFFIX_LENGTH, checkName } from "../names";
import { HOSTNAME_PATTERN, validationNames } from "./certificate-validation";
import { DEFAULT_TLS_POLICY, MODERN_TLS_POLICIES } from "./tls-policies";

/** Arguments of {@link HttpsLoadBalancer}. */
export interface HttpsLoadBalancerArgs {
  /** The VPC the load balancer and its targets live in. */
  vpcId: pulumi.Input<string>;
  /** The VPC's CIDR block: the load balancer may only send traffic there. */
  vpcCidrBlock: pulumi.Input<string>;
  /** Public subnets in at least two availability zones. */
  subnetIds: pulumi.Input<string>[];
  /**
   * Names the certificate covers; the first is its primary name.
   * @example ["test.example.com", "*.example.com"]
   */
  domainNames: string[];
  /** The Route 53 hosted zone in which ACM's DNS validation records are written. */
  hostedZoneId: pulumi.Input<string>;
  /**
   * Refuse deletion through the API (prod).
   * @default false
   */
  deletionProtection?: boolean;
  /**
   * The HTTPS listener's security policy; only policies that offer TLS 1.3 and nothing below TLS 1.2.
   * @default "ELBSecurityPolicy-TLS13-1-2-2021-06"
   */
  sslPolicy?: string;
  /**
   * Seconds a connection may be idle.
   * @default 60
   */
  idleTimeoutSeconds?: number;
}

/**
 * The platform's internet-facing load balancer: HTTPS with a DNS-validated ACM certificate and a modern
 * TLS policy, port 80 that only redirects to HTTPS, invalid header fields dropped, and a default answer of
 * 404 so only hosts that a service claimed (by listener rule) are served. Services attach to `httpsListenerArn`.
 */
export class HttpsLoadBalancer extends pulumi.ComponentResource {
  /** The application load balancer. */
  declare readonly loadBalancer: aws.lb.LoadBalancer;
  /** The load balancer's ARN. */
  declare readonly arn: pulumi.Output<string>;
  /** For CloudWatch metrics and request-count autoscaling. */
  declare readonly arnSuffix: pulumi.Output<string>;
  /** The load balancer's DNS name, the target of alias records. */
  declare readonly dnsName: pulumi.Output<string>;
  /** The load balancer's canonical hosted zone, for alias records. */
  declare readonly zoneId: pulumi.Output<string>;
  /** The load balancer's security group: the one source a service's tasks admit. */
  declare readonly securityGroupId: pulumi.Output<string>;
  /** The HTTPS listener that services attach their host rules to. */
  declare readonly httpsListenerArn: pulumi.Output<string>;
  /** The validated ACM certificate the HTTPS listener serves. */
  declare readonly certificateArn: pulumi.Output<string>;

  constructor(name: string, args: HttpsLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    const key = `HttpsLoadBalancer(${name})`;
    checkName(`${key}.name`, "loadBalancer", name, AUTONAME_SUFFIX_LENGTH);
    if (args.domainNames.length === 0) {
      throw new ValidationError(`${key}.domainNames`, args.domainNames, "give at least one domain name");
    }
    for (const domain of args.domainNames) {
      if (!HOSTNAME_PATTERN.test(domain)) {
        throw new ValidationError(
          `${key}.domainNames`,
          domain,
          "expected a lowercase DNS name, optionally starting with '*.'",
        );
      }
    }
    if (args.subnetIds.length < 2) {
      throw new ValidationError(
        `${key}.subnetIds`,
        args.subnetIds.length,
        "an application load balancer needs subnets in at least 2 availability zones",
      );
    }
    const sslPolicy = requireOneOf(
      `${key}.sslPolicy`,
      args.sslPolicy ?? DEFAULT_TLS_POLICY,
      MODERN_TLS_POLICIES as readonly string[],
    );
    const idleTimeout = requireIntegerInRange(
      `${key}.idleTimeoutSeconds`,
      args.idleTimeoutSeconds ?? 60,
      1,
      4000,
    );
    super("pantstack:network:HttpsLoadBalancer", name, {}, opts);
    const parent = { parent: this };

    const securityGroup = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      { vpcId: args.vpcId, description: "Internet to the load balancer: HTTP (redirected) and HTTPS only" },
      parent,
    );
    for (const port of [80, 443]) {
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-in-${port}`,
        {
          securityGroupId: securityGroup.id,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          cidrIpv4: "0.0.0.0/0",
        },
        parent,
      );
    }
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-to-vpc`,
      {
        securityGroupId: securityGroup.id,
        ipProtocol: "tcp",
        fromPort: 0,
        toPort: 65535,
        cidrIpv4: args.vpcCidrBlock,
      },
      parent,
    );

    const loadBalancer = new aws.lb.LoadBalancer(
      name,
      {
        loadBalancerType: "application",
        internal: false,
        subnets: args.subnetIds,
        securityGroups: [securityGroup.id],
        dropInvalidHeaderFields: true,
        enableDeletionProtection: args.deletionProtection ?? false,
        idleTimeout,
      },
      { parent: this, protect: args.deletionProtection ?? false },
    );

    const [primary, ...alternatives] = args.domainNames;
    const certificate = new aws.acm.Certificate(
      `${name}-cert`,
      { domainName: primary, subjectAlternativeNames: alternatives, validationMethod: "DNS" },
      parent,
    );
    const records = validationNames(args.domainNames).map((domain) => {
      const option = certificate.domainValidationOptions.apply((options) => {
        const found = options.find((o) => o.domainName === domain || o.domainName === `*.${domain}`);
        if (!found) throw new Error(`ACM returned no validation record for ${domain}`);
        return found;
      });
      return new aws.route53.Record(
        `${name}-cert-${domain}`,
        {
          zoneId: args.hostedZoneId,
          name: option.resourceRecordName,
          type: option.resourceRecordType,
          records: [option.resourceRecordValue],
          ttl: 300,
          allowOverwrite: true,
        },
        parent,
      );
    });
    const validation = new aws.acm.CertificateValidation(
      `${name}-cert`,
      { certificateArn: certificate.arn, validationRecordFqdns: records.map((r) => r.fqdn) },
      parent,
    );

    const https = new aws.lb.Listener(
      `${name}-https`,
      {
        loadBalancerArn: loadBalancer.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy,
        certificateArn: validation.certificateArn,
        defaultActions: [
          {
            type: "fixed-response",
            fixedResponse: { statusCode: "404", contentType: "text/plain", messageBody: "Not found" },
          },
        ],
      },
      parent,
    );
    new aws.lb.Listener(
      `${name}-http`,
      {
        loadBalancerArn: loadBalancer.arn,
        port: 80,
        protocol: "HTTP",
        defaultActions: [
          { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
        ],
      },
      parent,
    );

    this.loadBalancer = loadBalancer;
    this.arn = loadBalancer.arn;
    this.arnSuffix = loadBalancer.arnSuffix;
    this.dnsName = loadBalancer.dnsName;
    this.zoneId = loadBalancer.zoneId;
    this.securityGroupId = securityGroup.id;
    this.httpsListenerArn = https.arn;
    this.certificateArn = validation.certificateArn;
    this.registerOutputs({ arn: this.arn, dnsName: this.dnsName, httpsListenerArn: this.httpsListenerArn });
  }
}
