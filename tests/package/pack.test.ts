import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");

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
  console.log(JSON.stringify(registered.sort()));
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
    assert.ok(!packed.files.some((f) => f.path.startsWith("tests/") || f.path.startsWith("stacks/")));

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
    // npm would install the package's own dependencies beside it.
    for (const dependency of Object.keys(require(join(ROOT, "package.json")).dependencies ?? {})) {
      symlinkSync(join(ROOT, "node_modules", dependency), join(modules, dependency));
    }
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true }));
    writeFileSync(join(dir, "index.ts"), CONSUMER);
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "node16",
          moduleResolution: "node16",
          strict: true,
          skipLibCheck: true,
          outDir: "out",
          types: ["node"],
        },
        files: ["index.ts"],
      }),
    );
    const typecheck = spawnSync(
      process.execPath,
      [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", dir],
      {
        encoding: "utf8",
      },
    );
    assert.equal(typecheck.status, 0, `the consumer does not type-check:\n${typecheck.stdout}`);
    const output = execFileSync(process.execPath, [join(dir, "out/index.js")], { encoding: "utf8" });
    const types = JSON.parse(output.trim()) as string[];
    assert.ok(types.includes("pantstack:ecr:EcrRepository"));
    assert.ok(types.includes("aws:ecr/repository:Repository"));
    assert.ok(types.includes("pantstack:github:GithubOidcRole"));
    assert.ok(types.includes("aws:iam/role:Role"));
  });
});
