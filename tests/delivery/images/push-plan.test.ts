import assert from "node:assert/strict";
import { BatchGetImageCommand, type BatchGetImageCommandOutput } from "@aws-sdk/client-ecr";
import { main, parseCommandLine } from "../../../delivery/images/cli";
import type { EcrBatchGetImage } from "../../../delivery/images/push-plan";

/** The local image's ID: with Docker's classic store, the digest of its config blob. */
const LOCAL = `sha256:${"a".repeat(64)}`;
/** Another build's config digest. */
const OTHER = `sha256:${"b".repeat(64)}`;
/** The manifest digest ECR reports for a pushed image whose config is LOCAL. */
const MANIFEST = `sha256:${"c".repeat(64)}`;
const OTHER_MANIFEST = `sha256:${"d".repeat(64)}`;

/** A Docker image manifest (schema 2) as a registry stores it: `config.digest` names the config blob. */
function manifestFor(config: string): string {
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.docker.distribution.manifest.v2+json",
    config: { mediaType: "application/vnd.docker.container.image.v1+json", size: 1469, digest: config },
    layers: [],
  });
}

/**
 * ECR BatchGetImage as documented (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_BatchGetImage.html):
 * a held tag answers `images` with its manifest digest and manifest; a tag it does not hold is listed under
 * `failures` with failureCode ImageNotFound (no exception); an unknown repository throws RepositoryNotFoundException.
 */
function fakeEcr(
  images: Record<string, { manifestDigest: string; config: string }>,
  repositories = ["pantstack"],
) {
  const calls: unknown[] = [];
  const client: EcrBatchGetImage = {
    async send(command: BatchGetImageCommand): Promise<BatchGetImageCommandOutput> {
      assert.ok(command instanceof BatchGetImageCommand);
      calls.push({ repositoryName: command.input.repositoryName, imageIds: command.input.imageIds });
      const name = command.input.repositoryName ?? "";
      if (!repositories.includes(name)) {
        throw Object.assign(new Error(`repository ${name} not found`), {
          name: "RepositoryNotFoundException",
        });
      }
      const tag = command.input.imageIds?.[0]?.imageTag ?? "";
      const image = images[tag];
      if (image === undefined) {
        return {
          images: [],
          failures: [
            {
              imageId: { imageTag: tag },
              failureCode: "ImageNotFound",
              failureReason: "Requested image not found",
            },
          ],
          $metadata: {},
        };
      }
      return {
        images: [
          {
            registryId: "123456789012",
            repositoryName: name,
            imageId: { imageDigest: image.manifestDigest, imageTag: tag },
            imageManifest: manifestFor(image.config),
            imageManifestMediaType: "application/vnd.docker.distribution.manifest.v2+json",
          },
        ],
        failures: [],
        $metadata: {},
      };
    },
  };
  return { client, calls };
}

async function run(argv: string[], client: EcrBatchGetImage) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, client);
  return { code, stdout, stderr };
}

const ARGS = [
  "push-plan",
  "--repository",
  "pantstack",
  "--tag",
  "pr-42-0123456",
  "--digest",
  LOCAL,
  "--json",
];

describe("npm run images -- push-plan", () => {
  it("plans a push when ECR does not hold the tag, asking for exactly that tag", async () => {
    const ecr = fakeEcr({});
    const { code, stdout } = await run(ARGS, ecr.client);
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout), { action: "push", tag: "pr-42-0123456", digest: LOCAL });
    assert.deepEqual(ecr.calls, [{ repositoryName: "pantstack", imageIds: [{ imageTag: "pr-42-0123456" }] }]);
  });

  it("skips the push when the tag holds the same image: its manifest's config is the local image ID (a re-run or a reopen)", async () => {
    const ecr = fakeEcr({ "pr-42-0123456": { manifestDigest: MANIFEST, config: LOCAL } });
    const { code, stdout, stderr } = await run(ARGS, ecr.client);
    assert.equal(code, 0);
    assert.equal(JSON.parse(stdout).action, "skip");
    assert.match(stderr, /same digest/);
  });

  it("skips the push when the local ID is the manifest digest itself (containerd image store)", async () => {
    const ecr = fakeEcr({ "pr-42-0123456": { manifestDigest: LOCAL, config: OTHER } });
    const { code, stdout } = await run(ARGS, ecr.client);
    assert.equal(code, 0);
    assert.equal(JSON.parse(stdout).action, "skip");
  });

  it("exits 1 in one line naming the tag and both digests when the digest differs", async () => {
    const { code, stdout, stderr } = await run(
      ARGS,
      fakeEcr({ "pr-42-0123456": { manifestDigest: OTHER_MANIFEST, config: OTHER } }).client,
    );
    assert.equal(code, 1);
    assert.deepEqual(JSON.parse(stdout), {
      action: "conflict",
      tag: "pr-42-0123456",
      digest: LOCAL,
      remoteDigest: OTHER_MANIFEST,
    });
    assert.equal(stderr.split("\n").length, 2);
    assert.match(stderr, new RegExp(`pantstack:pr-42-0123456 .*${OTHER_MANIFEST}.*${LOCAL}`));
  });

  it("refuses bad usage before asking ECR, one line naming the flag", async () => {
    const ecr = fakeEcr({});
    for (const [argv, flag] of [
      [["push"], "command"],
      [ARGS.map((a) => (a === LOCAL ? "abc" : a)), "--digest"],
      [ARGS.map((a) => (a === "pr-42-0123456" ? "bad tag" : a)), "--tag"],
      [["push-plan", "--tag", "t", "--digest", LOCAL], "--repository"],
    ] as const) {
      const { code, stderr } = await run([...argv], ecr.client);
      assert.equal(code, 2, stderr);
      assert.match(stderr, new RegExp(`^error: ${flag}: .*\\n$`));
    }
    assert.equal(ecr.calls.length, 0);
  });

  it("names the repository when ECR has none of that name", async () => {
    await assert.rejects(
      run(
        ARGS.map((a) => (a === "pantstack" ? "missing" : a)),
        fakeEcr({}).client,
      ),
      /--repository: "missing" is not allowed; no such ECR repository/,
    );
  });

  it("parses what the workflows pass", () => {
    assert.deepEqual(parseCommandLine(ARGS), {
      command: "push-plan",
      repository: "pantstack",
      tag: "pr-42-0123456",
      digest: LOCAL,
      json: true,
    });
  });
});
