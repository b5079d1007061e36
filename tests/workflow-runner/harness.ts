import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConcurrencyGroups } from "./concurrency";
import type { Json } from "./expressions";
import type { OctokitCall } from "./octokit-fake";
import { type RunHandle, type RunOptions, startRun } from "./run";
import { parseWorkflowFile } from "./workflow";

/** A place for runs: one concurrency space, one temp dir, numbered runs, the recorded Octokit calls. */
export class Runner {
  readonly concurrency = new ConcurrencyGroups();
  readonly octokitCalls: OctokitCall[] = [];
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "workflow-runner-"));
  private runs = 0;

  /** @param defaults what every run gets unless its event overrides it (a scenario sets them once). */
  constructor(public defaults: Partial<RunOptions> = {}) {}

  /** Starts a run of `file` (a path, or `{ file, content }`) once it has arrived at its concurrency group. */
  async start(
    workflow: string | { file: string; content: string },
    event: {
      eventName: string;
      payload?: Record<string, Json>;
      ref?: string;
      sha?: string;
    } & Partial<RunOptions>,
  ): Promise<RunHandle> {
    const { file, content } =
      typeof workflow === "string"
        ? { file: path.basename(workflow), content: fs.readFileSync(workflow, "utf8") }
        : workflow;
    const runId = ++this.runs;
    const dir = path.join(this.dir, `run-${runId}`);
    return startRun({
      repository: "acme/app",
      ref: "refs/heads/main",
      sha: "0".repeat(40),
      payload: {},
      env: { PATH: process.env.PATH ?? "" },
      concurrency: this.concurrency,
      octokitCalls: this.octokitCalls,
      ...this.defaults,
      ...event,
      workflow: await parseWorkflowFile(file, content),
      runId,
      dir,
    });
  }

  /** Starts a run and waits for its end. */
  async run(...args: Parameters<Runner["start"]>) {
    return (await this.start(...args)).finished;
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
