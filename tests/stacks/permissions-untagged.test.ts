import { ACCOUNT, EvaluationTable, loadPlanned, type Planned, REGION } from "./permissions-fixture";

/**
 * The preview role on resources that carry no environment tag (made by hand, or by an older stack): the
 * deny on other environments' tags does not reach them, so the role's own conditions must (iam-simulate).
 */

const TAG = "pantstack:environment";

describe("the preview role on untagged resources (iam-simulate)", () => {
  let p: Planned;
  const table = new EvaluationTable(() => p);
  before(async () => {
    p = await loadPlanned();
  });
  after(() => table.checked("untagged table"));
  const service = `arn:aws:ecs:${REGION}:${ACCOUNT}:service/pantstack-test/preview-pr-3-api`;
  const family = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/preview-pr-3-api:1`;
  const targetGroup = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/pr-3/0123456789abcdef`;
  const target = `arn:aws:application-autoscaling:${REGION}:${ACCOUNT}:scalable-target/0123456789abcdef`;
  const call = (action: string, resource: string, context: Record<string, string | string[]> = {}) => ({
    action,
    resource,
    context: { "aws:RequestedRegion": REGION, ...context },
  });
  const isPreview = { [`aws:ResourceTag/${TAG}`]: "preview" };
  const tagsPreview = { [`aws:RequestTag/${TAG}`]: "preview" };
  const expiry = { "aws:RequestTag/pantstack:expires-at": "2026-12-01" };
  const autoscaling = { "application-autoscaling:service-namespace": "ecs" };

  it("changes, tags and creates only what is (or is being created as) a preview", async () => {
    await table.all([
      // Untagged: nothing.
      table.expect("preview", call("ecs:TagResource", service, expiry), "Denied"),
      table.expect("preview", call("ecs:UntagResource", service), "Denied"),
      table.expect("preview", call("ecs:TagResource", family, expiry), "Denied"),
      table.expect("preview", call("ecs:RegisterTaskDefinition", family), "Denied"),
      table.expect(
        "preview",
        call("ecs:TagResource", family, { "ecs:CreateAction": "RegisterTaskDefinition" }),
        "Denied",
      ),
      table.expect("preview", call("elasticloadbalancing:CreateTargetGroup", targetGroup), "Denied"),
      table.expect("preview", call("elasticloadbalancing:DeleteTargetGroup", targetGroup), "Denied"),
      table.expect(
        "preview",
        call("application-autoscaling:RegisterScalableTarget", target, autoscaling),
        "Denied",
      ),
      // Tagged as a preview (or being created as one): a redeploy retags, a destroy deletes.
      table.expect("preview", call("ecs:TagResource", family, { ...isPreview, ...expiry }), "Allowed"),
      table.expect("preview", call("ecs:UntagResource", family, isPreview), "Allowed"),
      table.expect("preview", call("ecs:RegisterTaskDefinition", family, tagsPreview), "Allowed"),
      table.expect(
        "preview",
        call("ecs:TagResource", family, { ...tagsPreview, "ecs:CreateAction": "RegisterTaskDefinition" }),
        "Allowed",
      ),
      table.expect(
        "preview",
        call("elasticloadbalancing:CreateTargetGroup", targetGroup, tagsPreview),
        "Allowed",
      ),
      table.expect(
        "preview",
        call("elasticloadbalancing:DeleteTargetGroup", targetGroup, isPreview),
        "Allowed",
      ),
      table.expect(
        "preview",
        call("elasticloadbalancing:ModifyTargetGroup", targetGroup, isPreview),
        "Allowed",
      ),
      table.expect(
        "preview",
        call("application-autoscaling:RegisterScalableTarget", target, { ...autoscaling, ...tagsPreview }),
        "Allowed",
      ),
    ]);
  });

  it("preview DNS records are A or AAAA aliases; prod validates its certificate by _<hash>.api", async () => {
    const zone = `arn:aws:route53:::hostedzone/${String(p.plans.test.outputs.hostedZoneId)}`;
    const dns = (name: string, type: string) =>
      call("route53:ChangeResourceRecordSets", zone, {
        "route53:ChangeResourceRecordSetsNormalizedRecordNames": [name],
        "route53:ChangeResourceRecordSetsRecordTypes": [type],
      });
    await table.all([
      table.expect("preview", dns("preview-pr-3.pantstack.dev", "A"), "Allowed"),
      table.expect("preview", dns("preview-pr-3.pantstack.dev", "AAAA"), "Allowed"),
      table.expect("preview", dns("preview-pr-3.pantstack.dev", "CNAME"), "Denied"),
      table.expect("deploy-prod", dns("_0123abcd.api.pantstack.dev", "CNAME"), "Allowed"),
      table.expect("deploy-test", dns("_0123abcd.test.pantstack.dev", "CNAME"), "Allowed"),
      table.expect("deploy-test", dns("_0123abcd.pantstack.dev", "CNAME"), "Allowed"),
    ]);
  });

  it("deploy roles find the zone by name (no resource-level permission: '*')", async () => {
    const rows = (["deploy-test", "deploy-prod"] as const).flatMap((role) =>
      ["route53:ListHostedZones", "route53:ListHostedZonesByName"].map((action) =>
        table.expect(role, call(action, "*"), "Allowed"),
      ),
    );
    await table.all(rows);
  });
});
