import {
  ACCOUNT,
  EvaluationTable,
  loadPlanned,
  type Planned,
  REGION,
  type RoleName,
} from "./permissions-fixture";

/**
 * The conditions of the CI roles' statements on "*" and on wildcard ARNs, evaluated by iam-simulate over the
 * documents the `shared` stack plans: the region, the certificate names, the services a service-linked role
 * is for, the autoscaling namespace, Spot for previews, and the alarms target tracking creates.
 */

const OTHER_REGION = "eu-west-1";
const TAG = "pantstack:environment";

describe("CI roles: regions, certificates, service-linked roles and autoscaling, evaluated (iam-simulate)", () => {
  let p: Planned;
  const table = new EvaluationTable(() => p);
  before(async () => {
    p = await loadPlanned();
  });
  after(() => table.checked("condition table"));
  const inRegion = (region: string, context: Record<string, string | string[]> = {}) => ({
    "aws:RequestedRegion": region,
    ...context,
  });

  it("the calls on '*' work in the stack's region only", async () => {
    const vpc = (region: string) => `arn:aws:ec2:${region}:${ACCOUNT}:vpc/vpc-0123456789abcdef0`;
    const sg = (region: string) => `arn:aws:ec2:${region}:${ACCOUNT}:security-group/sg-0123456789abcdef0`;
    const lb = (region: string) =>
      `arn:aws:elasticloadbalancing:${region}:${ACCOUNT}:loadbalancer/app/test-lb/0123456789abcdef`;
    const rows: Promise<string | undefined>[] = [];
    const both = (role: RoleName, action: string, resource: (region: string) => string) =>
      rows.push(
        table.expect(role, { action, resource: resource(REGION), context: inRegion(REGION) }, "Allowed"),
        table.expect(
          role,
          { action, resource: resource(OTHER_REGION), context: inRegion(OTHER_REGION) },
          "Denied",
        ),
      );
    for (const role of ["deploy-test", "deploy-prod"] as const) {
      both(role, "ec2:DescribeVpcs", () => "*");
      both(role, "cloudwatch:DescribeAlarms", () => "*");
      both(role, "ec2:CreateVpc", vpc);
      both(role, "ec2:RevokeSecurityGroupIngress", sg);
      both(role, "elasticloadbalancing:CreateLoadBalancer", lb);
      both(role, "elasticloadbalancing:SetSubnets", lb);
    }
    both("preview", "ecs:DescribeTaskDefinition", () => "*");
    both("preview", "logs:DescribeLogGroups", () => "*");
    both("preview", "application-autoscaling:DescribeScheduledActions", () => "*");
    await table.all(rows);
  });

  it("a deploy role requests certificates only for its own host names, in its region", async () => {
    const request = (names: string[], region = REGION) => ({
      action: "acm:RequestCertificate",
      resource: "*",
      context: inRegion(region, { "acm:DomainNames": names }),
    });
    await table.all([
      table.expect("deploy-test", request(["test.pantstack.dev", "*.pantstack.dev"]), "Allowed"),
      table.expect("deploy-test", request(["test.pantstack.dev"], OTHER_REGION), "Denied"),
      table.expect("deploy-test", request(["api.pantstack.dev"]), "Denied"),
      table.expect("deploy-test", request(["test.pantstack.dev", "api.pantstack.dev"]), "Denied"),
      table.expect("deploy-prod", request(["api.pantstack.dev"]), "Allowed"),
      table.expect("deploy-prod", request(["*.pantstack.dev"]), "Denied"),
      table.expect("deploy-prod", request(["test.pantstack.dev"]), "Denied"),
      table.expect("preview", request(["preview-pr-3.pantstack.dev"]), "Denied"),
    ]);
  });

  it("service-linked roles only for ECS, load balancing and ECS autoscaling (previews: autoscaling only)", async () => {
    const linked = (service: string) => ({
      action: "iam:CreateServiceLinkedRole",
      resource: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/${service}/AWSServiceRole`,
      context: { "iam:AWSServiceName": service },
    });
    const rows: Promise<string | undefined>[] = [];
    for (const role of ["deploy-test", "deploy-prod"] as const) {
      for (const service of [
        "ecs.amazonaws.com",
        "elasticloadbalancing.amazonaws.com",
        "ecs.application-autoscaling.amazonaws.com",
      ]) {
        rows.push(table.expect(role, linked(service), "Allowed"));
      }
      rows.push(table.expect(role, linked("lambda.amazonaws.com"), "Denied"));
      rows.push(
        table.expect(
          role,
          { ...linked("ecs.amazonaws.com"), resource: `arn:aws:iam::${ACCOUNT}:role/ecs/AWSServiceRole` },
          "Denied",
        ),
      );
    }
    rows.push(
      table.expect("preview", linked("ecs.application-autoscaling.amazonaws.com"), "Allowed"),
      table.expect("preview", linked("ecs.amazonaws.com"), "Denied"),
      // The right path, another service's name.
      table.expect(
        "preview",
        {
          ...linked("ecs.amazonaws.com"),
          resource: linked("ecs.application-autoscaling.amazonaws.com").resource,
        },
        "Denied",
      ),
      table.expect("preview", linked("elasticloadbalancing.amazonaws.com"), "Denied"),
      table.expect("image-push", linked("ecs.application-autoscaling.amazonaws.com"), "Denied"),
    );
    await table.all(rows);
  });

  it("scalable targets of ECS only, and target tracking alarms of the role's own cluster only", async () => {
    const target = `arn:aws:application-autoscaling:${REGION}:${ACCOUNT}:scalable-target/0123456789abcdef`;
    const scaling = (action: string, namespace: string) => ({
      action,
      resource: target,
      context: inRegion(REGION, { "application-autoscaling:service-namespace": namespace }),
    });
    const alarm = (cluster: string) => ({
      action: "cloudwatch:PutMetricAlarm",
      resource: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:TargetTracking-service/${cluster}/api-AlarmHigh-1`,
      context: inRegion(REGION),
    });
    const rows: Promise<string | undefined>[] = [];
    for (const role of ["deploy-test", "deploy-prod"] as const) {
      for (const action of [
        "application-autoscaling:RegisterScalableTarget",
        "application-autoscaling:PutScalingPolicy",
        "application-autoscaling:DeleteScheduledAction",
      ]) {
        rows.push(table.expect(role, scaling(action, "ecs"), "Allowed"));
        rows.push(table.expect(role, scaling(action, "dynamodb"), "Denied"));
      }
    }
    rows.push(
      table.expect("deploy-test", alarm("pantstack-test"), "Allowed"),
      table.expect("deploy-test", alarm("pantstack-prod"), "Denied"),
      table.expect("deploy-prod", alarm("pantstack-prod"), "Allowed"),
      table.expect("deploy-prod", alarm("pantstack-test"), "Denied"),
      table.expect(
        "deploy-test",
        { ...alarm("pantstack-test"), action: "cloudwatch:DeleteAlarms" },
        "Allowed",
      ),
      table.expect("preview", alarm("pantstack-test"), "Denied"),
    );
    // Previews scale only what is tagged (or being created) as a preview.
    const preview = (action: string, tags: Record<string, string>) => ({
      action,
      resource: target,
      context: inRegion(REGION, { "application-autoscaling:service-namespace": "ecs", ...tags }),
    });
    rows.push(
      table.expect(
        "preview",
        preview("application-autoscaling:RegisterScalableTarget", { [`aws:RequestTag/${TAG}`]: "preview" }),
        "Allowed",
      ),
      table.expect(
        "preview",
        preview("application-autoscaling:PutScheduledAction", { [`aws:ResourceTag/${TAG}`]: "preview" }),
        "Allowed",
      ),
      table.expect(
        "preview",
        preview("application-autoscaling:PutScheduledAction", { [`aws:ResourceTag/${TAG}`]: "test" }),
        "Denied",
      ),
      table.expect("preview", preview("application-autoscaling:DeregisterScalableTarget", {}), "Denied"),
    );
    await table.all(rows);
  });

  it("a preview service runs in test's cluster on Fargate Spot only", async () => {
    const spot = `arn:aws:ecs:${REGION}:${ACCOUNT}:capacity-provider/FARGATE_SPOT`;
    const onDemand = `arn:aws:ecs:${REGION}:${ACCOUNT}:capacity-provider/FARGATE`;
    const create = (providers: string[] | undefined, cluster = "pantstack-test") => ({
      action: "ecs:CreateService",
      resource: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${cluster}/preview-pr-3`,
      context: inRegion(REGION, {
        "ecs:cluster": `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${cluster}`,
        [`aws:RequestTag/${TAG}`]: "preview",
        ...(providers ? { "ecs:capacity-provider": providers } : {}),
      }),
    });
    const update = (providers: string[]) => ({
      action: "ecs:UpdateService",
      resource: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/pantstack-test/preview-pr-3`,
      context: inRegion(REGION, {
        "ecs:cluster": `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/pantstack-test`,
        [`aws:ResourceTag/${TAG}`]: "preview",
        "ecs:capacity-provider": providers,
      }),
    });
    await table.all([
      table.expect("preview", create([spot]), "Allowed"),
      table.expect("preview", create(["FARGATE_SPOT"]), "Allowed"),
      table.expect("preview", create([onDemand]), "Denied"),
      table.expect("preview", create([spot, onDemand]), "Denied"),
      table.expect("preview", create(undefined), "Denied"),
      table.expect("preview", create([spot], "pantstack-prod"), "Denied"),
      table.expect("preview", update([spot]), "Allowed"),
      table.expect("preview", update([onDemand]), "Denied"),
    ]);
  });
});
