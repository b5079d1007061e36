import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "selfsigned";
import { main } from "../../../delivery/smoke/cli";

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** Answers JSON `{status, version}` with `status` 200. */
const healthy =
  (version = "1.3.0"): Handler =>
  (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "x-version": `v${version}` });
    res.end(JSON.stringify({ status: "ok", build: { version } }));
  };

/** A self-signed certificate (its own CA) for `altNames`, valid from `from` to `to`. */
async function certificate(altNames: { type: 2 | 7; value?: string; ip?: string }[], from: Date, to: Date) {
  const pems = await generate([{ name: "commonName", value: "pantstack test" }], {
    keyType: "ec",
    algorithm: "sha256",
    notBeforeDate: from,
    notAfterDate: to,
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", digitalSignature: true, keyCertSign: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

describe("npm run smoke against servers on 127.0.0.1", () => {
  const DAY = 86_400_000;
  let dir: string;
  const servers: http.Server[] = [];
  const certs: Record<"loopback" | "otherHost" | "expired", { key: string; cert: string; file: string }> =
    {} as never;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "pantstack-smoke-"));
    const now = Date.now();
    const made = {
      loopback: await certificate(
        [{ type: 7, ip: "127.0.0.1" }],
        new Date(now - DAY),
        new Date(now + 365 * DAY),
      ),
      otherHost: await certificate(
        [{ type: 2, value: "api.other.example" }],
        new Date(now - DAY),
        new Date(now + 365 * DAY),
      ),
      expired: await certificate(
        [{ type: 7, ip: "127.0.0.1" }],
        new Date(now - 60 * DAY),
        new Date(now - DAY),
      ),
    };
    for (const [name, pem] of Object.entries(made)) {
      const file = join(dir, `${name}.pem`);
      writeFileSync(file, pem.cert);
      certs[name as keyof typeof certs] = { ...pem, file };
    }
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  /** Starts a server on 127.0.0.1 and returns its base URL. */
  async function serve(handler: Handler, tls?: { key: string; cert: string }): Promise<string> {
    const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return `${tls ? "https" : "http"}://127.0.0.1:${port}`;
  }

  async function smoke(...argv: string[]) {
    let stdout = "";
    let stderr = "";
    const started = Date.now();
    const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    const tries = stderr.split("\n").filter((l) => l.startsWith("try "));
    return { code, stdout, stderr, tries, ms: Date.now() - started };
  }

  const fast = ["--interval", "0.05", "--max-interval", "0.1", "--request-timeout", "1"];

  it("--services checks every web service of the stack at its catalog health path, side by side", async () => {
    const catalog = join(dir, "services.yaml");
    writeFileSync(
      catalog,
      [
        "services:",
        "  - { name: api, kind: web, image: services/api:image, port: 8000, healthPath: /health }",
        "  - { name: web, kind: web, image: services/web:image, port: 3000, healthPath: /healthz, hostLabel: app }",
        "  - { name: auth, kind: backend, image: services/auth:image, port: 8080 }",
      ].join("\n"),
    );
    const seen: string[] = [];
    const api = await serve((req, res) => {
      seen.push(`api ${req.url}`);
      healthy("1.3.0")(req, res);
    });
    let webHealthy = false;
    const web = await serve((req, res) => {
      seen.push(`web ${req.url}`);
      if (webHealthy) return healthy("1.3.0")(req, res);
      res.writeHead(503);
      res.end();
    });
    const outputs = join(dir, "services.json");
    writeFileSync(
      outputs,
      JSON.stringify({
        api: { kind: "web", address: api },
        web: { kind: "web", address: web },
        auth: { kind: "backend", address: "http://auth:8080" },
      }),
    );
    const args = ["--services", outputs, "--catalog", catalog, "--timeout", "0.5", ...fast];
    const bad = await smoke(...args);
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stdout, new RegExp(`^healthy: ${api}/health status 200`, "m"));
    assert.match(bad.stdout, new RegExp(`^not healthy: ${web}/healthz `, "m"));
    assert.ok(seen.includes("api /health") && seen.includes("web /healthz"), seen.join(", "));
    assert.ok(!seen.some((s) => s.includes("auth")), "a backend is not reachable from outside: not probed");
    webHealthy = true;
    const good = await smoke(...args);
    assert.equal(good.code, 0, good.stderr);
    assert.equal(good.stdout.split("\n").filter((l) => l.startsWith("healthy: ")).length, 2);
  });

  it("passes a healthy HTTPS service at the expected version, read from a JSON field", async () => {
    const url = await serve(healthy(), certs.loopback);
    const run = await smoke(
      "--url",
      url,
      "--ca",
      certs.loopback.file,
      "--expect-version",
      "1.3.0",
      "--version-field",
      "build.version",
      ...fast,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      new RegExp(`^healthy: ${url}/health status 200 version 1\\.3\\.0 after 1 try \\(`),
    );
    assert.equal(run.tries.length, 1);
    assert.match(
      run.tries[0],
      /^try 1 \| \d+\.\ds \| status 200 \| version 1\.3\.0 \| certificate 36[45]d left \| healthy$/,
    );
  });

  it("reads the version from a header when told to, and v1.3.0 is 1.3.0", async () => {
    const url = await serve(healthy(), certs.loopback);
    const run = await smoke(
      "--url",
      url,
      "--ca",
      certs.loopback.file,
      "--expect-version",
      "1.3.0",
      "--version-header",
      "X-Version",
      ...fast,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /version v1\.3\.0/);
  });

  it("shows the running version on each try even when not checking it", async () => {
    const url = await serve(healthy("1.2.0"));
    const run = await smoke("--url", url, "--version-field", "build.version", ...fast);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.tries[0], /\| status 200 \| version 1\.2\.0 \| healthy$/);
  });

  it("waits with backoff for a service that is slow to become healthy", async () => {
    let requests = 0;
    const url = await serve((req, res) => {
      requests++;
      assert.equal(req.url, "/ready");
      if (requests < 3) {
        res.writeHead(503).end();
        return;
      }
      healthy()(req, res);
    });
    const run = await smoke("--url", url, "--path", "/ready", "--timeout", "5", ...fast);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(requests, 3);
    assert.match(run.tries[0], /^try 1 \| .* \| status 503 \| not healthy: status 503, expected 2xx$/);
    assert.match(run.tries[2], /^try 3 \| .* \| status 200 \| healthy$/);
  });

  it("fails a service that answers 500 until the timeout", async () => {
    const url = await serve((_req, res) => res.writeHead(500).end());
    const run = await smoke("--url", url, "--timeout", "0.25", ...fast);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^not healthy: .* status 500, expected 2xx after \d+ tries/);
    assert.ok(run.tries.length >= 3, run.stderr);
    assert.ok(run.ms >= 250 && run.ms < 2000, `${run.ms} ms`);
  });

  it("fails a service that keeps reporting another version", async () => {
    const url = await serve(healthy("1.2.0"), certs.loopback);
    const run = await smoke(
      "--url",
      url,
      "--ca",
      certs.loopback.file,
      "--expect-version",
      "1.3.0",
      "--version-field",
      "build.version",
      "--timeout",
      "0.1",
      ...fast,
    );
    assert.equal(run.code, 1);
    assert.match(run.stdout, /version 1\.2\.0, expected 1\.3\.0/);
  });

  it("fails when the service reports no version at all", async () => {
    const url = await serve(healthy());
    const run = await smoke("--url", url, "--expect-version", "1.3.0", "--timeout", "0.1", ...fast);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /no version reported, expected 1\.3\.0/);
  });

  it("fails on connection refused", async () => {
    const url = await serve(healthy());
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const run = await smoke("--url", url, "--timeout", "0.1", ...fast);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /connection refused \(ECONNREFUSED\)/);
  });

  it("fails a certificate issued for another host", async () => {
    const url = await serve(healthy(), certs.otherHost);
    const run = await smoke("--url", url, "--ca", certs.otherHost.file, "--timeout", "0.1", ...fast);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /TLS certificate is not valid for this host \(ERR_TLS_CERT_ALTNAME_INVALID\)/);
  });

  it("fails an expired certificate", async () => {
    const url = await serve(healthy(), certs.expired);
    const run = await smoke("--url", url, "--ca", certs.expired.file, "--timeout", "0.1", ...fast);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /TLS certificate has expired \(CERT_HAS_EXPIRED\)/);
  });

  it("fails a certificate nobody trusts", async () => {
    const url = await serve(healthy(), certs.loopback);
    const run = await smoke("--url", url, "--timeout", "0.1", ...fast);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /TLS certificate is self-signed and not trusted/);
  });

  it("fails a certificate that expires within --min-cert-days", async () => {
    const url = await serve(healthy(), certs.loopback);
    const run = await smoke(
      "--url",
      url,
      "--ca",
      certs.loopback.file,
      "--min-cert-days",
      "400",
      "--timeout",
      "0.1",
      ...fast,
    );
    assert.equal(run.code, 1);
    assert.match(run.stdout, /TLS certificate expires in 36[45] days, fewer than 400/);
  });
});
