import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");
// The pages written for people who use the library; the rest of docs/ is for those who run the pipeline.
const CONSUMER_DOCS = ["docs/library.md", "docs/python.md"];

const CONSUMER = `
import * as pulumi from "@pulumi/pulumi";
import { EcrRepository, GithubOidcRole, type GithubSubject } from "pantstack-infra";

const registered: string[] = [];
pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push(args.type);
      return { id: args.name, state: { ...args.inputs, arn: "arn:aws:x:::" + args.name, name: args.name } };
    },
    call: () => ({}),
  },
  "consumer",
  "dev",
);

const subjects: GithubSubject[] = [{ kind: "branch", name: "main" }];
const repo = new EcrRepository("api", {});
const role = new GithubOidcRole("ci", { repository: "acme/api", subjects });
pulumi.all([repo.urn, role.urn, role.role.urn]).apply(() => {
  // The main entry must not load the testing kit (the engine) or anything only it needs.
  const loaded = Object.keys(require.cache).filter((f) => /dist[\\/](engine|testing)[\\/]/.test(f));
  console.log(JSON.stringify({ types: registered.sort(), loaded }));
});
`;

// A consumer's own test of a component with the testing kit: the engine answers like AWS, so the image URI,
// ARNs and the execution role's policy are real-looking where Pulumi's standard mocks leave them undefined.
const CONSUMER_TEST = `
import { EcrRepository, EcsApiService } from "pantstack-infra";
import { one, run, runComponent } from "pantstack-infra/testing";

async function main() {
  const repo = await runComponent(() => new EcrRepository("api", { ephemeral: true }), {
    config: { "aws:region": "eu-west-1" },
  });
  const program = await run(
    () => {
      const registry = new EcrRepository("api", { ephemeral: true });
      const service = new EcsApiService("api", {
        cluster: "arn:aws:ecs:eu-west-1:123456789012:cluster/dev",
        repositoryUrl: registry.repositoryUrl,
        imageTag: "v1.2.3",
        network: { vpcId: "vpc-1", subnetIds: ["subnet-a"] },
        routing: {
          listenerArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/edge/1/2",
          loadBalancerSecurityGroupId: "sg-alb",
          hostname: "api.example.com",
          priority: 10,
        },
      });
      return { serviceArn: service.serviceArn };
    },
    { stack: "dev", config: { "aws:region": "eu-west-1" } },
  );
  const task = one(program, "aws:ecs/taskDefinition:TaskDefinition");
  const [container] = JSON.parse(String(task.inputs.containerDefinitions));
  const execution = one(program, "aws:iam/rolePolicy:RolePolicy", "api-execution");
  console.log(
    JSON.stringify({
      repositoryUrl: repo.outputs.repositoryUrl,
      repositoryArn: repo.outputs.arn,
      image: container.image,
      serviceArn: program.outputs.serviceArn,
      executionPolicy: execution.inputs.policy,
    }),
  );
}
main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
`;

describe("the npm package", () => {
  let dir: string;
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it("packs, installs into another project, type-checks and runs there", function () {
    this.timeout(120000);
    dir = mkdtempSync(join(tmpdir(), "pantstack-consumer-"));
    const [packed] = JSON.parse(
      execFileSync("npm", ["pack", "--json", "--pack-destination", dir], { cwd: ROOT, encoding: "utf8" }),
    ) as { filename: string; files: { path: string }[] }[];
    assert.ok(
      packed.files.some((f) => f.path === "dist/lib/index.d.ts"),
      "type declarations are packed",
    );
    assert.ok(
      packed.files.some((f) => f.path === "dist/testing/index.d.ts"),
      "the testing kit is packed",
    );
    assert.ok(!packed.files.some((f) => f.path.startsWith("tests/") || f.path.startsWith("stacks/")));
    const paths = packed.files.map((f) => f.path);
    assert.ok(paths.includes("LICENSE"), "the licence ships");
    assert.ok(paths.includes("README.md"), "the README ships");
    // Consumer docs only: the operations manual (stacks, bring-up, the pipeline) stays in the repository.
    const docs = paths.filter((p) => p.endsWith(".md") && p !== "README.md");
    assert.deepEqual(
      docs.filter((p) => !CONSUMER_DOCS.includes(p)),
      [],
      "only the consumer pages of docs/ ship",
    );
    for (const page of CONSUMER_DOCS.filter((p) => existsSync(join(ROOT, p)))) {
      assert.ok(paths.includes(page), `${page} ships`);
    }
    // No source maps: the TypeScript sources do not ship, so a map would point at nothing.
    assert.deepEqual(
      paths.filter((p) => p.endsWith(".map")),
      [],
      "no source maps",
    );

    // Install the tarball the way npm lays it out; the peer dependencies come from this checkout.
    const modules = join(dir, "node_modules");
    mkdirSync(join(modules, "pantstack-infra"), { recursive: true });
    execFileSync("tar", [
      "-xzf",
      join(dir, packed.filename),
      "-C",
      join(modules, "pantstack-infra"),
      "--strip-components=1",
    ]);
    symlinkSync(join(ROOT, "node_modules/@pulumi"), join(modules, "@pulumi"));
    symlinkSync(join(ROOT, "node_modules/@types"), join(modules, "@types"));
    // The testing kit's optional peer dependency (npm installs it with @pulumi/pulumi, which depends on it).
    symlinkSync(join(ROOT, "node_modules/google-protobuf"), join(modules, "google-protobuf"));
    // npm would install the package's own dependencies beside it.
    for (const dependency of Object.keys(require(join(ROOT, "package.json")).dependencies ?? {})) {
      symlinkSync(join(ROOT, "node_modules", dependency), join(modules, dependency));
    }
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true }));
    writeFileSync(join(dir, "index.ts"), CONSUMER);
    writeFileSync(join(dir, "component.test.ts"), CONSUMER_TEST);
    // Pulumi's TypeScript template resolves like Node 10 (`moduleResolution: node`, through typesVersions);
    // current projects use nodenext (through exports). The consumer must type-check under both.
    const compilerOptions = { target: "ES2022", strict: true, skipLibCheck: true, types: ["node"] };
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { ...compilerOptions, module: "commonjs", moduleResolution: "node", outDir: "out" },
        files: ["index.ts", "component.test.ts"],
      }),
    );
    writeFileSync(
      join(dir, "tsconfig.nodenext.json"),
      JSON.stringify({
        compilerOptions: {
          ...compilerOptions,
          module: "nodenext",
          moduleResolution: "nodenext",
          noEmit: true,
        },
        files: ["index.ts", "component.test.ts"],
      }),
    );
    for (const config of ["tsconfig.json", "tsconfig.nodenext.json"]) {
      const typecheck = spawnSync(
        process.execPath,
        [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(dir, config)],
        { encoding: "utf8" },
      );
      assert.equal(
        typecheck.status,
        0,
        `the consumer does not type-check with ${config}:\n${typecheck.stdout}`,
      );
    }
    const output = execFileSync(process.execPath, [join(dir, "out/index.js")], { encoding: "utf8" });
    const { types, loaded } = JSON.parse(output.trim()) as { types: string[]; loaded: string[] };
    assert.deepEqual(loaded, [], "the main entry loads none of the testing kit");
    assert.ok(types.includes("pantstack:ecr:EcrRepository"));
    assert.ok(types.includes("aws:ecr/repository:Repository"));
    assert.ok(types.includes("pantstack:github:GithubOidcRole"));
    assert.ok(types.includes("aws:iam/role:Role"));
  });

  it("lets the consumer test a component with pantstack-infra/testing and see real-looking ARNs and image URIs", function () {
    this.timeout(60000);
    assert.ok(dir, "the package was installed by the test above");
    const output = execFileSync(process.execPath, [join(dir, "out/component.test.js")], { encoding: "utf8" });
    const seen = JSON.parse(output.trim()) as Record<string, string>;
    assert.equal(seen.repositoryUrl, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api");
    assert.equal(seen.repositoryArn, "arn:aws:ecr:eu-west-1:123456789012:repository/api");
    assert.equal(seen.image, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:v1.2.3");
    assert.match(
      seen.serviceArn,
      /^arn:aws:ecs:eu-west-1:123456789012:service\/dev\/api-service-[0-9a-f]{7}$/,
    );
    assert.match(seen.executionPolicy, /"arn:aws:ecr:eu-west-1:123456789012:repository\/api"/);
  });
});
