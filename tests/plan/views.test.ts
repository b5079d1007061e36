import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readmeCostTable, withCostTable } from "../../plan/cost/readme-table";
import { formatJson } from "../../plan/format/json";
import { formatMarkdown } from "../../plan/format/markdown";
import { formatTable } from "../../plan/format/table";
import { EXIT, main, parseCommandLine } from "../../plan/main";
import { planStacks, type StackPlan } from "../../plan/plan";
import type { StackJson } from "../../plan/plan-json";
import { PLANNED_STACKS } from "../../stacks/programs";
import { parseMermaid } from "./mermaid-parser";

async function plan(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const mermaidBlocks = (markdown: string) =>
  [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);

describe("plan views with cost, diagram and diff", () => {
  let plans: StackPlan[];
  const stack = (name: string) => plans.find((p) => p.stack === name) as StackPlan;

  before(async () => {
    plans = await planStacks({ stacks: [...PLANNED_STACKS] });
  });

  it("JSON has the documented cost shape and each resource's data-safety options", () => {
    const stacks = (JSON.parse(formatJson(plans)) as { stacks: StackJson[] }).stacks;
    for (const s of stacks) {
      assert.deepEqual(Object.keys(s.cost), ["monthlyUsd", "monthlyUsdMax", "lines"], s.stack);
      assert.ok(s.cost.monthlyUsd > 0, s.stack);
      for (const line of s.cost.lines)
        assert.deepEqual(Object.keys(line), ["urn", "type", "basis", "monthlyUsd"]);
    }
    const cost = Object.fromEntries(stacks.map((s) => [s.stack, [s.cost.monthlyUsd, s.cost.monthlyUsdMax]]));
    assert.ok(cost.prod[1] > cost.prod[0], "prod autoscales: the maximum is above the minimum");
    assert.ok(
      cost["preview-pr-1"][0] <= 8,
      `the example preview costs at most $8, not ${cost["preview-pr-1"][0]}`,
    );
    const repo = stacks[0].resources.find((r) => r.type === "aws:ecr/repository:Repository");
    assert.deepEqual(repo?.options, {
      protect: true,
      retainOnDelete: true,
      deleteBeforeReplace: false,
      ignoreChanges: [],
    });
  });

  it("the table marks protected and retained resources and gives each stack's cost within 80 columns", () => {
    const table = formatTable(plans);
    assert.match(table, /images {2}aws:ecr:Repository {2}\[protected\] {2}\[retained\]/);
    assert.match(table, /Monthly cost \$126\.93–\$199\.01 \(minimum–maximum task count\), us-east-1 list/);
    assert.match(table, /\$18\.02–\$90\.10 {2}api-service: 2–10 task\(s\)/);
    for (const line of table.split("\n")) assert.ok(line.length <= 80, `too wide: ${line}`);
  });

  it("markdown: a preview section under 60 lines with URL, types, policies, cost and a diagram", () => {
    const markdown = formatMarkdown([stack("preview-pr-1")]);
    assert.ok(markdown.split("\n").length < 60, `${markdown.split("\n").length} lines`);
    assert.match(markdown, /^URL: https:\/\/preview-pr-1\.pantstack\.dev$/m);
    assert.match(markdown, /6 resources, 2 components, 2 stack references: .*1 ecs:Service/);
    assert.match(markdown, /^Policies: no violations\.$/m);
    assert.match(markdown, /\*\*Monthly cost \$6\.85, us-east-1 list prices of \d{4}-\d{2}-\d{2}\*\*/);
    const [diagram] = mermaidBlocks(markdown);
    assert.match(diagram, /subgraph c3\["pr-1<br\/>pantstack:ecs:EcsApiService"\]\n {6}n4\["pr-1-logs/);
    assert.match(diagram, /n9 --> n7/, "the service depends on its task definition");
  });

  it("every stack's diagram parses with Mermaid's own parser; large ones are collapsed", async () => {
    const markdown = formatMarkdown(plans);
    const blocks = mermaidBlocks(markdown);
    assert.equal(blocks.length, plans.length);
    for (const block of blocks)
      assert.deepEqual(await parseMermaid(block), { diagramType: "flowchart-v2", config: {} });
    await assert.rejects(parseMermaid(`${blocks[0]}\n  n1 -->> -->`), /Parse error/);
    assert.match(markdown, /<details><summary>Diagram \(48 resources\)<\/summary>\n\n```mermaid/);
    assert.match(markdown, /classDef kept stroke-width:4px\n {2}class n\d+ kept/);
  });

  it("--against shows the diff and its warnings in every view", async () => {
    const base = JSON.parse(formatJson([stack("shared")])) as { stacks: StackJson[] };
    const repo = base.stacks[0].resources.find((r) => r.type === "aws:ecr/repository:Repository");
    assert.ok(repo);
    repo.inputs.name = "old-name";
    base.stacks[0].resources = base.stacks[0].resources.filter(
      (r) => !r.name.endsWith("-permissions") || r.name.startsWith("image"),
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
        format: "markdown",
        against: "base.json",
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

  it("the README's cost table is the plan's (run `npm run docs:cost` when this fails)", () => {
    const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
    assert.equal(withCostTable(readme, readmeCostTable(plans)), readme);
    assert.match(readme, /\| `prod` \| \$\d+\.\d\d \| \$\d+\.\d\d \|/);
  });
});
