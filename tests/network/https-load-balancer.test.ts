import assert from "node:assert/strict";
import { HttpsLoadBalancer, type HttpsLoadBalancerArgs } from "../../lib/network/https-load-balancer";
import { ofType, one, refusedBeforeRegistration, run } from "../harness";

const base: HttpsLoadBalancerArgs = {
  vpcId: "vpc-1",
  vpcCidrBlock: "10.0.0.0/16",
  subnetIds: ["subnet-a", "subnet-b"],
  domainNames: ["test.example.com", "*.example.com"],
  hostedZoneId: "Z123",
};
const lb = (args: Partial<HttpsLoadBalancerArgs> = {}) =>
  run(() => new HttpsLoadBalancer("edge", { ...base, ...args }));

describe("HttpsLoadBalancer", () => {
  it("serves HTTPS with a TLS 1.3 policy and answers 404 for hosts no service claimed", async () => {
    const result = await lb();
    const https = ofType(result, "aws:lb/listener:Listener").find((l) => l.inputs.port === 443);
    assert.equal(https?.inputs.protocol, "HTTPS");
    assert.equal(https?.inputs.sslPolicy, "ELBSecurityPolicy-TLS13-1-2-2021-06");
    assert.deepEqual(https?.inputs.defaultActions, [
      {
        type: "fixed-response",
        fixedResponse: { statusCode: "404", contentType: "text/plain", messageBody: "Not found" },
      },
    ]);
    assert.equal(https?.inputs.certificateArn, one(result, "aws:acm/certificate:Certificate").outputs.arn);
  });

  it("only redirects on port 80", async () => {
    const http = ofType(await lb(), "aws:lb/listener:Listener").find((l) => l.inputs.port === 80);
    assert.deepEqual(http?.inputs.defaultActions, [
      { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
    ]);
  });

  it("drops invalid header fields and protects itself from deletion when asked", async () => {
    const off = one(await lb(), "aws:lb/loadBalancer:LoadBalancer");
    assert.equal(off.inputs.dropInvalidHeaderFields, true);
    assert.equal(off.inputs.enableDeletionProtection, false);
    const on = one(await lb({ deletionProtection: true }), "aws:lb/loadBalancer:LoadBalancer");
    assert.equal(on.inputs.enableDeletionProtection, true);
    assert.equal(on.options.protect, true);
  });

  it("validates the certificate by DNS with one record per distinct name (wildcards share theirs)", async () => {
    const result = await lb();
    const cert = one(result, "aws:acm/certificate:Certificate");
    assert.deepEqual(
      [cert.inputs.domainName, cert.inputs.subjectAlternativeNames, cert.inputs.validationMethod],
      ["test.example.com", ["*.example.com"], "DNS"],
    );
    const records = ofType(result, "aws:route53/record:Record");
    assert.deepEqual(
      records.map((r) => r.name),
      ["edge-cert-test.example.com", "edge-cert-example.com"],
    );
    assert.ok(records.every((r) => r.inputs.type === "CNAME" && r.inputs.zoneId === "Z123"));
    assert.match(String(records[1].inputs.name), /^_[0-9a-f]{32}\.example\.com\.$/);
    const validation = one(result, "aws:acm/certificateValidation:CertificateValidation");
    assert.deepEqual(
      validation.inputs.validationRecordFqdns,
      records.map((r) => r.outputs.fqdn),
    );
  });

  it("opens 80 and 443 to the internet and nothing else, and sends only into the VPC", async () => {
    const result = await lb();
    const ingress = ofType(result, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    assert.deepEqual(
      ingress.map((r) => [r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4]),
      [
        [80, 80, "0.0.0.0/0"],
        [443, 443, "0.0.0.0/0"],
      ],
    );
    assert.equal(
      one(result, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").inputs.cidrIpv4,
      "10.0.0.0/16",
    );
  });

  const invalid: [Partial<HttpsLoadBalancerArgs>, RegExp][] = [
    [
      { sslPolicy: "ELBSecurityPolicy-2016-08" },
      /sslPolicy: "ELBSecurityPolicy-2016-08" .*ELBSecurityPolicy-TLS13-1-2-2021-06/,
    ],
    [{ subnetIds: ["subnet-a"] }, /subnetIds: 1 .*at least 2 availability zones/],
    [{ domainNames: [] }, /domainNames: \[\] .*at least one/],
    [{ domainNames: ["Example.com"] }, /domainNames: "Example\.com"/],
    [{ idleTimeoutSeconds: 0 }, /idleTimeoutSeconds: 0/],
  ];
  for (const [args, message] of invalid) {
    it(`refuses ${JSON.stringify(args)}`, async () => {
      await refusedBeforeRegistration(() => new HttpsLoadBalancer("edge", { ...base, ...args }), message);
    });
  }

  it("refuses a name too long for ALB's 32 characters once autonamed", async () => {
    await refusedBeforeRegistration(
      () => new HttpsLoadBalancer("an-extremely-long-balancer-name", base),
      /1 to 24 characters/,
    );
  });
});
