import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { list, withoutLevel } from "../support/policy-helpers";

const WORLD = ["0.0.0.0/0", "::/0"];
const RULE_TYPES = [
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  "aws:ec2/securityGroupRule:SecurityGroupRule",
];
const LOAD_BALANCER_TYPES = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];

interface OpenRule {
  resource: PolicyResource;
  fromPort: number;
  toPort: number;
  /** The security group the rule belongs to: its resource (when declared in the stack) and its ID (when known). */
  group?: PolicyResource;
  groupId?: string;
}

/** Rules (standalone or inline) that admit the whole internet. */
function openRules(resources: PolicyResource[]): OpenRule[] {
  const rules: OpenRule[] = [];
  for (const resource of resources) {
    const props = resource.props;
    if (RULE_TYPES.includes(resource.type)) {
      if (resource.type === "aws:ec2/securityGroupRule:SecurityGroupRule" && props.type !== "ingress")
        continue;
      const cidrs = [
        props.cidrIpv4,
        props.cidrIpv6,
        ...list(props.cidrBlocks),
        ...list(props.ipv6CidrBlocks),
      ];
      if (!cidrs.some((c) => WORLD.includes(c))) continue;
      rules.push({
        resource,
        ...portRange(props.ipProtocol ?? props.protocol, props.fromPort, props.toPort),
        group: resource.propertyDependencies?.securityGroupId?.[0],
        groupId: props.securityGroupId,
      });
    }
    if (resource.type === "aws:ec2/securityGroup:SecurityGroup") {
      for (const rule of list(props.ingress as Record<string, unknown>[] | undefined)) {
        const cidrs = [...list(rule.cidrBlocks as string[]), ...list(rule.ipv6CidrBlocks as string[])];
        if (!cidrs.some((c) => WORLD.includes(c))) continue;
        rules.push({
          resource,
          ...portRange(rule.protocol, rule.fromPort, rule.toPort),
          group: resource,
          groupId: props.id,
        });
      }
    }
  }
  return rules;
}

/**
 * The ports a rule opens. Protocol `-1` (`all`) opens every port whatever the ports say, and a rule without
 * ports opens them all too: neither may pass as "port 443".
 */
function portRange(
  protocol: unknown,
  fromPort: unknown,
  toPort: unknown,
): { fromPort: number; toPort: number } {
  const all = { fromPort: 0, toPort: 65535 };
  if (protocol === "-1" || protocol === "all" || protocol === -1) return all;
  if (fromPort === undefined || toPort === undefined) return all;
  return { fromPort: Number(fromPort), toPort: Number(toPort) };
}

/** Whether a security group is attached to one of the stack's load balancers (by dependency, or by ID). */
function belongsToLoadBalancer(rule: OpenRule, resources: PolicyResource[]): boolean {
  return resources
    .filter((r) => LOAD_BALANCER_TYPES.includes(r.type))
    .some((lb) => {
      const byDependency =
        rule.group !== undefined &&
        (lb.propertyDependencies?.securityGroups ?? []).some((g) => g.urn === rule.group?.urn);
      const byId =
        rule.groupId !== undefined &&
        list(lb.props.securityGroups as string[] | undefined).includes(rule.groupId);
      return byDependency || byId;
    });
}

/** Nothing is reachable from the internet except a load balancer's HTTP and HTTPS ports. */
export const sgNoPublicIngress: StackValidationPolicy = {
  name: "sg-no-public-ingress",
  description:
    "No security group admits 0.0.0.0/0 or ::/0, except a load balancer's group on ports 80 and 443.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      publicPorts: {
        type: "array",
        items: { type: "integer" },
        description: "Ports a load balancer may open to the internet",
      },
    },
  },
  validateStack: (args, report) => {
    const { publicPorts } = {
      publicPorts: [80, 443],
      ...withoutLevel(args.getConfig<{ publicPorts?: number[] }>()),
    };
    for (const rule of openRules(args.resources)) {
      const singlePublicPort = rule.fromPort === rule.toPort && publicPorts.includes(rule.fromPort);
      if (singlePublicPort && belongsToLoadBalancer(rule, args.resources)) continue;
      const ports =
        rule.fromPort === rule.toPort ? `port ${rule.fromPort}` : `ports ${rule.fromPort}-${rule.toPort}`;
      report(
        `"${rule.resource.name}" opens ${ports} to the internet; only a load balancer may, on ${publicPorts.join("/")}`,
        rule.resource.urn,
      );
    }
  },
};
