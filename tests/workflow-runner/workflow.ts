import type { WorkflowTemplate } from "@actions/workflow-parser";
import type { MappingToken, TemplateToken } from "@actions/workflow-parser/templates/tokens/index";
import { actionsLibs } from "./actions-libs";

/** A workflow file as GitHub's own parser reads it: the converted template and the raw token tree. */
export interface ParsedWorkflow {
  file: string;
  template: WorkflowTemplate;
  /**
   * The converted template drops a step's `with:`, `shell:`, `working-directory:` and `timeout-minutes:`,
   * and a job's `timeout-minutes:` and `defaults:`; the runner reads those from the parsed tokens.
   */
  root: MappingToken;
}

/** Parses and converts a workflow; any schema or conversion error throws, naming the file. */
export async function parseWorkflowFile(file: string, content: string): Promise<ParsedWorkflow> {
  const { workflowParser: p } = await actionsLibs();
  const parsed = p.parseWorkflow({ name: file, content }, new p.NoOperationTraceWriter());
  if (parsed.value === undefined || !p.isMapping(parsed.value))
    throw new Error(`${file}: not a workflow mapping`);
  const template = await p.convertWorkflowTemplate(parsed.context, parsed.value);
  const errors = [
    ...parsed.context.errors.getErrors().map((e) => e.message),
    ...(template.errors ?? []).map((e) => e.Message),
  ];
  if (errors.length > 0) throw new Error(`${file}: ${[...new Set(errors)].join("; ")}`);
  return { file, template, root: parsed.value };
}

/** `mapping.key` of a raw mapping token, if present. */
export function field(token: TemplateToken | undefined, key: string): TemplateToken | undefined {
  if (token === undefined || !("find" in token)) return undefined;
  return (token as MappingToken).find(key);
}

/** The raw token of job `jobId`'s step number `index`. */
export function rawStep(workflow: ParsedWorkflow, jobId: string, index: number): TemplateToken | undefined {
  const steps = field(field(field(workflow.root, "jobs"), jobId), "steps");
  if (steps === undefined || !("get" in steps)) return undefined;
  return (steps as unknown as { get(i: number): TemplateToken }).get(index);
}

/** The raw token of job `jobId`. */
export function rawJob(workflow: ParsedWorkflow, jobId: string): TemplateToken | undefined {
  return field(field(workflow.root, "jobs"), jobId);
}
