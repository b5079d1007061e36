import assert from "node:assert/strict";
import { loadCatalog, parseCatalog } from "../../stacks/catalog";

const web = (extra = "") => `  - name: api\n    kind: web\n    image: services/api:image\n${extra}`;
const parse = (body: string) => parseCatalog(`services:\n${body}`, "services.yaml");
const fails = (body: string, message: RegExp) => assert.throws(() => parse(body), message);

describe("service catalog: parsing", () => {
  it("reads the repository's default catalog as today's single web service", () => {
    const catalog = loadCatalog("services.yaml");
    assert.equal(catalog.services.length, 1);
    const [api] = catalog.services;
    assert.equal(api.kind, "web");
    assert.deepEqual(
      api.kind === "web" && {
        name: api.name,
        port: api.port,
        healthPath: api.healthPath,
        cpu: api.cpu,
        memory: api.memory,
      },
      { name: "api", port: 8000, healthPath: "/health", cpu: 256, memory: 512 },
    );
  });

  it("reads the example catalog with one service of each kind", () => {
    const catalog = loadCatalog("examples/services.yaml");
    assert.deepEqual(
      catalog.services.map((s) => `${s.kind} ${s.name}`),
      ["web api", "web web", "backend auth", "worker events", "job nightly"],
    );
  });

  it("fills each kind's defaults", () => {
    const catalog = parse(
      `${web()}  - name: q\n    kind: worker\n    image: services/q:image\n  - name: n\n    kind: job\n    image: x:y\n    schedule: rate(1 day)\n`,
    );
    const [api, q, n] = catalog.services;
    assert.equal(api.kind === "web" && api.paths.length, 0);
    assert.deepEqual(q.kind === "worker" && q.queue, {
      visibilityTimeoutSeconds: 30,
      maxReceiveCount: 5,
      backlogPerTask: 10,
    });
    assert.deepEqual(n.kind === "job" && [n.timeZone, n.timeoutSeconds], ["UTC", 3600]);
  });

  it("names the file, the key path and the allowed values on one line", () => {
    const err = (() => {
      try {
        parse(web("    port: 70000\n"));
      } catch (e) {
        return e as Error;
      }
    })();
    assert.equal(err?.name, "ValidationError");
    assert.equal(err?.message, "services.yaml: services[0].port: 70000 is not allowed; expected 1 to 65535");
  });

  it("refuses an unknown kind", () => {
    fails(
      "  - name: x\n    kind: lambda\n    image: a:b\n",
      /^ValidationError: services.yaml: services\[0\]\.kind: "lambda" is not allowed; expected kind one of web, backend, worker, job$/,
    );
  });

  it("refuses a key the kind does not have", () => {
    fails(
      web("    schedule: rate(1 day)\n"),
      /services\[0\]\.schedule: "rate\(1 day\)" is not allowed; this key is not part/,
    );
  });

  it("refuses duplicate names", () => {
    fails(
      `${web()}${web("    hostLabel: other\n")}`,
      /services\[1\]\.name: "api" is not allowed; names must be unique; services\[0\] has it/,
    );
  });

  it("refuses clashing host labels and clashing paths", () => {
    fails(
      `${web()}  - name: b\n    kind: web\n    image: a:b\n`,
      /services\[1\]\.hostLabel: \(missing\) is not allowed; clashes with web service api/,
    );
    fails(
      `${web("    paths: [/v1/*]\n")}  - name: b\n    kind: web\n    image: a:b\n    paths: [/v1/*]\n`,
      /services\[1\]\.paths: "\/v1\/\*" is not allowed; clashes with web service api/,
    );
    assert.doesNotThrow(() =>
      parse(`${web()}  - name: b\n    kind: web\n    image: a:b\n    hostLabel: app\n`),
    );
  });

  it("refuses an unknown dependsOn and a cycle", () => {
    fails(
      web("    dependsOn: [nope]\n"),
      /services\[0\]\.dependsOn\[0\]: "nope" is not allowed; expected a service of this catalog: api/,
    );
    fails(
      `${web("    dependsOn: [b]\n")}  - name: b\n    kind: backend\n    image: a:b\n    dependsOn: [api]\n`,
      /services\[0\]\.dependsOn: \["b"\] is not allowed; dependsOn must not form a cycle: api -> b -> api/,
    );
  });

  it("refuses schedules AWS would refuse and accepts those it takes", () => {
    const job = (schedule: string, zone = "UTC") =>
      `  - name: n\n    kind: job\n    image: a:b\n    schedule: "${schedule}"\n    timeZone: ${zone}\n`;
    fails(
      job("cron(0 3 * * *)"),
      /schedule: "cron\(0 3 \* \* \*\)" is not allowed; expected cron\(<6 fields>\)/,
    );
    fails(job("rate(5 weeks)"), /schedule: "rate\(5 weeks\)" is not allowed/);
    fails(job("rate(1 days)"), /use "day" with 1/);
    fails(job("rate(5 minute)"), /use "minutes" with 5/);
    fails(job("cron(0 3 * * * *)"), /\? in exactly one of day-of-month and day-of-week/);
    fails(
      job("rate(1 day)", "Mars/Olympus"),
      /timeZone: "Mars\/Olympus" is not allowed; expected an IANA time zone/,
    );
    for (const ok of ["cron(0 3 * * ? *)", "cron(15 10 ? * MON-FRI *)", "rate(1 hour)", "rate(10 minutes)"]) {
      assert.doesNotThrow(() => parse(job(ok, "Europe/Berlin")), ok);
    }
  });

  it("refuses a Fargate size AWS does not offer", () => {
    fails(
      web("    cpu: 300\n"),
      /services\[0\]\.cpu: 300 is not allowed; Fargate cpu must be one of 256, 512/,
    );
    fails(
      web("    cpu: 256\n    memory: 4096\n"),
      /services\[0\]\.memory: 4096 is not allowed; with cpu 256, Fargate memory must be one of 512, 1024, 2048/,
    );
  });

  it("refuses half an autoscaling range and secrets that are not ARNs", () => {
    fails(
      web("    minCount: 1\n"),
      /services\[0\]\.maxCount: \(missing\) is not allowed; set minCount and maxCount together/,
    );
    fails(
      web("    secrets:\n      DB: hunter2\n"),
      /services\[0\]\.secrets\.DB: "hunter2" is not allowed; expected an SSM parameter or Secrets Manager ARN/,
    );
  });

  it("refuses a file that is not YAML or not readable", () => {
    assert.throws(
      () => parseCatalog("services: [", "x.yaml"),
      /^ValidationError: x.yaml: "\(unparsable\)" is not allowed; expected YAML/,
    );
    assert.throws(
      () => loadCatalog("nope/services.yaml"),
      /--services: "nope\/services.yaml" is not allowed; expected a readable/,
    );
  });
});
