import assert from "node:assert/strict";
import type { PolicyDocument } from "../../lib/iam/policy-document";
import type { Principal } from "../support/iam-evaluation";
import {
  ACCOUNT,
  doc,
  EvaluationTable,
  loadPlanned,
  type Planned,
  REGION,
  type RoleName,
} from "./permissions-fixture";

/**
 * The explicit denies of the planned CI role documents and boundaries hold on their own: evaluated with an
 * allow-everything statement added (a later edit that grants too much), what they guard stays denied, and
 * what they leave alone is allowed. The statement ids follow AWS's grammar (unique, ASCII letters/digits).
 */

const ALLOW_ALL: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
};
const TAG = "pantstack:environment";
const role = (path: string, name: string) => `arn:aws:iam::${ACCOUNT}:role${path}${name}`;
const boundary = (env: string) =>
  `arn:aws:iam::${ACCOUNT}:policy/pantstack/boundaries/pantstack-${env}-boundary`;
const SERVICE_LINKED_AUTOSCALING = role(
  "/aws-service-role/ecs.application-autoscaling.amazonaws.com/",
  "AWSServiceRoleForApplicationAutoScaling_ECSService",
);

describe("CI role denies, evaluated with an allow-all added (iam-simulate)", () => {
  let p: Planned;
  const table = new EvaluationTable(() => p);
  before(async () => {
    p = await loadPlanned();
  });
  after(() => table.checked("deny table"));
  const withAllowAll = (name: RoleName): Principal => ({
    arn: p.roles[name].arn,
    identity: [...p.roles[name].identity, ALLOW_ALL],
  });
  const boundaryOnly = (env: "test" | "prod" | "preview"): Principal => ({
    arn: role("/pantstack/test/", "api-task"),
    identity: [p.boundaries[env], ALLOW_ALL],
  });
  const call = (action: string, resource: string, context: Record<string, string | string[]> = {}) => ({
    action,
    resource,
    context: { "aws:RequestedRegion": REGION, ...context },
  });

  it("every statement has an action, a resource and a unique Sid of ASCII letters and digits (AWS's grammar)", () => {
    const documents = p.plans.shared.resources.flatMap((r): [string, PolicyDocument][] =>
      r.type === "aws:iam/rolePolicy:RolePolicy" || r.type === "aws:iam/policy:Policy"
        ? [[r.name, doc(r.inputs.policy)]]
        : [],
    );
    assert.equal(documents.length, 16, "six role policies, seven managed CI policies, three boundaries");
    for (const [name, d] of documents) {
      const statements = Array.isArray(d.Statement) ? d.Statement : [d.Statement];
      const sids = statements.map((s) => s.Sid);
      for (const sid of sids) assert.match(String(sid), /^[A-Za-z0-9]+$/, `${name}: Sid ${sid}`);
      // IAM refuses a statement without an action or a resource (an empty list is none).
      for (const s of statements) {
        const actions = [s.Action ?? s.NotAction].flat();
        const resources = [s.Resource ?? s.NotResource].flat();
        assert.ok(actions.length > 0 && actions.every(Boolean), `${name}: ${s.Sid} has no action`);
        assert.ok(resources.length > 0 && resources.every(Boolean), `${name}: ${s.Sid} has no resource`);
      }
      assert.equal(new Set(sids).size, sids.length, `${name}: duplicate Sid in ${sids.join(", ")}`);
    }
  });

  it("no CI role touches a CI role or a boundary, or takes a boundary off any role", async () => {
    const rows: Promise<string | undefined>[] = [];
    for (const name of ["deploy-test", "deploy-prod", "preview"] as const) {
      const who = withAllowAll(name);
      for (const target of ["image-push", "deploy-test", "deploy-prod", "preview"] as const) {
        rows.push(table.expect(who, call("iam:PutRolePolicy", p.roles[target].arn), "Denied"));
      }
      for (const env of ["test", "prod", "preview"]) {
        rows.push(table.expect(who, call("iam:CreatePolicyVersion", boundary(env)), "Denied"));
        rows.push(
          table.expect(
            who,
            call("iam:DeleteRolePermissionsBoundary", role(`/pantstack/${env}/`, "api-task")),
            "Denied",
          ),
        );
      }
      rows.push(
        table.expect(who, call("iam:DeleteRolePermissionsBoundary", role("/", "anything")), "Denied"),
      );
    }
    // What the denies leave alone: IAM outside the CI paths for the deploy roles.
    rows.push(
      table.expect(withAllowAll("deploy-test"), call("iam:GetRole", role("/", "anything")), "Allowed"),
      table.expect(
        withAllowAll("deploy-prod"),
        call("iam:CreatePolicy", `arn:aws:iam::${ACCOUNT}:policy/x`),
        "Allowed",
      ),
    );
    await table.all(rows);
  });

  it("nothing tagged, or to be tagged, as another environment; the release repository's reads excepted", async () => {
    const others: Record<RoleName, string[]> = {
      "deploy-test": ["shared", "prod"],
      "deploy-prod": ["shared", "test", "preview"],
      preview: ["shared", "test", "prod"],
      "image-push": [],
    };
    const vpc = `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-0123456789abcdef0`;
    const repository = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/pantstack`;
    const rows: Promise<string | undefined>[] = [];
    for (const name of ["deploy-test", "deploy-prod", "preview"] as const) {
      const who = withAllowAll(name);
      for (const env of ["shared", "test", "prod", "preview"]) {
        const foreign = others[name].includes(env);
        const expected = foreign ? "Denied" : "Allowed";
        rows.push(
          table.expect(who, call("ec2:DeleteVpc", vpc, { [`aws:ResourceTag/${TAG}`]: env }), expected),
          table.expect(who, call("ec2:CreateVpc", vpc, { [`aws:RequestTag/${TAG}`]: env }), expected),
        );
      }
      // Deploys check a release image exists; the preview role only looks up its own repository's images.
      const repositoryRead = name === "preview" ? "Denied" : "Allowed";
      const shared = { [`aws:ResourceTag/${TAG}`]: "shared" };
      rows.push(
        table.expect(who, call("ecr:DescribeImages", repository, shared), "Allowed"),
        table.expect(who, call("ecr:DescribeRepositories", repository, shared), repositoryRead),
        table.expect(who, call("ecr:DeleteRepository", repository, shared), "Denied"),
      );
    }
    // The preview role's own calls on shared's and test's resources, spared on purpose.
    const listener = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener/app/test-lb/0123456789abcdef/0123456789abcdef`;
    const preview = withAllowAll("preview");
    rows.push(
      table.expect(
        preview,
        call("elasticloadbalancing:CreateRule", listener, { [`aws:ResourceTag/${TAG}`]: "test" }),
        "Allowed",
      ),
      table.expect(
        preview,
        call("elasticloadbalancing:DeleteListener", listener, { [`aws:ResourceTag/${TAG}`]: "test" }),
        "Denied",
      ),
      table.expect(
        preview,
        call("iam:PassRole", role("/pantstack/preview/", "t"), { [`aws:ResourceTag/${TAG}`]: "shared" }),
        "Allowed",
      ),
      ...[
        "ecr:PutImage",
        "ecr:InitiateLayerUpload",
        "ecr:UploadLayerPart",
        "ecr:CompleteLayerUpload",
        "ecr:BatchCheckLayerAvailability",
        "ecr:DescribeImages",
      ].map((action) =>
        table.expect(
          preview,
          call(action, `${repository}-preview`, { [`aws:ResourceTag/${TAG}`]: "shared" }),
          "Allowed",
        ),
      ),
    );
    await table.all(rows);
  });

  it("the preview role: no IAM beyond its task roles and autoscaling's service-linked role, no deeper DNS names", async () => {
    const preview = withAllowAll("preview");
    const zone = `arn:aws:route53:::hostedzone/${String(p.plans.test.outputs.hostedZoneId)}`;
    const dns = (name: string) =>
      call("route53:ChangeResourceRecordSets", zone, {
        "route53:ChangeResourceRecordSetsNormalizedRecordNames": [name],
      });
    const rows = [
      ...[
        "iam:CreateRole",
        "iam:PutRolePolicy",
        "iam:AttachRolePolicy",
        "iam:DeleteRolePermissionsBoundary",
        "iam:TagRole",
        "iam:UntagRole",
      ].map((action) =>
        table.expect(preview, call(action, role("/pantstack/preview/", "api-task")), "Denied"),
      ),
      table.expect(preview, call("iam:GetRole", role("/pantstack/preview/", "api-task")), "Allowed"),
      table.expect(preview, call("iam:CreateServiceLinkedRole", SERVICE_LINKED_AUTOSCALING), "Allowed"),
      table.expect(preview, call("iam:GetRole", role("/", "anything")), "Denied"),
      table.expect(preview, call("iam:ListRoles", "*"), "Denied"),
      table.expect(preview, dns("preview-pr-3.pantstack.dev"), "Allowed"),
      table.expect(preview, dns("preview-pr-3.api.pantstack.dev"), "Denied"),
      table.expect(preview, dns("a.b.pantstack.dev"), "Denied"),
    ];
    await table.all(rows);
  });

  it("deploy roles never write DNS names of another environment, whatever else allows it", async () => {
    const zone = `arn:aws:route53:::hostedzone/${String(p.plans.test.outputs.hostedZoneId)}`;
    const dns = (names: string[]) =>
      call("route53:ChangeResourceRecordSets", zone, {
        "route53:ChangeResourceRecordSetsNormalizedRecordNames": names,
      });
    const t = withAllowAll("deploy-test");
    const prod = withAllowAll("deploy-prod");
    await table.all([
      table.expect(t, dns(["api.pantstack.dev"]), "Denied"),
      table.expect(t, dns(["_abc.api.pantstack.dev"]), "Denied"),
      table.expect(t, dns(["test.pantstack.dev", "api.pantstack.dev"]), "Denied"),
      table.expect(t, dns(["test.pantstack.dev", "other.pantstack.dev"]), "Allowed"),
      table.expect(prod, dns(["test.pantstack.dev"]), "Denied"),
      table.expect(prod, dns(["_abc.test.pantstack.dev"]), "Denied"),
      table.expect(prod, dns(["preview-pr-3.pantstack.dev"]), "Denied"),
      table.expect(prod, dns(["_abc.preview-pr-3.pantstack.dev"]), "Denied"),
      table.expect(prod, dns(["api.pantstack.dev", "other.pantstack.dev"]), "Allowed"),
    ]);
  });

  it("a boundary never allows IAM or assuming a role, whatever the role's own policy says", async () => {
    const rows: Promise<string | undefined>[] = [];
    for (const env of ["test", "prod", "preview"] as const) {
      for (const [action, resource] of [
        ["iam:CreateRole", role("/", "x")],
        ["iam:PassRole", role("/", "x")],
        ["iam:ListRoles", "*"],
        ["sts:AssumeRole", role("/", "admin")],
      ]) {
        rows.push(table.expect(boundaryOnly(env), call(action, resource), "Denied"));
      }
    }
    await table.all(rows);
  });
});
