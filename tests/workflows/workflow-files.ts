import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";

/** The repository root and its workflows folder. */
export const ROOT = resolve(__dirname, "../..");
export const WORKFLOWS_DIR = join(ROOT, ".github/workflows");

/** One step of a job, as far as the tests read it. */
export interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}

/** One job, as far as the tests read it. */
export interface Job {
  "runs-on"?: string;
  if?: string;
  name?: string;
  needs?: string | string[];
  environment?: string | { name: string; url?: string };
  permissions?: Record<string, string> | string;
  concurrency?: string | { group: string; "cancel-in-progress"?: boolean | string };
  env?: Record<string, string>;
  steps?: Step[];
}

/** A workflow file: its name on disk, its raw text and the parsed document. */
export interface Workflow {
  file: string;
  text: string;
  on: Record<string, unknown>;
  env?: Record<string, string>;
  permissions?: Record<string, string> | string;
  concurrency?: Job["concurrency"];
  jobs: Record<string, Job>;
}

/** Every `.yml` workflow of the repository, parsed. */
export function loadWorkflows(dir = WORKFLOWS_DIR): Workflow[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yml") || f.endsWith(".yaml"))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), "utf8");
      return { file, text, ...(parse(text) as Omit<Workflow, "file" | "text">) };
    });
}

/** The GitHub environment a job runs in, if any. */
export function environmentOf(job: Job): string | undefined {
  return typeof job.environment === "string" ? job.environment : job.environment?.name;
}

/** Every `${{ ... }}` expression in a text, trimmed. */
export function expressionsIn(text: string): string[] {
  return [...text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((m) => m[1].trim());
}
