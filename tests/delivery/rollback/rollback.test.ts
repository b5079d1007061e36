import assert from "node:assert/strict";
import type { DescribeImagesCommand } from "@aws-sdk/client-ecr";
import type { PulumiCommand } from "@pulumi/pulumi/automation";
import { main, parseCommandLine } from "../../../delivery/rollback/cli";
import { shellQuote } from "../../../delivery/rollback/commands";
import { buildTargets } from "../../../delivery/rollback/targets";
import { plannedStacks } from "../../support/planned";

const TASK_URN =
  "urn:pulumi:prod::pantstack::pantstack:ecs:EcsApiService$aws:ecs/taskDefinition:TaskDefinition::api-task";
const SERVICE_URN =
  "urn:pulumi:prod::pantstack::pantstack:ecs:EcsApiService$aws:ecs/service:Service::api-service";

const NOW = "2026-12-03T17:40:00.000Z";

/** A recorded fake of the Pulumi CLI as the Automation API drives it. */
function fakePulumi(outputs: Record<string, string>, tags: Record<string, string> = {}) {
  const calls: string[][] = [];
  const answer = (stdout: string) => ({ stdout, stderr: "", code: 0, commandResult: undefined });
  const command = {
    command: "pulumi",
    version: null,
    async run(args: string[], _cwd: string, _env: unknown, onOutput?: (text: string) => void) {
      calls.push(args);
      if (args[0] === "stack" && args[1] === "output") return answer(JSON.stringify(outputs));
      // `pulumi stack tag ls --json`: the stack's tags as one object of name to value.
      if (args[0] === "stack" && args[1] === "tag" && args[2] === "ls") return answer(JSON.stringify(tags));
      if (args[0] === "stack" && args[1] === "history") {
        const time = "2026-11-29T22:00:00.000Z";
        return answer(
          JSON.stringify([
            { version: 9, kind: "update", result: "succeeded", startTime: time, endTime: time },
          ]),
        );
      }
      if (args[0] === "up") {
        onOutput?.("Updating (prod)\nResources: 2 updated\n");
        return answer("Updating (prod)\nResources: 2 updated\n");
      }
      return answer("");
    },
  };
  return { command: command as unknown as PulumiCommand, calls };
}

/** A recorded fake of the ECR client: the tags it knows exist. */
function fakeEcr(tags: string[]) {
  const calls: { region: string | undefined; input: unknown }[] = [];
  const factory = (region: string | undefined) => ({
    async send(command: DescribeImagesCommand) {
      calls.push({ region, input: command.input });
      const tag = command.input.imageIds?.[0]?.imageTag ?? "";
      if (!tags.includes(tag))
        throw Object.assign(new Error("not found"), { name: "ImageNotFoundException" });
      return { imageDetails: [{ imageTags: [tag] }], $metadata: {} };
    },
  });
  return { factory, calls };
}

async function rollback(argv: string[], pulumi = fakePulumi({}), ecr = fakeEcr(["v1.2.3"])) {
  let stdout = "";
  let stderr = "";
  const code = await main(
    argv,
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
    { pulumiCommand: pulumi.command, ecr: ecr.factory, actor: "octocat", now: () => new Date(NOW) },
  );
  return { code, stdout, stderr, pulumiCalls: pulumi.calls, ecrCalls: ecr.calls };
}

describe("npm run rollback", () => {
  it("prints the commands, targeting the task definition and the service by full URN", async () => {
    const run = await rollback(["--stack", "prod", "--image-tag", "v1.2.3"]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout,
      [
        "pulumi config set pantstack:imageTag v1.2.3 --stack prod",
        `pulumi up --stack prod --refresh --target '${TASK_URN}' --target '${SERVICE_URN}'`,
        "",
      ].join("\n"),
    );
    assert.match(run.stdout, /::api-service'\n$/);
    assert.deepEqual([run.pulumiCalls, run.ecrCalls], [[], []], "printing touches neither Pulumi nor AWS");
  });

  it("builds the same URNs the engine gives the prod and test stacks' resources", async () => {
    for (const plan of await plannedStacks({ stacks: ["prod", "test"] })) {
      const { stack } = plan;
      const built = buildTargets("pantstack", stack);
      const urnOf = (type: string, name: string) =>
        plan.resources.find((r) => r.type === type && r.name === name)?.urn;
      assert.equal(built.serviceUrn, urnOf("aws:ecs/service:Service", "api-service"));
      assert.equal(built.taskDefinitionUrn, urnOf("aws:ecs/taskDefinition:TaskDefinition", "api-task"));
      if (stack === "prod") {
        assert.deepEqual([plan.outputs.taskDefinitionUrn, plan.outputs.serviceUrn], [TASK_URN, SERVICE_URN]);
      }
    }
  });

  it("prints an untargeted up with --full", async () => {
    const run = await rollback(["--stack", "prod", "--image-tag", "v1.2.3", "--full"]);
    assert.equal(run.stdout.split("\n")[1], "pulumi up --stack prod --refresh");
  });

  it("with --yes checks ECR, freezes the stack, then sets the config and runs the targeted up", async () => {
    const pulumi = fakePulumi({
      taskDefinitionUrn: TASK_URN,
      serviceUrn: SERVICE_URN,
      url: "https://api",
      imageTag: "v1.2.4",
    });
    const run = await rollback(["--stack", "prod", "--image-tag", "v1.2.3", "--yes"], pulumi);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.ecrCalls, [
      { region: "us-east-1", input: { repositoryName: "pantstack", imageIds: [{ imageTag: "v1.2.3" }] } },
    ]);
    assert.deepEqual(run.pulumiCalls.slice(0, 7), [
      ["stack", "select", "--stack", "prod"],
      ["stack", "output", "--json", "--stack", "prod"],
      ["stack", "output", "--json", "--show-secrets", "--stack", "prod"],
      // An existing freeze of this version is kept (rollback.yml sets one first); there is none here.
      ["stack", "tag", "ls", "--json", "--stack", "prod"],
      // The freeze: the version rolled back to, the one it replaced (the stack's imageTag output), when, who.
      [
        "stack",
        "tag",
        "set",
        "pantstack:rollback-freeze",
        `v1.2.3 from v1.2.4 at ${NOW} by octocat`,
        "--stack",
        "prod",
      ],
      [
        "config",
        "set",
        "pantstack:imageTag",
        "--stack",
        "prod",
        "--plaintext",
        "--non-interactive",
        "--",
        "v1.2.3",
      ],
      [
        "up",
        "--yes",
        "--skip-preview",
        "--refresh",
        "--target",
        TASK_URN,
        "--target",
        SERVICE_URN,
        "--exec-kind",
        "auto.local",
        "--stack",
        "prod",
      ],
    ]);
    assert.equal(run.stdout, "");
    assert.match(run.stderr, /Resources: 2 updated/);
    assert.match(
      run.stderr,
      /rolled prod back to v1\.2\.3 \(URNs from the stack's outputs\); prod is frozen \(v1\.2\.3 from v1\.2\.4 at .* by octocat\) until a newer release, or `npm run rollback -- unfreeze --stack prod`/,
    );
  });

  it("with --yes keeps the freeze rollback.yml set for this version, its time and author", async () => {
    const earlier = "v1.2.3 from v1.2.4 at 2026-12-03T17:39:00.000Z by alice";
    const pulumi = fakePulumi(
      { taskDefinitionUrn: TASK_URN, serviceUrn: SERVICE_URN, imageTag: "v1.2.4" },
      { "pantstack:rollback-freeze": earlier },
    );
    const run = await rollback(["--stack", "prod", "--image-tag", "v1.2.3", "--yes"], pulumi);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.pulumiCalls.find((args) => args[1] === "tag" && args[2] === "set"),
      undefined,
      "the freeze is not rewritten",
    );
    assert.ok(run.pulumiCalls.some((args) => args[0] === "up"));
    assert.match(
      run.stderr,
      /prod is frozen \(v1\.2\.3 from v1\.2\.4 at 2026-12-03T17:39:00\.000Z by alice\)/,
    );
  });

  it("with --yes replaces a freeze for another version (a second rollback, further back)", async () => {
    const pulumi = fakePulumi(
      { taskDefinitionUrn: TASK_URN, serviceUrn: SERVICE_URN, imageTag: "v1.2.3" },
      { "pantstack:rollback-freeze": "v1.2.3 from v1.2.4 at 2026-12-03T17:00:00.000Z by alice" },
    );
    const run = await rollback(
      ["--stack", "prod", "--image-tag", "v1.2.2", "--yes"],
      pulumi,
      fakeEcr(["v1.2.2"]),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      run.pulumiCalls.find((args) => args[1] === "tag" && args[2] === "set"),
      [
        "stack",
        "tag",
        "set",
        "pantstack:rollback-freeze",
        `v1.2.2 from v1.2.3 at ${NOW} by octocat`,
        "--stack",
        "prod",
      ],
    );
  });

  it("with --yes --full runs an untargeted up", async () => {
    const pulumi = fakePulumi({ taskDefinitionUrn: TASK_URN, serviceUrn: SERVICE_URN });
    const run = await rollback(["--stack", "prod", "--image-tag", "v1.2.3", "--yes", "--full"], pulumi);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      run.pulumiCalls.find((args) => args[0] === "up"),
      ["up", "--yes", "--skip-preview", "--refresh", "--exec-kind", "auto.local", "--stack", "prod"],
    );
  });

  it("with --policy-pack runs the update with the pack, and prints it in the command", async () => {
    const pulumi = fakePulumi({ taskDefinitionUrn: TASK_URN, serviceUrn: SERVICE_URN });
    const argv = ["--stack", "prod", "--image-tag", "v1.2.3", "--policy-pack", "policies"];
    const printed = await rollback(argv, pulumi);
    assert.match(printed.stdout, /^pulumi up --stack prod --refresh --policy-pack policies --target /m);
    const run = await rollback([...argv, "--yes", "--full"], pulumi);
    assert.equal(run.code, 0, run.stderr);
    const up = run.pulumiCalls.find((args) => args[0] === "up");
    assert.deepEqual(up?.slice(up.indexOf("--policy-pack"), up.indexOf("--policy-pack") + 2), [
      "--policy-pack",
      "policies",
    ]);
  });

  it("builds the URNs when the stack does not export them", async () => {
    const run = await rollback(
      ["--stack", "prod", "--image-tag", "v1.2.3", "--yes"],
      fakePulumi({ url: "x" }),
    );
    assert.equal(run.code, 0, run.stderr);
    const up = run.pulumiCalls.find((args) => args[0] === "up") ?? [];
    assert.deepEqual(up.slice(4, 8), ["--target", TASK_URN, "--target", SERVICE_URN]);
    assert.match(run.stderr, /rolled prod back to v1\.2\.3 \(URNs built from the code\)/);
    // No imageTag output: the freeze cannot say which version it replaced, and says nothing.
    assert.deepEqual(
      run.pulumiCalls.find((args) => args[1] === "tag" && args[2] === "set"),
      ["stack", "tag", "set", "pantstack:rollback-freeze", `v1.2.3 at ${NOW} by octocat`, "--stack", "prod"],
    );
  });

  it("refuses with exit 1 and runs nothing when the tag is not in ECR", async () => {
    const run = await rollback(
      ["--stack", "prod", "--image-tag", "v9.9.9", "--yes"],
      fakePulumi({}),
      fakeEcr([]),
    );
    assert.equal(run.code, 1);
    assert.match(run.stderr, /image tag v9\.9\.9 is not in the release repository/);
    assert.deepEqual(run.pulumiCalls, []);
  });

  it("names --repository when ECR has no such repository", async () => {
    const missingRepository = (_region: string | undefined) => ({
      async send(): Promise<never> {
        throw Object.assign(new Error("repository does not exist"), { name: "RepositoryNotFoundException" });
      },
    });
    await assert.rejects(
      main(
        ["--stack", "prod", "--image-tag", "v1.2.3", "--yes", "--repository", "nope"],
        {
          stdout: () => undefined,
          stderr: () => undefined,
        },
        { pulumiCommand: fakePulumi({}).command, ecr: missingRepository },
      ),
      /^ValidationError: --repository: "nope" is not allowed; no such ECR repository in this account and region$/,
    );
  });

  it("skips the ECR check with --skip-image-check and honours --repository and --region", async () => {
    const skipped = await rollback([
      "--stack",
      "prod",
      "--image-tag",
      "v1.2.3",
      "--yes",
      "--skip-image-check",
    ]);
    assert.deepEqual(skipped.ecrCalls, []);
    const ecr = fakeEcr(["v1.2.3"]);
    await rollback(
      ["--stack", "prod", "--image-tag", "v1.2.3", "--yes", "--repository", "api", "--region", "eu-west-1"],
      fakePulumi({}),
      ecr,
    );
    assert.deepEqual(ecr.calls, [
      { region: "eu-west-1", input: { repositoryName: "api", imageIds: [{ imageTag: "v1.2.3" }] } },
    ]);
  });

  const usage: [string[], RegExp][] = [
    [
      ["--stack", "prod", "--image-tag", "not a version"],
      /^error: --image-tag: "not a version" is not allowed; prod runs release versions only/,
    ],
    [
      ["--stack", "prod", "--image-tag", "latest"],
      /^error: --image-tag: "latest" is not allowed; prod runs release versions only/,
    ],
    [["--stack", "prod", "--image-tag", "v1.3.0-dev.4"], /prod runs release versions only/],
    [
      ["--stack", "test", "--image-tag", "pr-1-abc1234"],
      /^error: --image-tag: "pr-1-abc1234" is not allowed; test runs a release or a prerelease/,
    ],
    [
      ["--stack", "preview-pr-1", "--image-tag", "pr-1-abc1234"],
      /^error: --stack: "preview-pr-1" is not allowed; expected one of prod, test/,
    ],
    [["--image-tag", "v1.2.3"], /^error: --stack: \(missing\)/],
    [["--stack", "prod"], /^error: --image-tag: \(missing\) is not allowed; give the tag to put back/],
    [
      ["--stack", "prod", "--image-tag", "v1.2.3", "--yes", "--dry-run"],
      /^error: --dry-run: true is not allowed; give --yes .* or --dry-run/,
    ],
    [["--stack", "prod", "--image-tag", "v1.2.3", "--region", "mars"], /^error: --region: "mars"/],
    [
      ["--stack", "prod", "--image-tag", "v1.2.3", "--target", "x"],
      /^error: arguments: "--target" is not allowed/,
    ],
  ];
  for (const [argv, message] of usage) {
    it(`exits 2 on ${argv.join(" ")}`, async () => {
      const run = await rollback(argv);
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
      assert.deepEqual([run.stdout, run.pulumiCalls], ["", []]);
    });
  }

  it("prints its usage with the exit codes on --help", async () => {
    const run = await rollback(["--help"]);
    assert.equal(run.code, 0);
    assert.match(
      run.stdout,
      /Exit 0: printed or rolled back; 1: refused \(the image is not in the\nrepository\); 2: bad usage\.\n$/,
    );
    for (const line of run.stdout.split("\n")) assert.ok(line.length <= 80, line);
  });

  it("accepts a prerelease on test", () => {
    const args = parseCommandLine(["--stack", "test", "--image-tag", "v1.3.0-dev.4"]);
    assert.equal(args !== "help" && "imageTag" in args && args.imageTag, "v1.3.0-dev.4");
  });

  it("single-quotes what a shell would expand", () => {
    assert.equal(shellQuote("a$b"), "'a$b'");
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    assert.equal(shellQuote("v1.2.3"), "v1.2.3");
  });
});
