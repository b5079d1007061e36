// Entry of `npm run docs:cost`: writes the README's cost table from the plan of every stack.
import { readFileSync, writeFileSync } from "node:fs";
import { PLANNED_STACKS } from "../stacks/programs";
import { readmeCostTable, withCostTable } from "./cost/readme-table";
import { planStacks } from "./plan";

async function run(): Promise<void> {
  const plans = await planStacks({ stacks: [...PLANNED_STACKS] });
  const readme = readFileSync("README.md", "utf8");
  const updated = withCostTable(readme, readmeCostTable(plans));
  if (updated === readme) {
    process.stderr.write("README.md: the cost table is up to date\n");
    return;
  }
  writeFileSync("README.md", updated);
  process.stderr.write("README.md: cost table rewritten from the plan\n");
}

run().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 3;
});
