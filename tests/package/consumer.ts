// A consumer project: the library installed from a tarball as npm lays it out, a program, and a unit test
// of a component with the testing kit. The npm package test and the git dependency's test both use it.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");

export const CONSUMER = `
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
export const CONSUMER_TEST = `
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

/**
 * Installs `tarball` into `dir` the way npm lays it out (the peer dependencies come from this checkout), writes
 * the consumer's program and test, and type-checks them with `moduleResolution: node` and `nodenext`;
 * fails naming the configuration that does not type-check. The program is compiled to `dir/out`.
 */
export function installConsumer(dir: string, tarball: string): void {
  // Install the tarball the way npm lays it out; the peer dependencies come from this checkout.
  const modules = join(dir, "node_modules");
  mkdirSync(join(modules, "pantstack-infra"), { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", join(modules, "pantstack-infra"), "--strip-components=1"]);
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
}

/** Runs the consumer's compiled `file` (`index.js` or `component.test.js`) and parses its one JSON line. */
export function runConsumer<T>(dir: string, file: string): T {
  return JSON.parse(
    execFileSync(process.execPath, [join(dir, "out", file)], { encoding: "utf8" }).trim(),
  ) as T;
}
