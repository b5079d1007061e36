import assert from "node:assert/strict";
import { DescribeImagesCommand, type DescribeImagesCommandOutput } from "@aws-sdk/client-ecr";
import { main, parseCommandLine } from "../../../delivery/images/cli";
import type { EcrDescribeImages } from "../../../delivery/images/push-plan";

const LOCAL = `sha256:${"a".repeat(64)}`;
const OTHER = `sha256:${"b".repeat(64)}`;

/**
 * ECR DescribeImages as documented (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribeImages.html):
 * a held tag answers imageDetails with its imageDigest; a tag it does not hold throws ImageNotFoundException.
 */
function fakeEcr(images: Record<string, string>, repositories = ["pantstack"]) {
  const calls: unknown[] = [];
  const client: EcrDescribeImages = {
    async send(command: DescribeImagesCommand): Promise<DescribeImagesCommandOutput> {
      assert.ok(command instanceof DescribeImagesCommand);
      calls.push(command.input);
      const name = command.input.repositoryName ?? "";
      if (!repositories.includes(name)) {
        throw Object.assign(new Error(`repository ${name} not found`), {
          name: "RepositoryNotFoundException",
        });
      }
      const tag = command.input.imageIds?.[0]?.imageTag ?? "";
      const digest = images[tag];
      if (digest === undefined) {
        throw Object.assign(new Error(`image tag '${tag}' not found`), { name: "ImageNotFoundException" });
      }
      return {
        imageDetails: [{ repositoryName: name, imageDigest: digest, imageTags: [tag] }],
        $metadata: {},
      };
    },
  };
  return { client, calls };
}

async function run(argv: string[], client: EcrDescribeImages) {
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

  it("skips the push when the tag is there with the same digest (a re-run or a reopen)", async () => {
    const { code, stdout, stderr } = await run(ARGS, fakeEcr({ "pr-42-0123456": LOCAL }).client);
    assert.equal(code, 0);
    assert.equal(JSON.parse(stdout).action, "skip");
    assert.match(stderr, /same digest/);
  });

  it("exits 1 in one line naming the tag and both digests when the digest differs", async () => {
    const { code, stdout, stderr } = await run(ARGS, fakeEcr({ "pr-42-0123456": OTHER }).client);
    assert.equal(code, 1);
    assert.deepEqual(JSON.parse(stdout), {
      action: "conflict",
      tag: "pr-42-0123456",
      digest: LOCAL,
      remoteDigest: OTHER,
    });
    assert.equal(stderr.split("\n").length, 2);
    assert.match(stderr, new RegExp(`pantstack:pr-42-0123456 .*${OTHER}.*${LOCAL}`));
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
