import assert from "node:assert/strict";
import path from "node:path";
import type { DescribeImagesCommand } from "@aws-sdk/client-ecr";
import type { PulumiCommand } from "@pulumi/pulumi/automation";
import { main } from "../../../delivery/rollback/cli";

const CATALOG = path.resolve(__dirname, "../../fixtures/services/two-web.yaml");
const REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
const digest = (c: string) => `sha256:${c.repeat(64)}`;
const urn = (kind: string, name: string) => `urn:pulumi:prod::pantstack::x$aws:ecs/${kind}::${name}`;

/** prod as a digest deploy leaves it: both services at v1.3.0, with their URNs in `services`. */
const OUTPUTS = {
  imageTag: "v1.3.0",
  images: {
    api: { image: `${REGISTRY}/pantstack@${digest("a")}`, version: "v1.3.0" },
    web: { image: `${REGISTRY}/pantstack/web@${digest("b")}`, version: "v1.3.0" },
  },
  services: Object.fromEntries(
    ["api", "web"].map((n) => [
      n,
      {
        kind: "web",
        serviceUrn: urn("service:Service", `${n}-service`),
        taskDefinitionUrn: urn("taskDefinition:TaskDefinition", `${n}-task`),
      },
    ]),
  ),
};

/** ECR as DescribeImages answers it: v1.2.0 of each repository is another digest; a missing tag throws. */
const TAGGED: Record<string, Record<string, string>> = {
  pantstack: { "v1.2.0": digest("c") },
  "pantstack/web": { "v1.2.0": digest("d") },
};

function fakes() {
  const pulumiCalls: string[][] = [];
  const ecrCalls: unknown[] = [];
  const answer = (stdout: string) => ({ stdout, stderr: "", code: 0, commandResult: undefined });
  const command = {
    command: "pulumi",
    version: null,
    async run(args: string[]) {
      pulumiCalls.push(args);
      if (args[0] === "stack" && args[1] === "output") return answer(JSON.stringify(OUTPUTS));
      if (args[0] === "stack" && args[1] === "tag" && args[2] === "ls") return answer("{}");
      // After `up`, the Automation API reads the update's summary from the history.
      if (args[0] === "stack" && args[1] === "history") {
        const t = "2026-12-03T22:00:00.000Z";
        return answer(
          JSON.stringify([{ version: 9, kind: "update", result: "succeeded", startTime: t, endTime: t }]),
        );
      }
      return answer("");
    },
  } as unknown as PulumiCommand;
  const ecr = () => ({
    async send(c: DescribeImagesCommand) {
      ecrCalls.push(c.input);
      const found = TAGGED[c.input.repositoryName ?? ""]?.[c.input.imageIds?.[0]?.imageTag ?? ""];
      if (!found) throw Object.assign(new Error("not found"), { name: "ImageNotFoundException" });
      return { imageDetails: [{ imageDigest: found }], $metadata: {} };
    },
  });
  return { command, ecr, pulumiCalls, ecrCalls };
}

async function rollback(argv: string[]) {
  const f = fakes();
  let stderr = "";
  const code = await main(
    ["--stack", "prod", "--yes", "--skip-image-check", ...argv],
    { stdout: () => undefined, stderr: (t) => (stderr += t) },
    { pulumiCommand: f.command, ecr: f.ecr, actor: "octocat", catalogFile: CATALOG },
  ).catch((err: Error) => {
    stderr += err.message;
    return -1;
  });
  const config = f.pulumiCalls.find((a) => a[0] === "config" && a[1] === "set");
  const images = config ? JSON.parse(config[config.length - 1]) : undefined;
  const up = f.pulumiCalls.find((a) => a[0] === "up") ?? [];
  const targets = up.flatMap((a, i) => (up[i - 1] === "--target" ? [a] : []));
  return { code, stderr, images, targets, f };
}

describe("npm run rollback of a stack deployed by digest (pantstack:images)", () => {
  it("moves every service to its digest of the version, targeting both services", async () => {
    const run = await rollback(["--image-tag", "v1.2.0"]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.images, {
      api: { image: `${REGISTRY}/pantstack@${digest("c")}`, version: "v1.2.0" },
      web: { image: `${REGISTRY}/pantstack/web@${digest("d")}`, version: "v1.2.0" },
    });
    assert.deepEqual(run.targets, [
      OUTPUTS.services.api.taskDefinitionUrn,
      OUTPUTS.services.api.serviceUrn,
      OUTPUTS.services.web.taskDefinitionUrn,
      OUTPUTS.services.web.serviceUrn,
    ]);
  });

  it("with --service web, moves web only; api keeps the image it runs", async () => {
    const run = await rollback(["--image-tag", "v1.2.0", "--service", "web"]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.images, {
      api: OUTPUTS.images.api,
      web: { image: `${REGISTRY}/pantstack/web@${digest("d")}`, version: "v1.2.0" },
    });
    assert.deepEqual(run.targets, [OUTPUTS.services.web.taskDefinitionUrn, OUTPUTS.services.web.serviceUrn]);
    assert.deepEqual(run.f.ecrCalls, [
      { repositoryName: "pantstack/web", imageIds: [{ imageTag: "v1.2.0" }] },
    ]);
  });

  it("refuses an unknown --service in one line, before Pulumi or ECR is asked", async () => {
    const run = await rollback(["--image-tag", "v1.2.0", "--service", "nope"]);
    assert.equal(run.code, -1);
    assert.equal(run.stderr, '--service: "nope" is not allowed; expected a service of the catalog: api, web');
    assert.deepEqual(run.f.pulumiCalls, []);
  });

  it("refuses (exit 1) and changes nothing when a service's repository lacks the version", async () => {
    const run = await rollback(["--image-tag", "v1.1.0"]);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /image tag v1\.1\.0 is not in the release repository of api \(pantstack\), web \(pantstack\/web\)/,
    );
    assert.equal(run.images, undefined);
  });
});
