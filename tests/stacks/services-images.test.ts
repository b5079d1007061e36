import assert from "node:assert/strict";
import { resolve } from "node:path";
import type { ProgramResult } from "../../engine/run-program";
import { runProgram } from "../../engine/run-program";
import { readStackFile } from "../../plan/stack-config";
import { json, one } from "../harness";
import { plan } from "../support/plan-cli";
import { plannedStack } from "../support/planned";

const ROOT = resolve(__dirname, "../..");
const REGISTRY = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
const digest = (c: string) => `sha256:${c.repeat(64)}`;

interface Container {
  image: string;
  environment: { name: string; value: string }[];
  healthCheck?: unknown;
}

/**
 * Runs a stack as `pulumi up` runs it: stacks/index.ts (Pulumi.yaml's main) picks the program by stack name,
 * with the committed Pulumi.<stack>.yaml plus `config`, `shared`'s planned outputs behind its stack
 * reference, and `previous` as the stack's own last outputs (what a reference to itself reads).
 */
async function deploy(
  stack: "test" | "prod",
  config: Record<string, string>,
  previous: Record<string, unknown>,
): Promise<ProgramResult> {
  const shared = await plannedStack("shared");
  const entry = require.resolve("../../stacks/index.ts");
  return runProgram({
    stack,
    config: { ...readStackFile(ROOT, stack), ...config },
    stackOutputs: (name) => (name === "organization/pantstack/shared" ? shared.outputs : undefined),
    previousOutputs: previous,
    program: () => {
      delete require.cache[entry];
      return (require(entry) as () => unknown)();
    },
  });
}

const container = (result: ProgramResult, name = "api-task") =>
  json<Container[]>(
    one(result, "aws:ecs/taskDefinition:TaskDefinition", name).inputs.containerDefinitions,
  )[0];
const variable = (c: Container, name: string) => c.environment.find((e) => e.name === name)?.value;

describe("stack images: by digest, and the running image when none is given", function () {
  this.timeout(60_000);

  it("a deploy with no image (an infrastructure-only change) keeps the image and version prod runs", async () => {
    const running = { api: { image: `${REGISTRY}/pantstack@${digest("a")}`, version: "v1.2.0" } };
    const prod = await deploy("prod", {}, { images: running });
    const api = container(prod);
    assert.equal(api.image, running.api.image);
    assert.equal(variable(api, "PANTSTACK_VERSION"), "v1.2.0");
    assert.deepEqual(prod.outputs.images, running, "recorded again for the next deploy");
    assert.equal(prod.outputs.imageTag, "v1.2.0");
  });

  it("keeps the tag a stack from before the catalog recorded (its imageTag output)", async () => {
    const prod = await deploy("prod", {}, { imageTag: "v0.9.1", url: "https://api.pantstack.dev" });
    assert.equal(container(prod).image, `${REGISTRY}/pantstack:v0.9.1`);
    assert.deepEqual(prod.outputs.images, {
      api: { image: `${REGISTRY}/pantstack:v0.9.1`, version: "v0.9.1" },
    });
  });

  it("an unchanged image keeps its task definition: the same image given or kept registers the same inputs", async () => {
    const image = { image: `${REGISTRY}/pantstack@${digest("b")}`, version: "v1.3.0" };
    const kept = await deploy("test", {}, { images: { api: image } });
    const given = await deploy("test", { "pantstack:images": JSON.stringify({ api: image }) }, {});
    const task = (r: ProgramResult) => one(r, "aws:ecs/taskDefinition:TaskDefinition", "api-task").inputs;
    assert.deepEqual(task(given), task(kept));
  });

  it("pantstack:images wins over what runs; pantstack:imageTag names every service's repository tag", async () => {
    const running = { images: { api: { image: `${REGISTRY}/pantstack@${digest("a")}`, version: "v1.2.0" } } };
    const next = { image: `${REGISTRY}/pantstack@${digest("c")}`, version: "v1.3.0" };
    const byDigest = await deploy("prod", { "pantstack:images": JSON.stringify({ api: next }) }, running);
    assert.equal(container(byDigest).image, next.image);
    assert.equal(variable(container(byDigest), "PANTSTACK_VERSION"), "v1.3.0");
    const byTag = await deploy("prod", { "pantstack:imageTag": "v1.4.0" }, running);
    assert.equal(container(byTag).image, `${REGISTRY}/pantstack:v1.4.0`);
    assert.equal(variable(container(byTag), "PANTSTACK_VERSION"), "v1.4.0");
  });

  it("a first deploy without an image refuses in one line, before any resource", async () => {
    await assert.rejects(deploy("prod", {}, {}), (err: Error) => {
      assert.match(
        err.message,
        /^pantstack:images: \(missing\) is not allowed; api runs no image yet \(a first deploy\); give pantstack:images \{"api":\{"image":"123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/pantstack@sha256:…","version":"v1\.0\.0"\}\} or pantstack:imageTag$/,
      );
      assert.equal(err.message.split("\n").length, 1);
      return true;
    });
  });

  it("runs no container health check: the image needs no interpreter, the target group probes /health", async () => {
    const prod = await deploy("prod", { "pantstack:imageTag": "v1.0.0" }, {});
    assert.equal(container(prod).healthCheck, undefined);
    const tg = one(prod, "aws:lb/targetGroup:TargetGroup", "api-tg");
    assert.deepEqual([tg.inputs.port, (tg.inputs.healthCheck as { path: string }).path], [8000, "/health"]);
  });

  const refused: [string, string, RegExp][] = [
    ["not JSON", "{api", /^error: prod:pantstack:images: "\{api" is not allowed; expected JSON: /],
    [
      "a tag instead of a digest",
      JSON.stringify({ api: { image: `${REGISTRY}/pantstack:v1.3.0`, version: "v1.3.0" } }),
      /^error: prod:pantstack:images\.api\.image: ".*pantstack:v1\.3\.0" is not allowed; expected <registry>\/<repository>@sha256:<64 lowercase hex digits>/,
    ],
    [
      "a service the catalog does not have",
      JSON.stringify({ web: { image: `${REGISTRY}/pantstack@${digest("a")}`, version: "v1.3.0" } }),
      /^error: prod:pantstack:images\.web: .* is not allowed; expected a service of the catalog: api$/,
    ],
    [
      "a prerelease in prod",
      JSON.stringify({ api: { image: `${REGISTRY}/pantstack@${digest("a")}`, version: "v1.3.0-dev.1" } }),
      /^error: prod:pantstack:images\.api\.version: "v1\.3\.0-dev\.1" is not allowed; prod runs release versions only/,
    ],
    [
      "another repository",
      JSON.stringify({ api: { image: `${REGISTRY}/other@${digest("a")}`, version: "v1.3.0" } }),
      /^error: prod:pantstack:images\.api\.image: ".*\/other@sha256:a+" is not allowed; expected an image of api's release repository 123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/pantstack$/,
    ],
  ];
  for (const [what, value, expected] of refused) {
    it(`refuses ${what} in pantstack:images with exit 2 and one line`, async () => {
      const { code, stderr } = await plan("--stack", "prod", "--config", `pantstack:images=${value}`);
      assert.equal(code, 2);
      assert.match(stderr.trimEnd(), expected);
      assert.equal(stderr.trimEnd().split("\n").length, 1, stderr);
    });
  }
});
