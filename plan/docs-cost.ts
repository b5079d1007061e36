// Entry of `npm run docs:cost`: writes the cost table of docs/plan.md from the plan of every stack.
import { readFileSync, writeFileSync } from "node:fs";
import { PLANNED_STACKS } from "../stacks/programs";
import { COST_TABLE_PAGE, readmeCostTable, withCostTable } from "./cost/readme-table";
import { planStacks } from "./plan";

async function run(): Promise<void> {
  const plans = await planStacks({ stacks: [...PLANNED_STACKS] });
  const readme = readFileSync(COST_TABLE_PAGE, "utf8");
  const updated = withCostTable(readme, readmeCostTable(plans));
  if (updated === readme) {
    process.stderr.write(`${COST_TABLE_PAGE}: the cost table is up to date\n`);
    return;
  }
  writeFileSync(COST_TABLE_PAGE, updated);
  process.stderr.write(`${COST_TABLE_PAGE}: cost table rewritten from the plan\n`);
}

run().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 3;
});
