import assert from "node:assert/strict";
import {
  BatchGetImageCommand,
  type BatchGetImageCommandOutput,
  type PutImageCommand,
  type PutImageCommandOutput,
} from "@aws-sdk/client-ecr";
import { main } from "../../../delivery/images/cli";
import type { EcrRetagClient } from "../../../delivery/images/retag";

const RELEASED = `sha256:${"1".repeat(64)}`;
const OTHER = `sha256:${"2".repeat(64)}`;
const MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";

/**
 * An immutable ECR repository as its API documents it:
 * - BatchGetImage answers held images with their manifest and media type, and lists others under `failures`
 *   with ImageNotFound (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_BatchGetImage.html);
 * - PutImage adds a tag to the image of a manifest; the same manifest and tag again throws
 *   ImageAlreadyExistsException; a tag that names another image throws ImageTagAlreadyExistsException
 *   (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutImage.html).
 */
function immutableRepository(tags: Record<string, string>) {
  const manifests: Record<string, string> = {
    [RELEASED]: JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPE, layers: ["a"] }),
    [OTHER]: JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPE, layers: ["b"] }),
  };
  const digestOf = (manifest: string) => Object.keys(manifests).find((d) => manifests[d] === manifest);
  const puts: { tag?: string; digest?: string; mediaType?: string }[] = [];
  const client: EcrRetagClient = {
    async send(command: BatchGetImageCommand | PutImageCommand) {
      if (command instanceof BatchGetImageCommand) {
        const id = command.input.imageIds?.[0] ?? {};
        const digest = id.imageDigest ?? (id.imageTag ? tags[id.imageTag] : undefined);
        if (digest === undefined || manifests[digest] === undefined) {
          return {
            images: [],
            failures: [
              { imageId: id, failureCode: "ImageNotFound", failureReason: "Requested image not found" },
            ],
            $metadata: {},
          } satisfies BatchGetImageCommandOutput;
        }
        return {
          images: [
            {
              imageId: { imageDigest: digest },
              imageManifest: manifests[digest],
              imageManifestMediaType: MEDIA_TYPE,
            },
          ],
          failures: [],
          $metadata: {},
        } satisfies BatchGetImageCommandOutput;
      }
      const { imageTag, imageManifest, imageManifestMediaType } = command.input;
      const digest = digestOf(imageManifest ?? "");
      puts.push({ tag: imageTag, digest, mediaType: imageManifestMediaType });
      const held = imageTag ? tags[imageTag] : undefined;
      if (held === digest) {
        throw Object.assign(new Error("Image with digest and tag already exists"), {
          name: "ImageAlreadyExistsException",
        });
      }
      if (held !== undefined) {
        throw Object.assign(new Error(`The image tag '${imageTag}' already exists`), {
          name: "ImageTagAlreadyExistsException",
        });
      }
      if (imageTag && digest) tags[imageTag] = digest;
      return {
        image: { imageId: { imageTag, imageDigest: digest } },
        $metadata: {},
      } satisfies PutImageCommandOutput;
    },
  } as EcrRetagClient;
  return { client, puts, tags };
}

async function retag(repo: ReturnType<typeof immutableRepository>, tag: string, digest = RELEASED) {
  let stdout = "";
  let stderr = "";
  const code = await main(
    ["retag", "--repository", "pantstack-api", "--digest", digest, "--tag", tag, "--json"],
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
    repo.client,
  );
  return { code, result: stdout ? JSON.parse(stdout) : undefined, stderr };
}

describe("npm run images -- retag: a release tags an image it did not rebuild", () => {
  it("puts the image's own manifest under the version, with no pull or push", async () => {
    const repo = immutableRepository({ "v1.2.0": RELEASED });
    const run = await retag(repo, "v1.3.0");
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.result.action, "tagged");
    assert.deepEqual(repo.puts, [{ tag: "v1.3.0", digest: RELEASED, mediaType: MEDIA_TYPE }]);
    assert.equal(repo.tags["v1.3.0"], RELEASED);
  });

  it("does nothing on a re-run: the tag already names that image", async () => {
    const repo = immutableRepository({ "v1.3.0": RELEASED });
    const run = await retag(repo, "v1.3.0");
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.result.action, "already");
    assert.match(run.stderr, /already names sha256:1{64}: nothing to do/);
  });

  it("refuses, exit 1, when the version already names another image (tags are immutable)", async () => {
    const repo = immutableRepository({ "v1.3.0": OTHER });
    const run = await retag(repo, "v1.3.0");
    assert.equal(run.code, 1);
    assert.deepEqual(run.result, {
      action: "conflict",
      tag: "v1.3.0",
      digest: RELEASED,
      taggedDigest: OTHER,
    });
    assert.match(run.stderr, /already names sha256:2{64}, not sha256:1{64}/);
    assert.equal(repo.tags["v1.3.0"], OTHER, "the tag still names what it named");
  });

  it("fails naming the image when ECR does not hold the digest", async () => {
    const repo = immutableRepository({});
    await assert.rejects(
      retag(repo, "v1.3.0", `sha256:${"9".repeat(64)}`),
      /ECR has no image pantstack-api@sha256:9{64} \(ImageNotFound/,
    );
    assert.deepEqual(repo.puts, []);
  });

  it("refuses a digest that is not one, in one line, exit 2, before calling ECR", async () => {
    const repo = immutableRepository({});
    let stderr = "";
    const code = await main(
      ["retag", "--repository", "pantstack-api", "--digest", "v1.2.0", "--tag", "v1.3.0"],
      { stdout: () => undefined, stderr: (t) => (stderr += t) },
      repo.client,
    );
    assert.equal(code, 2);
    assert.match(stderr, /^error: --digest: "v1\.2\.0" .*sha256: and 64 lower-case hex digits\n$/);
    assert.deepEqual(repo.puts, []);
  });
});
