import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { COST_TABLE_PAGE, readmeCostTable, withCostTable } from "../../plan/cost/readme-table";
import { diffPlans } from "../../plan/diff";
import { formatJson } from "../../plan/format/json";
import { formatMarkdown } from "../../plan/format/markdown";
import { formatTable } from "../../plan/format/table";
import { planStacks, type StackPlan } from "../../plan/plan";
import { type BasePlan, type StackJson, toPlanJson } from "../../plan/plan-json";
import { PLANNED_STACKS } from "../../stacks/programs";
import { parseMermaid } from "./mermaid-parser";

const mermaidBlocks = (markdown: string) =>
  [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);

describe("plan views of every stack: cost, diagram, docs table", () => {
  let plans: StackPlan[];
  const stack = (name: string) => plans.find((p) => p.stack === name) as StackPlan;

  before(async () => {
    plans = await planStacks({ stacks: [...PLANNED_STACKS] });
  });

  it("JSON has the documented cost shape and each resource's data-safety options", () => {
    const stacks = (JSON.parse(formatJson(plans)) as { stacks: StackJson[] }).stacks;
    for (const s of stacks) {
      assert.deepEqual(Object.keys(s.cost), ["monthlyUsd", "monthlyUsdMax", "lines", "services"], s.stack);
      // GitHub settings cost nothing; every AWS stack costs something.
      if (s.stack === "github") assert.deepEqual([s.cost.monthlyUsd, s.cost.lines], [0, []]);
      else assert.ok(s.cost.monthlyUsd > 0, s.stack);
      for (const line of s.cost.lines)
        assert.deepEqual(Object.keys(line), ["urn", "type", "item", "basis", "monthlyUsd", "monthlyUsdMax"]);
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
    assert.match(table, /Monthly cost \$128\.73–\$200\.81 \(minimum–maximum task count\), us-east-1 list/);
    assert.match(table, /\$18\.02–\$90\.10 {2}api-service \(compute\): 2–10 task\(s\)/);
    for (const line of table.split("\n")) assert.ok(line.length <= 80, `too wide: ${line}`);
  });

  it("markdown: a preview section under 60 lines with URL, types, policies, cost and a diagram", () => {
    const markdown = formatMarkdown([stack("preview-pr-1")]);
    assert.ok(markdown.split("\n").length < 60, `${markdown.split("\n").length} lines`);
    assert.match(markdown, /^URL: https:\/\/preview-pr-1\.pantstack\.dev$/m);
    assert.match(markdown, /9 resources, 2 components, 2 stack references: .*1 ecs:Service/);
    assert.match(markdown, /^Policies: no violations\.$/m);
    assert.match(markdown, /\*\*Monthly cost \$2\.96, us-east-1 list prices of \d{4}-\d{2}-\d{2}\*\*/);
    // The preview-lifecycle goal: asleep outside the default awake hours, a preview costs at most $4.
    assert.ok(stack("preview-pr-1").cost.monthlyUsdMax <= 4, `${stack("preview-pr-1").cost.monthlyUsdMax}`);
    const [diagram] = mermaidBlocks(markdown);
    assert.match(diagram, /subgraph c3\["pr-1<br\/>pantstack:ecs:EcsApiService"\]\n {6}n4\["pr-1-logs/);
    assert.match(
      diagram,
      /n9 --> n7 & n0 & n5 & n8$/m,
      "the service depends on its rule, the test stack, its target group and task definition",
    );
  });

  it("every stack's diagram parses with Mermaid's own parser; large ones are collapsed", async () => {
    const markdown = formatMarkdown(plans);
    const blocks = mermaidBlocks(markdown);
    assert.equal(blocks.length, plans.length);
    for (const block of blocks)
      assert.deepEqual(await parseMermaid(block), { diagramType: "flowchart-v2", config: {} });
    await assert.rejects(parseMermaid(`${blocks[0]}\n  n1 -->> -->`), /Parse error/);
    assert.match(markdown, /<details><summary>Diagram \(61 resources\)<\/summary>\n\n```mermaid/);
    assert.match(markdown, /classDef kept stroke-width:4px\n {2}class n\d+(,n\d+)* kept/);
  });

  it("a preview planned again a day later has no changes: its expiry moves with the clock only", async () => {
    const at = (deployedAt: string) =>
      planStacks({ stacks: ["preview-pr-1"], overrides: { "pantstack:deployedAt": deployedAt } });
    // Both inside the default awake hours (Mon-Fri 07:00-20:00 UTC).
    const [before] = await at("2026-01-05T10:00:00Z");
    const [after] = await at("2026-01-06T09:30:00Z");
    assert.notDeepEqual(before.outputs.expiresAt, after.outputs.expiresAt);
    const base = JSON.parse(formatJson([before])) as BasePlan;
    const [diff] = diffPlans(base, toPlanJson([after]).stacks);
    assert.deepEqual([diff.added, diff.removed, diff.changed], [[], [], []]);
    // A deploy at night is a real change: the one-off action that keeps the preview awake until it sleeps.
    const [night] = await at("2026-01-06T23:00:00Z");
    const [nightDiff] = diffPlans(base, toPlanJson([night]).stacks);
    assert.deepEqual(
      nightDiff.added.map((a) => a.urn.split("::").pop()),
      ["preview-pr-1-wake-after-deploy"],
    );
  });

  it("the docs' cost table is the plan's (run `npm run docs:cost` when this fails)", () => {
    const readme = readFileSync(join(__dirname, "../..", COST_TABLE_PAGE), "utf8");
    assert.equal(withCostTable(readme, readmeCostTable(plans)), readme);
    assert.match(readme, /\| `prod` \| \$\d+\.\d\d \| \$\d+\.\d\d \|/);
  });
});
