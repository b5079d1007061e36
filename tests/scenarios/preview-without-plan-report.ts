// pr-preview.yml for the preview scenarios whose assertions are about the slot, the image push and the
// deploy (pr-reruns, pr-claim-race, preview-sweep): the same workflow without the deploy job's plan report,
// two in-process plans of the preview stack (about 4 s CPU a run) that nothing later in the job reads but
// the comment, whose plan section those scenarios do not look at. pr-preview.int.test.ts runs the report
// itself, and preview-tokens.int.test.ts its token.
import fs from "node:fs";
import path from "node:path";
import { parseDocument, type YAMLMap, type YAMLSeq } from "yaml";

const WORKFLOW = path.resolve(__dirname, "../../.github/workflows/pr-preview.yml");

/** The report's step: it runs `npm run -s plan -- ... --against base.json`. */
const isPlanReport = (run: unknown) => typeof run === "string" && /npm run -s plan -- .*--against /.test(run);

/** pr-preview.yml with the deploy job's plan-report step removed; every other job and step as written. */
export function prPreviewWithoutPlanReport(): { file: string; content: string } {
  const doc = parseDocument(fs.readFileSync(WORKFLOW, "utf8"));
  const steps = doc.getIn(["jobs", "deploy", "steps"]) as YAMLSeq<YAMLMap>;
  const index = steps.items.findIndex((step) => isPlanReport(step.get("run")));
  if (index < 0)
    throw new Error("pr-preview.yml: the deploy job has no plan-report step (npm run -s plan -- --against)");
  doc.deleteIn(["jobs", "deploy", "steps", index]);
  return { file: "pr-preview.yml", content: doc.toString() };
}
