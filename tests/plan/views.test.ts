import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatJson } from "../../plan/format/json";
import { formatTable } from "../../plan/format/table";
import { EXIT, parseCommandLine } from "../../plan/main";
import type { StackPlan } from "../../plan/plan";
import type { StackJson } from "../../plan/plan-json";
import { plan } from "../support/plan-cli";
import { plannedStacks } from "../support/planned";

describe("plan views of one stack: --against, usage, region", () => {
  let plans: StackPlan[];
  const stack = (name: string) => plans.find((p) => p.stack === name) as StackPlan;

  before(async () => {
    plans = [...(await plannedStacks({ stacks: ["shared"] }))];
  });

  it("marks protected and retained resources in the table and carries the options in JSON", () => {
    assert.match(formatTable(plans), /images {2}aws:ecr:Repository {2}\[protected\] {2}\[retained\]\n/);
    assert.match(
      formatTable(plans),
      /Monthly cost \$1\.00, us-east-1 list prices of .*\n +\$0\.50 {2}images \(image storage\): 5 GB stored.*\n +\$0\.50 {2}preview-images \(image storage\): 5 GB/,
    );
    const [shared] = (JSON.parse(formatJson(plans)) as { stacks: StackJson[] }).stacks;
    const options = Object.fromEntries(shared.resources.map((r) => [r.name, r.options]));
    assert.deepEqual(options["images-lifecycle"], {
      protect: false,
      retainOnDelete: false,
      deleteBeforeReplace: false,
      ignoreChanges: [],
    });
    assert.equal(options.images.protect, true);
  });

  it("--against shows the diff and its warnings in every view", async () => {
    const base = JSON.parse(formatJson([stack("shared")])) as { stacks: StackJson[] };
    const repo = base.stacks[0].resources.find((r) => r.type === "aws:ecr/repository:Repository");
    assert.ok(repo);
    repo.inputs.name = "old-name";
    base.stacks[0].resources = base.stacks[0].resources.filter(
      (r) => !/^(deploy-test|deploy-prod|preview)-permissions$/.test(r.name),
    );
    const file = join(mkdtempSync(join(tmpdir(), "plan-")), "base.json");
    writeFileSync(file, JSON.stringify(base));
    const views = await Promise.all(
      ["table", "markdown", "json"].map((format) =>
        plan("--stack", "shared", "--against", file, "--format", format),
      ),
    );
    for (const view of views) {
      assert.equal(view.code, EXIT.ok, view.stderr);
      assert.match(
        view.stdout.replace(/\s+/g, " "),
        /changing name replaces this Repository: it loses every image in the repository/,
      );
    }
    assert.match(
      views[0].stdout.replace(/\s+/g, " "),
      /3 added, 0 removed, 1 changed; monthly cost ±\$0\.00/,
    );
    assert.match(views[0].stdout, /3 added/);
    assert.match(
      views[1].stdout,
      /```diff\n\+ urn:pulumi:shared::pantstack::pantstack:github:GithubOidcRole\$aws:iam\/rolePolicy:RolePolicy::deploy-test-permissions/,
    );
    assert.match(views[1].stdout, /! urn:\S+::images \(name: "old-name" → "pantstack"\)/);
    const diff = (JSON.parse(views[2].stdout) as { stacks: StackJson[] }).stacks[0].diff;
    assert.deepEqual(
      diff?.changed.map((c) => c.keys),
      [["name"]],
    );
  });

  it("says on stderr and in the table when a region is costed with us-east-1 prices", async () => {
    const json = await plan("--stack", "shared", "--config", "aws:region=eu-west-1", "--format", "json");
    assert.equal(json.code, EXIT.ok);
    assert.equal(
      json.stderr,
      "warning: shared: eu-west-1 is estimated with us-east-1 prices (the only table here)\n",
    );
    const table = await plan("--stack", "shared", "--config", "aws:region=eu-west-1");
    assert.match(table.stdout.replace(/\s+/g, " "), /eu-west-1 is estimated with us-east-1 prices/);
  });

  it("--against exits 2 naming the flag for a file that is not a plan", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "plan-")), "base.json");
    writeFileSync(file, JSON.stringify({ resources: [] }));
    const { code, stdout, stderr } = await plan("--stack", "shared", "--against", file);
    assert.equal(code, EXIT.usage);
    assert.equal(stdout, "");
    assert.match(
      stderr,
      /^error: --against: ".*base\.json" is not allowed; stacks: .*npm run -s plan -- --format json/,
    );
  });

  it("parseCommandLine validates without side effects and throws a ValidationError", () => {
    assert.deepEqual(
      parseCommandLine(["--stack", "test", "--against", "base.json", "--format", "markdown"]),
      {
        stacks: ["test"],
        overrides: {},
        stackOverrides: {},
        overridesWhereRead: false,
        format: "markdown",
        against: "base.json",
        width: undefined,
      },
    );
    assert.throws(() => parseCommandLine(["--format", "xml"]), {
      name: "ValidationError",
      message: /--format: "xml"/,
    });
    assert.throws(() => parseCommandLine(["--stack", "staging"]), {
      name: "ValidationError",
      message: /^stack: "staging"/,
    });
  });
});
