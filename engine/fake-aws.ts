import { createHash } from "node:crypto";
import { fakeGithubCall, fakeGithubCreate } from "./fake-github";

/** The account every fake ARN carries. */
export const FAKE_ACCOUNT_ID = "123456789012";

/** What a responder knows about one registration. */
export interface FakeContext {
  /** The logical name. */
  name: string;
  /** The resource inputs as the engine received them. */
  inputs: Record<string, unknown>;
  region: string;
  account: string;
  /** Deterministic hex of `length` characters, derived from the URN and `salt`. */
  hex(length: number, salt?: string): string;
}

type Responder = (ctx: FakeContext) => { id: string; state: Record<string, unknown> };

const str = (v: unknown, fallback = ""): string => (typeof v === "string" ? v : fallback);

/** Pulumi's autoname: the logical name, a dash and 7 hex digits. */
const autoname = (ctx: FakeContext, field = "name"): string =>
  str(ctx.inputs[field], `${ctx.name}-${ctx.hex(7)}`);

const arn = (ctx: FakeContext, service: string, resource: string, global = false): string =>
  `arn:aws:${service}:${global ? "" : ctx.region}:${ctx.account}:${resource}`;

/** ALB canonical hosted zone IDs by region (for alias records); the default is us-east-1's. */
const ALB_ZONE_IDS: Record<string, string> = {
  "us-east-1": "Z35SXDOTRQ7X7K",
  "us-east-2": "Z3AADJGX6KTTL2",
  "us-west-2": "Z1H1FL5HABSF5",
  "eu-west-1": "Z32O12XQLNTSW2",
  "eu-central-1": "Z215JYRZR1TBD5",
};

/** How AWS answers a create, per resource type: IDs, ARNs, URLs and DNS names in their real formats. */
const RESPONDERS: Record<string, Responder> = {
  "aws:ecr/repository:Repository": (ctx) => {
    const name = autoname(ctx);
    return {
      id: name,
      state: {
        name,
        arn: arn(ctx, "ecr", `repository/${name}`),
        registryId: ctx.account,
        repositoryUrl: `${ctx.account}.dkr.ecr.${ctx.region}.amazonaws.com/${name}`,
      },
    };
  },
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (ctx) => {
    const host = str(ctx.inputs.url).replace(/^https:\/\//, "");
    const id = arn(ctx, "iam", `oidc-provider/${host}`, true);
    return { id, state: { arn: id } };
  },
  "aws:iam/role:Role": (ctx) => {
    const name = autoname(ctx);
    return {
      id: name,
      state: {
        name,
        arn: arn(ctx, "iam", `role${str(ctx.inputs.path, "/")}${name}`, true),
        uniqueId: `AROA${ctx.hex(17).toUpperCase()}`,
      },
    };
  },
  "aws:iam/policy:Policy": (ctx) => {
    const name = autoname(ctx);
    const id = arn(ctx, "iam", `policy${str(ctx.inputs.path, "/")}${name}`, true);
    return { id, state: { name, arn: id } };
  },
  "aws:iam/rolePolicy:RolePolicy": (ctx) => ({
    id: `${str(ctx.inputs.role)}:${autoname(ctx)}`,
    state: { name: autoname(ctx) },
  }),
  "aws:ec2/vpc:Vpc": (ctx) => {
    const id = `vpc-${ctx.hex(17)}`;
    return {
      id,
      state: {
        arn: arn(ctx, "ec2", `vpc/${id}`),
        defaultSecurityGroupId: `sg-${ctx.hex(17, "default-sg")}`,
        mainRouteTableId: `rtb-${ctx.hex(17, "main-rtb")}`,
      },
    };
  },
  "aws:ec2/subnet:Subnet": (ctx) => {
    const id = `subnet-${ctx.hex(17)}`;
    return { id, state: { arn: arn(ctx, "ec2", `subnet/${id}`) } };
  },
  "aws:ec2/internetGateway:InternetGateway": (ctx) => ({ id: `igw-${ctx.hex(17)}`, state: {} }),
  "aws:ec2/natGateway:NatGateway": (ctx) => ({ id: `nat-${ctx.hex(17)}`, state: { publicIp: fakeIp(ctx) } }),
  "aws:ec2/eip:Eip": (ctx) => ({
    id: `eipalloc-${ctx.hex(17)}`,
    state: { allocationId: `eipalloc-${ctx.hex(17)}`, publicIp: fakeIp(ctx) },
  }),
  "aws:ec2/routeTable:RouteTable": (ctx) => ({ id: `rtb-${ctx.hex(17)}`, state: {} }),
  "aws:ec2/routeTableAssociation:RouteTableAssociation": (ctx) => ({
    id: `rtbassoc-${ctx.hex(17)}`,
    state: {},
  }),
  "aws:ec2/route:Route": (ctx) => ({ id: `r-${ctx.hex(17)}`, state: {} }),
  "aws:ec2/securityGroup:SecurityGroup": (ctx) => {
    const id = `sg-${ctx.hex(17)}`;
    return { id, state: { name: autoname(ctx), arn: arn(ctx, "ec2", `security-group/${id}`) } };
  },
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": (ctx) => ({
    id: `sgr-${ctx.hex(17)}`,
    state: { securityGroupRuleId: `sgr-${ctx.hex(17)}` },
  }),
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": (ctx) => ({
    id: `sgr-${ctx.hex(17)}`,
    state: { securityGroupRuleId: `sgr-${ctx.hex(17)}` },
  }),
  "aws:ecs/cluster:Cluster": (ctx) => {
    const name = autoname(ctx);
    const id = arn(ctx, "ecs", `cluster/${name}`);
    return { id, state: { name, arn: id } };
  },
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": (ctx) => ({
    id: str(ctx.inputs.clusterName),
    state: {},
  }),
  "aws:ecs/taskDefinition:TaskDefinition": (ctx) => {
    const family = str(ctx.inputs.family, ctx.name);
    const withoutRevision = arn(ctx, "ecs", `task-definition/${family}`);
    return {
      id: family,
      state: { arn: `${withoutRevision}:1`, arnWithoutRevision: withoutRevision, revision: 1 },
    };
  },
  "aws:ecs/service:Service": (ctx) => {
    const name = autoname(ctx);
    const cluster = str(ctx.inputs.cluster).split("/").pop() ?? "default";
    const id = arn(ctx, "ecs", `service/${cluster}/${name}`);
    return { id, state: { name, arn: id } };
  },
  "aws:lb/loadBalancer:LoadBalancer": (ctx) => {
    const name = autoname(ctx);
    const suffix = `app/${name}/${ctx.hex(16)}`;
    return {
      id: arn(ctx, "elasticloadbalancing", `loadbalancer/${suffix}`),
      state: {
        name,
        arn: arn(ctx, "elasticloadbalancing", `loadbalancer/${suffix}`),
        arnSuffix: suffix,
        dnsName: `${name}-${Number.parseInt(ctx.hex(8), 16)}.${ctx.region}.elb.amazonaws.com`,
        zoneId: ALB_ZONE_IDS[ctx.region] ?? ALB_ZONE_IDS["us-east-1"],
      },
    };
  },
  "aws:lb/targetGroup:TargetGroup": (ctx) => {
    const name = autoname(ctx);
    const suffix = `targetgroup/${name}/${ctx.hex(16)}`;
    const id = arn(ctx, "elasticloadbalancing", suffix);
    return { id, state: { name, arn: id, arnSuffix: suffix } };
  },
  "aws:lb/listener:Listener": (ctx) => {
    const lb = str(ctx.inputs.loadBalancerArn).split(":loadbalancer/").pop() ?? `app/lb/${ctx.hex(16, "lb")}`;
    const id = arn(ctx, "elasticloadbalancing", `listener/${lb}/${ctx.hex(16)}`);
    return { id, state: { arn: id } };
  },
  "aws:lb/listenerRule:ListenerRule": (ctx) => {
    const listener = str(ctx.inputs.listenerArn).split(":listener/").pop() ?? `app/lb/${ctx.hex(16, "lb")}/x`;
    const id = arn(ctx, "elasticloadbalancing", `listener-rule/${listener}/${ctx.hex(16)}`);
    return { id, state: { arn: id } };
  },
  "aws:acm/certificate:Certificate": (ctx) => {
    const id = arn(ctx, "acm", `certificate/${uuid(ctx)}`);
    const domains = [str(ctx.inputs.domainName), ...((ctx.inputs.subjectAlternativeNames as string[]) ?? [])];
    // AWS returns one validation record per distinct base name: `*.example.com` shares `example.com`'s.
    const byBase = new Map<string, string>();
    for (const domain of domains) {
      const base = domain.replace(/^\*\./, "");
      if (!byBase.has(base)) byBase.set(base, domain);
    }
    const domainValidationOptions = domains.map((domainName) => {
      const base = domainName.replace(/^\*\./, "");
      return {
        domainName,
        resourceRecordName: `_${ctx.hex(32, base)}.${base}.`,
        resourceRecordType: "CNAME",
        resourceRecordValue: `_${ctx.hex(32, `${base}-value`)}.acm-validations.aws.`,
      };
    });
    return { id, state: { arn: id, domainValidationOptions, status: "ISSUED" } };
  },
  "aws:acm/certificateValidation:CertificateValidation": (ctx) => ({
    id: str(ctx.inputs.certificateArn),
    state: {},
  }),
  "aws:route53/record:Record": (ctx) => {
    const name = str(ctx.inputs.name).replace(/\.$/, "");
    return {
      id: `${str(ctx.inputs.zoneId)}_${name}_${str(ctx.inputs.type)}`,
      state: { fqdn: name },
    };
  },
  "aws:cloudwatch/logGroup:LogGroup": (ctx) => {
    const name = autoname(ctx);
    return { id: name, state: { name, arn: arn(ctx, "logs", `log-group:${name}`) } };
  },
  "aws:appautoscaling/target:Target": (ctx) => ({
    id: str(ctx.inputs.resourceId),
    state: { arn: arn(ctx, "application-autoscaling", `scalable-target/${ctx.hex(24)}`) },
  }),
  "aws:appautoscaling/policy:Policy": (ctx) => {
    const name = autoname(ctx);
    return {
      id: name,
      state: {
        name,
        arn: arn(
          ctx,
          "autoscaling",
          `scalingPolicy:${uuid(ctx)}:resource/${str(ctx.inputs.resourceId)}:policyName/${name}`,
        ),
      },
    };
  },
  // SQS: the ID is the queue URL; a queue is named by its last ARN field. Source:
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-queue-message-identifiers.html
  "aws:sqs/queue:Queue": (ctx) => {
    const name = autoname(ctx);
    const url = `https://sqs.${ctx.region}.amazonaws.com/${ctx.account}/${name}`;
    return { id: url, state: { name, url, arn: arn(ctx, "sqs", name) } };
  },
  "aws:sqs/redrivePolicy:RedrivePolicy": (ctx) => ({ id: str(ctx.inputs.queueUrl), state: {} }),
  "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy": (ctx) => ({ id: str(ctx.inputs.queueUrl), state: {} }),
  // Cloud Map: namespace IDs are `ns-` and 16 lowercase letters or digits; the ARN ends with the ID. Source:
  // https://docs.aws.amazon.com/cloud-map/latest/api/API_Namespace.html
  "aws:servicediscovery/httpNamespace:HttpNamespace": (ctx) => {
    const id = `ns-${ctx.hex(16)}`;
    const name = autoname(ctx);
    return { id, state: { name, httpName: name, arn: arn(ctx, "servicediscovery", `namespace/${id}`) } };
  },
  // EventBridge Scheduler: the provider's ID is `<group>/<name>`. Source:
  // https://docs.aws.amazon.com/scheduler/latest/APIReference/API_GetSchedule.html
  "aws:scheduler/schedule:Schedule": (ctx) => {
    const name = autoname(ctx);
    const group = str(ctx.inputs.groupName, "default");
    return {
      id: `${group}/${name}`,
      state: { name, groupName: group, arn: arn(ctx, "scheduler", `schedule/${group}/${name}`) },
    };
  },
  // SNS topic ARNs are `arn:aws:sns:<region>:<account>:<name>`; the ID is the ARN.
  "aws:sns/topic:Topic": (ctx) => {
    const name = autoname(ctx);
    const id = arn(ctx, "sns", name);
    return { id, state: { name, arn: id, owner: ctx.account } };
  },
  "aws:sns/topicPolicy:TopicPolicy": (ctx) => ({ id: str(ctx.inputs.arn), state: { owner: ctx.account } }),
  // Alarm ARNs are `arn:aws:cloudwatch:<region>:<account>:alarm:<name>`; the ID is the name.
  "aws:cloudwatch/metricAlarm:MetricAlarm": (ctx) => {
    const name = autoname(ctx);
    return { id: name, state: { name, arn: arn(ctx, "cloudwatch", `alarm:${name}`) } };
  },
  // Chatbot is global: its ARNs carry no region (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awschatbot.html).
  "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration": (ctx) => {
    const id = arn(
      ctx,
      "chatbot",
      `chat-configuration/slack-channel/${str(ctx.inputs.configurationName)}`,
      true,
    );
    return { id, state: { chatConfigurationArn: id } };
  },
  "aws:kms/key:Key": (ctx) => {
    const id = uuid(ctx);
    return { id, state: { keyId: id, arn: arn(ctx, "kms", `key/${id}`) } };
  },
};

function fakeIp(ctx: FakeContext): string {
  const bytes = ctx
    .hex(4, "ip")
    .match(/../g)
    ?.map((h) => Number.parseInt(h, 16)) ?? [1, 2, 3, 4];
  return `3.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
}

function uuid(ctx: FakeContext): string {
  const h = ctx.hex(32, "uuid");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Deterministic hex digits from a seed. */
export function hexFrom(seed: string, length: number): string {
  let out = "";
  for (let i = 0; out.length < length; i++) out += createHash("sha256").update(`${seed}#${i}`).digest("hex");
  return out.slice(0, length);
}

/**
 * The outputs AWS would return for a new resource: the inputs, plus IDs, ARNs and names in AWS's formats.
 * Types without a responder get a generic ID and ARN, so a program using a new type still plans.
 */
export function fakeCreate(
  type: string,
  name: string,
  urn: string,
  inputs: Record<string, unknown>,
  region: string,
): { id: string; state: Record<string, unknown> } {
  const ctx: FakeContext = {
    name,
    inputs,
    region,
    account: FAKE_ACCOUNT_ID,
    hex: (length, salt = "") => hexFrom(`${urn}|${salt}`, length),
  };
  if (type.startsWith("github:")) return fakeGithubCreate(type, urn, inputs);
  const responder = RESPONDERS[type];
  if (responder) {
    const { id, state } = responder(ctx);
    return { id, state: { ...inputs, ...state } };
  }
  const [pkg, module] = type.split(":");
  const id = `${name}-${ctx.hex(8)}`;
  return { id, state: { ...inputs, arn: arn(ctx, module?.split("/")[0] ?? pkg, `${name}/${id}`) } };
}

/** Answers provider function calls (data sources) the way AWS would for the fake account. */
export function fakeCall(
  token: string,
  inputs: Record<string, unknown>,
  region: string,
): Record<string, unknown> {
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        accountId: FAKE_ACCOUNT_ID,
        arn: `arn:aws:sts::${FAKE_ACCOUNT_ID}:assumed-role/plan/offline`,
        userId: "AROAPLANOFFLINE:offline",
        id: FAKE_ACCOUNT_ID,
      };
    case "aws:index/getRegion:getRegion":
      return { name: region, region, id: region, endpoint: `ec2.${region}.amazonaws.com` };
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
    case "aws:index/getAvailabilityZones:getAvailabilityZones": {
      const names = ["a", "b", "c"].map((s) => `${region}${s}`);
      return { names, zoneIds: names.map((_, i) => `use1-az${i + 1}`), id: region };
    }
    case "aws:route53/getZone:getZone": {
      const zone = str(inputs.name).replace(/\.$/, "");
      const zoneId = `Z${hexFrom(`zone|${zone}`, 20).toUpperCase()}`;
      return { zoneId, id: zoneId, name: zone, nameServers: [`ns-1.awsdns-01.org`] };
    }
    default:
      if (token.startsWith("github:")) return fakeGithubCall(token, inputs);
      throw new Error(
        `the offline engine cannot answer the data source ${token}; add it to engine/fake-aws.ts`,
      );
  }
}
