// `npm run smoke -- --urls FILE`: a preview's `urls` output, each running web service at its health path.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main, parseCommandLine, smokeTargets } from "../../../delivery/smoke/cli";

const dir = mkdtempSync(join(tmpdir(), "smoke-urls-"));
function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

async function smoke(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

function targets(...argv: string[]) {
  const args = parseCommandLine(argv);
  if (args === "help") throw new Error("help");
  return smokeTargets(args).map((t) => [t.name, t.url.href]);
}

describe("npm run smoke -- --urls (a preview's running web services)", () => {
  it("checks each listed service at its catalog health path, and only those", () => {
    const urls = file("web-only.json", { web: "https://preview-pr-7-web.example.com" });
    assert.deepEqual(targets("--urls", urls, "--catalog", "examples/services.yaml"), [
      ["web", "https://preview-pr-7-web.example.com/healthz"],
    ]);
    const both = file("both.json", {
      api: "https://preview-pr-8.example.com",
      web: "https://preview-pr-8-web.example.com/",
    });
    assert.deepEqual(targets("--urls", both, "--catalog", "examples/services.yaml"), [
      ["api", "https://preview-pr-8.example.com/health"],
      ["web", "https://preview-pr-8-web.example.com/healthz"],
    ]);
  });

  it("has nothing to check for a preview that runs no web service, and says so", async () => {
    const run = await smoke("--urls", file("none.json", {}), "--catalog", "examples/services.yaml");
    assert.deepEqual(run, { code: 0, stdout: "no web service runs: nothing to check\n", stderr: "" });
  });

  const refusals: [string, string[], RegExp][] = [
    [
      "a service that is not a web service of the catalog",
      ["--urls", file("auth.json", { auth: "http://auth:8080" }), "--catalog", "examples/services.yaml"],
      /^error: --urls auth: ".*auth\.json" is not allowed; expected web services of the catalog: api, web\n$/,
    ],
    [
      "a URL that is not http(s)",
      ["--urls", file("ftp.json", { web: "ftp://x" }), "--catalog", "examples/services.yaml"],
      /^error: --urls web: "ftp:\/\/x" is not allowed; expected an absolute http/,
    ],
    [
      "a file that is not a JSON object",
      ["--urls", file("list.json", ["https://x"])],
      /^error: --urls: ".*list\.json" is not allowed; a JSON object of service to URL/,
    ],
    [
      "--urls with --services",
      ["--urls", "u.json", "--services", "s.json"],
      /^error: --urls: "u\.json" is not allowed; give --services or --urls, not both\n$/,
    ],
    [
      "--urls with --url",
      ["--urls", "u.json", "--url", "https://x"],
      /^error: --url: "https:\/\/x" is not allowed; give --url \(and --path\) or --urls, not both\n$/,
    ],
  ];
  for (const [what, argv, message] of refusals) {
    it(`refuses ${what} in one line, exit 2, before any request`, async () => {
      const run = await smoke(...argv);
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, "");
    });
  }
});
