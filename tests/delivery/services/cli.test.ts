import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main, type Run } from "../../../delivery/services/cli";

const DIGEST = (c: string) => `sha256:${c.repeat(64)}`;
const REPO = (name: string) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack-${name}`;

/** Pants and git as they print: `list` one address a line, `git diff --name-only` one path a line. */
function recording(answers: { pants?: string; git?: string }) {
  const calls: string[][] = [];
  const run: Run = async (command, args) => {
    calls.push([command, ...args]);
    return (command === "pants" ? answers.pants : answers.git) ?? "";
  };
  return { run, calls };
}

async function services(argv: string[], run: Run = recording({}).run) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, run);
  return { code, stdout, stderr };
}

describe("npm run services -- changed", () => {
  it("asks Pants for what changed with its transitive dependents, and prints the catalog's services", async () => {
    const fake = recording({ pants: "libs/common:lib\n//services/web:image\n", git: "libs/common/x.py\n" });
    const run = await services(
      ["changed", "--base", "origin/main", "--catalog", "examples/services.yaml"],
      fake.run,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), ["web"]);
    assert.deepEqual(fake.calls, [
      ["pants", "--changed-since=origin/main", "--changed-dependents=transitive", "list"],
      ["git", "diff", "--name-only", "origin/main...HEAD"],
    ]);
  });

  it("counts a change to the catalog itself for every service", async () => {
    const fake = recording({ pants: "", git: "examples/services.yaml\n" });
    const run = await services(
      ["changed", "--base", "abc1234", "--catalog", "examples/services.yaml"],
      fake.run,
    );
    assert.deepEqual(JSON.parse(run.stdout), ["api", "web", "auth", "events", "nightly"]);
  });

  it("refuses a base that git could read as an option, before running anything", async () => {
    const fake = recording({});
    const run = await services(["changed", "--base", "--output=/tmp/x"], fake.run);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^error: --base/);
    assert.deepEqual(fake.calls, []);
  });
});

describe("npm run services -- retag-plan", () => {
  const dir = mkdtempSync(join(tmpdir(), "retag-plan-"));
  const images = join(dir, "images.json");
  writeFileSync(
    images,
    JSON.stringify({
      api: { image: `${REPO("api")}@${DIGEST("a")}`, version: "v1.2.0" },
      web: { image: `${REPO("web")}@${DIGEST("b")}`, version: "v1.2.0" },
      auth: { image: `${REPO("auth")}@${DIGEST("c")}`, version: "v1.1.0" },
      events: { image: `${REPO("events")}@${DIGEST("d")}`, version: "v1.2.0" },
      nightly: { image: `${REPO("nightly")}@${DIGEST("e")}`, version: "v1.0.0" },
    }),
  );

  it("lists every service the release did not rebuild, at the digest it runs, under the version", async () => {
    const run = await services([
      "retag-plan",
      "--version",
      "v1.3.0",
      "--built",
      "api,web",
      "--images",
      images,
      "--catalog",
      "examples/services.yaml",
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      JSON.parse(run.stdout).map((r: { service: string; digest: string; tag: string }) => [
        r.service,
        r.digest,
        r.tag,
      ]),
      [
        ["auth", DIGEST("c"), "v1.3.0"],
        ["events", DIGEST("d"), "v1.3.0"],
        ["nightly", DIGEST("e"), "v1.3.0"],
      ],
    );
  });

  it("refuses a built service the catalog does not have, naming the catalog's", async () => {
    const run = await services([
      "retag-plan",
      "--version",
      "v1.3.0",
      "--built",
      "apii",
      "--images",
      images,
      "--catalog",
      "examples/services.yaml",
    ]);
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      'error: --built: "apii" is not allowed; services of the catalog: api, web, auth, events, nightly\n',
    );
  });

  it("refuses a version that is not a release's, in one line", async () => {
    const run = await services(["retag-plan", "--version", "main", "--images", images]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^error: --version: "main" .*v1\.4\.0/);
  });
});
