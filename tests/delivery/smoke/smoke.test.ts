import assert from "node:assert/strict";
import { main, parseCommandLine } from "../../../delivery/smoke/cli";
import { runSmoke, sameVersion } from "../../../delivery/smoke/smoke";

async function smoke(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe("npm run smoke: usage", () => {
  const usage: [string[], RegExp][] = [
    [[], /^error: --url: \(missing\) is not allowed; give the service's URL, or --services, or --urls\n$/],
    [
      ["--services", "s.json", "--url", "https://a.example"],
      /^error: --url: "https:\/\/a\.example" is not allowed; give --url \(and --path\) or --services, not both\n$/,
    ],
    [
      ["--services", "/nonexistent/services.json"],
      /^error: --services: "\/nonexistent\/services\.json" is not allowed; a JSON file \(ENOENT/,
    ],
    [["--url", "ftp://x"], /^error: --url: "ftp:\/\/x" is not allowed; expected an absolute http/],
    [
      ["--url", "https://x", "--timeout", "soon"],
      /^error: --timeout: "soon" is not allowed; expected a number from 0\.1 to 3600\n$/,
    ],
    [["--url", "https://x", "--timeout", "0"], /^error: --timeout: "0" is not allowed/],
    [["--url", "https://x", "--path", "health"], /^error: --path: "health" is not allowed/],
    [
      ["--url", "https://x", "--version-field", "a", "--version-header", "b"],
      /^error: --version-header: "b" is not allowed; give --version-field or --version-header, not both/,
    ],
    [
      ["--url", "https://x", "--ca", "/nonexistent.pem"],
      /^error: --ca: "\/nonexistent\.pem" is not allowed; expected a readable PEM file/,
    ],
    [["--url"], /^error: --url: \(missing\) is not allowed; argument missing/],
  ];
  for (const [argv, message] of usage) {
    it(`exits 2 on ${JSON.stringify(argv)}`, async () => {
      const run = await smoke(...argv);
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, "");
    });
  }

  it("prints its usage with the exit codes on --help", async () => {
    const run = await smoke("--help");
    assert.equal(run.code, 0);
    assert.match(
      run.stdout,
      /Exit 0: healthy \(all of them\); 1: not healthy by the timeout; 2: bad usage\.$/m,
    );
    for (const line of run.stdout.split("\n")) assert.ok(line.length <= 80, line);
  });

  it("parses the contract's flags", () => {
    const args = parseCommandLine(["--url", "https://api.pantstack.dev", "--expect-version", "1.3.0"]);
    assert.notEqual(args, "help");
    if (args === "help") return;
    assert.equal(args.url.href, "https://api.pantstack.dev/health");
    assert.equal(args.timeoutMs, 120_000);
    assert.deepEqual(args.version, { kind: "json", field: "version" });
    const nested = parseCommandLine(["--url", "https://example.test/api/", "--path", "/ready"]);
    assert.equal(nested !== "help" && nested.url.href, "https://example.test/api/ready");
  });
});

describe("the smoke loop", () => {
  it("doubles the wait up to the cap and stops at the timeout", async () => {
    let clock = 0;
    const sleeps: number[] = [];
    const outcome = await runSmoke(
      {
        url: new URL("https://example.test/health"),
        timeoutMs: 10_000,
        intervalMs: 500,
        maxIntervalMs: 3000,
        minCertificateDays: 0,
      },
      {
        probe: async () => ({ status: 502 }),
        now: () => clock,
        sleep: async (ms) => {
          sleeps.push(ms);
          clock += ms;
        },
        report: () => undefined,
      },
    );
    assert.deepEqual(sleeps, [500, 1000, 2000, 3000, 3000, 500]);
    assert.deepEqual([outcome.healthy, outcome.tries, outcome.elapsedMs], [false, 7, 10_000]);
  });

  it("compares versions as semver when it can", () => {
    assert.ok(sameVersion("v1.3.0", "1.3.0"));
    assert.ok(!sameVersion("1.3.0-dev.1", "1.3.0"));
    assert.ok(sameVersion("abc123", "abc123"));
  });

  it("accepts the PEP 440 spelling a Python service reports of the same version, and no other", () => {
    assert.ok(sameVersion("1.3.0.dev1", "1.3.0-dev.1"));
    assert.ok(sameVersion("1.3.0.dev1", "v1.3.0-dev.1"));
    assert.ok(!sameVersion("1.3.0.dev2", "1.3.0-dev.1"));
    assert.ok(!sameVersion("1.3.0.dev1", "1.3.0"));
    assert.ok(!sameVersion("1.3.0rc1", "1.3.0-dev.1"));
  });
});
