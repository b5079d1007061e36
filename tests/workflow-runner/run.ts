/**
 * Runs a workflow as GitHub Actions would, for tests: GitHub's own parser reads the file and GitHub's
 * own evaluator computes every `${{ }}` and `if:`; jobs start when their `needs` are done (independent
 * jobs run at the same time); `run:` steps go through `bash --noprofile --norc -e -o pipefail {0}`, the
 * default shell on Linux runners (https://docs.github.com/actions/reference/workflow-syntax-for-github-actions#jobsjob_idstepsshell);
 * `GITHUB_OUTPUT`, `GITHUB_ENV`, `GITHUB_PATH` and `GITHUB_STEP_SUMMARY` are honoured; step and job outputs
 * are wired; `actions/github-script` runs its script against a recorded Octokit; any other action is a
 * recorded no-op whose outputs a test may give. Concurrency groups (workflow and job) follow concurrency.ts.
 *
 * Not modelled: matrix expansion (one job, empty `matrix`), reusable workflows, containers and services,
 * `shell:` other than bash/sh, composite or JavaScript actions (other than github-script), job
 * `timeout-minutes` (recorded; a step's is enforced), permissions and the token's scopes (recorded only),
 * environments' protection rules (recorded), path filters and branch filters of events (the test picks the
 * workflow), `::set-output` and other stdout workflow commands, masking of secrets.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Job, Step, WorkflowJob } from "@actions/workflow-parser/model/workflow-template";
import type { TemplateToken } from "@actions/workflow-parser/templates/tokens/index";
import type { ConcurrencyGroups, ConcurrencySetting, Holder } from "./concurrency";
import {
  asString,
  type Contexts,
  evaluate,
  evaluateToken,
  type Json,
  type Status,
  truthy,
} from "./expressions";
import { parseFileCommands } from "./file-commands";
import { type OctokitAnswers, type OctokitCall, octokitFake } from "./octokit-fake";
import { field, type ParsedWorkflow, rawJob, rawStep } from "./workflow";

export type Result = "success" | "failure" | "cancelled" | "skipped";

export interface StepRecord {
  id: string;
  name: string;
  uses?: string;
  run?: string;
  with: Record<string, string>;
  env: Record<string, string>;
  workingDirectory?: string;
  continueOnError: boolean;
  timeoutMinutes?: number;
  outcome: Result;
  conclusion: Result;
  outputs: Record<string, string>;
  exitCode?: number;
  stdout: string;
  stderr: string;
  /** How long it ran, in ms (0 when skipped). */
  durationMs: number;
}

export interface JobRecord {
  id: string;
  result: Result;
  outputs: Record<string, string>;
  steps: StepRecord[];
  environment?: Json;
  permissions?: Json;
  timeoutMinutes?: number;
  concurrency?: ConcurrencySetting;
  summary: string;
  /** `core.*` messages of github-script steps, `level: message`. */
  log: string[];
  step(idOrName: string): StepRecord;
}

export interface RunRecord {
  workflow: string;
  runId: number;
  conclusion: Result;
  /** Cancelled by a concurrency group (while pending or running), or by `cancel()`. */
  cancelled: boolean;
  jobs: Record<string, JobRecord>;
  job(id: string): JobRecord;
}

/** What a recorded action answers: its outputs. It may act on the job's workspace (checkout does). */
export type ActionHandler = (
  inputs: Record<string, string>,
  job: { workspace: string; env: Record<string, string> },
) => Promise<Record<string, string> | undefined> | Record<string, string> | undefined;

export interface RunOptions {
  workflow: ParsedWorkflow;
  eventName: string;
  payload: Record<string, Json>;
  ref: string;
  sha: string;
  repository: string;
  actor?: string;
  runId: number;
  inputs?: Record<string, Json>;
  vars?: Record<string, string>;
  secrets?: Record<string, string>;
  /**
   * The REST API's URL: `github.api_url` and `GITHUB_API_URL` (on GitHub Enterprise Server, the server's own),
   * so tools that honour it (Octokit-based ones, semantic-release) reach a scenario's GitHub fake.
   * @default "https://api.github.com"
   */
  apiUrl?: string;
  /** Base environment of every step (PATH with the fakes first). */
  env: Record<string, string>;
  /** Per run: each job gets `<dir>/<job>/workspace` and `<dir>/<job>/temp`. */
  dir: string;
  /** Keyed by action name without `@ref` (`actions/checkout`). */
  actions?: Record<string, ActionHandler>;
  octokit?: OctokitAnswers;
  octokitCalls?: OctokitCall[];
  concurrency: ConcurrencyGroups;
  /** Called before each step runs (a scenario can start another run there). */
  beforeStep?: (job: string, step: StepRecord) => Promise<void> | void;
}

export interface RunHandle {
  /** Resolves with the record once the run is over (done or cancelled). */
  finished: Promise<RunRecord>;
  cancel(): void;
}

const NEVER: Status = { failed: false, cancelled: false };

/**
 * Starts a run; resolves once it has arrived at its workflow concurrency group (running or pending), so
 * the order of `await startRun(...)` calls is the order GitHub sees the events.
 */
export async function startRun(options: RunOptions): Promise<RunHandle> {
  const { workflow } = options;
  const github = githubContext(options);
  const base: Contexts = {
    github,
    vars: options.vars ?? {},
    secrets: { GITHUB_TOKEN: "ghs_fake", ...(options.secrets ?? {}) },
    inputs: options.inputs ?? {},
  };
  const workflowEnv = asStrings(await evaluateToken(workflow.template.env, base, NEVER));
  const record: RunRecord = {
    workflow: workflow.file,
    runId: options.runId,
    conclusion: "success",
    cancelled: false,
    jobs: {},
    job(id) {
      const job = this.jobs[id];
      if (!job)
        throw new Error(`${workflow.file}: no job ${id} in this run (${Object.keys(this.jobs).join(", ")})`);
      return job;
    },
  };
  const children = new Set<ReturnType<typeof spawn>>();
  const cancel = () => {
    record.cancelled = true;
    for (const child of children) child.kill("SIGTERM");
  };
  const holder: Holder = { name: `${workflow.file}#${options.runId}`, cancel };
  const setting = await concurrencySetting(workflow.template.concurrency, base);
  const admitted = setting
    ? options.concurrency.acquire(setting, holder)
    : Promise.resolve("acquired" as const);

  const finished = (async () => {
    if ((await admitted) === "cancelled") {
      record.cancelled = true;
      record.conclusion = "cancelled";
      return record;
    }
    try {
      const done = new Map<string, Promise<JobRecord>>();
      const byId = new Map(workflow.template.jobs.map((j) => [j.id.value, j]));
      const runJobOnce = (id: string): Promise<JobRecord> => {
        let promise = done.get(id);
        if (!promise) {
          const job = byId.get(id)!;
          promise = Promise.all((job.needs ?? []).map((n) => runJobOnce(n.value))).then((needs) =>
            runJob(job, needs, { ...options, base, workflowEnv, record, children }),
          );
          done.set(id, promise);
        }
        return promise;
      };
      const jobs = await Promise.all(workflow.template.jobs.map((j) => runJobOnce(j.id.value)));
      record.conclusion = record.cancelled
        ? "cancelled"
        : jobs.some((j) => j.result === "failure")
          ? "failure"
          : jobs.some((j) => j.result === "cancelled")
            ? "cancelled"
            : "success";
      return record;
    } finally {
      if (setting) options.concurrency.release(setting.group, holder);
    }
  })();
  return { finished, cancel };
}

interface JobScope extends RunOptions {
  base: Contexts;
  workflowEnv: Record<string, string>;
  record: RunRecord;
  children: Set<ReturnType<typeof spawn>>;
}

function transitiveNeeds(needs: JobRecord[], record: RunRecord, workflow: ParsedWorkflow): JobRecord[] {
  const seen = new Map<string, JobRecord>();
  const visit = (j: JobRecord) => {
    if (seen.has(j.id)) return;
    seen.set(j.id, j);
    const def = workflow.template.jobs.find((w) => w.id.value === j.id);
    for (const n of def?.needs ?? []) if (record.jobs[n.value]) visit(record.jobs[n.value]);
  };
  needs.forEach(visit);
  return [...seen.values()];
}

async function runJob(def: WorkflowJob, needs: JobRecord[], scope: JobScope): Promise<JobRecord> {
  const id = def.id.value;
  const raw = rawJob(scope.workflow, id);
  const record: JobRecord = {
    id,
    result: "skipped",
    outputs: {},
    steps: [],
    summary: "",
    log: [],
    step(key) {
      const step = this.steps.find((s) => s.id === key || s.name === key);
      if (!step)
        throw new Error(`job ${id}: no step ${key} (${this.steps.map((s) => s.id || s.name).join(", ")})`);
      return step;
    },
  };
  scope.record.jobs[id] = record;
  const all = transitiveNeeds(needs, scope.record, scope.workflow);
  const needsContext: Record<string, Json> = {};
  for (const n of needs) needsContext[n.id] = { result: n.result, outputs: n.outputs };
  const contexts: Contexts = { ...scope.base, needs: needsContext, env: scope.workflowEnv };
  const jobStatus: Status = {
    failed: all.some((n) => n.result === "failure"),
    skipped: all.some((n) => n.result !== "success"),
    cancelled: scope.record.cancelled,
  };
  if (!truthy(await evaluate(def.if.expression, contexts, jobStatus))) return record;
  if (def.type !== "job")
    throw new Error(`${scope.workflow.file}: job ${id}: reusable workflows are not modelled`);
  const job = def as Job;
  record.timeoutMinutes = numberOrUndefined(
    await evaluateToken(field(raw, "timeout-minutes"), contexts, NEVER),
  );
  record.permissions = (await evaluateToken(field(raw, "permissions"), contexts, NEVER)) ?? undefined;
  record.environment = (await evaluateToken(job.environment, contexts, NEVER)) ?? undefined;
  const jobEnv = { ...scope.workflowEnv, ...asStrings(await evaluateToken(job.env, contexts, NEVER)) };
  const defaultsDir = await evaluateToken(
    field(field(field(raw, "defaults"), "run"), "working-directory"),
    contexts,
    NEVER,
  );

  const setting = await concurrencySetting(job.concurrency, contexts);
  record.concurrency = setting;
  const holder: Holder = {
    name: `${scope.workflow.file}#${scope.runId}/${id}`,
    cancel: () => {
      jobCancelled = true;
      for (const child of scope.children) child.kill("SIGTERM");
    },
  };
  let jobCancelled = false;
  if (setting && (await scope.concurrency.acquire(setting, holder)) === "cancelled") {
    record.result = "cancelled";
    return record;
  }
  try {
    const dir = path.join(scope.dir, id);
    const workspace = path.join(dir, "workspace");
    const temp = path.join(dir, "temp");
    fs.mkdirSync(workspace, { recursive: true });
    fs.mkdirSync(temp, { recursive: true });
    const summaryFile = path.join(temp, "step_summary");
    fs.writeFileSync(summaryFile, "");
    const addedEnv: Record<string, string> = {};
    const addedPath: string[] = [];
    const steps: Record<string, Json> = {};
    const actionNames = new Map<string, number>();
    let failed = false;
    for (let index = 0; index < job.steps.length; index++) {
      const def = job.steps[index];
      const rawS = rawStep(scope.workflow, id, index);
      const cancelled = scope.record.cancelled || jobCancelled;
      const envCtx = { ...jobEnv, ...addedEnv };
      const stepContexts: Contexts = {
        ...contexts,
        env: envCtx,
        steps,
        job: { status: cancelled ? "cancelled" : failed ? "failure" : "success" },
        runner: { os: "Linux", arch: "X64", temp, name: "GitHub Actions 1", environment: "github-hosted" },
      };
      const stepEnv = {
        ...envCtx,
        ...asStrings(await evaluateToken("env" in def ? def.env : undefined, stepContexts, NEVER)),
      };
      stepContexts.env = stepEnv;
      const step: StepRecord = {
        id: def.id.startsWith("__") ? "" : def.id,
        name: asString(await evaluateToken(def.name, stepContexts, NEVER)),
        uses: "uses" in def ? def.uses.value : undefined,
        // Evaluated once the step runs, as the runner does (a skipped step's `with:` is never evaluated).
        with: {},
        env: stepEnv,
        continueOnError: await continueOnError(def, stepContexts),
        timeoutMinutes: numberOrUndefined(
          await evaluateToken(field(rawS, "timeout-minutes"), stepContexts, NEVER),
        ),
        outcome: "skipped",
        conclusion: "skipped",
        outputs: {},
        stdout: "",
        stderr: "",
        durationMs: 0,
      };
      record.steps.push(step);
      const condition = "if" in def && def.if ? def.if.expression : "success()";
      const run = truthy(await evaluate(condition, stepContexts, { failed, cancelled, workspace }));
      const startedAt = Date.now();
      if (run) {
        const inStep: Status = { ...NEVER, workspace };
        step.with = asStrings(await evaluateToken(field(rawS, "with"), stepContexts, inStep));
        await scope.beforeStep?.(id, step);
        const dirValue =
          (await evaluateToken(field(rawS, "working-directory"), stepContexts, NEVER)) ?? defaultsDir;
        step.workingDirectory = dirValue === null ? undefined : asString(dirValue);
        const files = {
          GITHUB_OUTPUT: path.join(temp, `output_${index}`),
          GITHUB_ENV: path.join(temp, `env_${index}`),
          GITHUB_PATH: path.join(temp, `path_${index}`),
          GITHUB_STEP_SUMMARY: path.join(temp, `summary_${index}`),
        };
        for (const file of Object.values(files)) fs.writeFileSync(file, "");
        const processEnv: Record<string, string> = {
          ...scope.env,
          ...defaultEnv(scope, workspace, temp, id),
          GITHUB_ACTION: actionName(step, actionNames),
          ...files,
          ...stepEnv,
        };
        processEnv.PATH = [...addedPath.slice().reverse(), processEnv.PATH].join(path.delimiter);
        let ok: boolean;
        try {
          if ("run" in def) {
            step.run = asString(await evaluateToken(def.run as TemplateToken, stepContexts, inStep));
            const cwd = step.workingDirectory ? path.resolve(workspace, step.workingDirectory) : workspace;
            const shell = asString(await evaluateToken(field(rawS, "shell"), stepContexts, NEVER)) || "bash";
            const result = await runScript(
              step.run,
              shell,
              cwd,
              processEnv,
              temp,
              index,
              scope.children,
              step.timeoutMinutes,
            );
            step.exitCode = result.code;
            step.stdout = result.stdout;
            step.stderr = result.stderr;
            ok = result.code === 0;
          } else {
            ok = await runAction(step, scope, { workspace, env: processEnv, files, log: record.log });
          }
          Object.assign(step.outputs, parseFileCommands(fs.readFileSync(files.GITHUB_OUTPUT, "utf8")));
          Object.assign(addedEnv, parseFileCommands(fs.readFileSync(files.GITHUB_ENV, "utf8")));
          addedPath.push(...fs.readFileSync(files.GITHUB_PATH, "utf8").split("\n").filter(Boolean));
          fs.appendFileSync(summaryFile, fs.readFileSync(files.GITHUB_STEP_SUMMARY, "utf8"));
        } catch (error) {
          step.stderr += `${(error as Error).stack ?? error}\n`;
          ok = false;
        }
        // Cancelled while it ran; a step that runs after the cancel (`if: always()` or `cancelled()`) has
        // its own outcome, as on GitHub.
        step.outcome =
          !cancelled && (scope.record.cancelled || jobCancelled) ? "cancelled" : ok ? "success" : "failure";
        step.conclusion = step.outcome === "failure" && step.continueOnError ? "success" : step.outcome;
        if (step.conclusion === "failure") failed = true;
        step.durationMs = Date.now() - startedAt;
      }
      if (step.id)
        steps[step.id] = { outputs: step.outputs, outcome: step.outcome, conclusion: step.conclusion };
    }
    record.summary = fs.readFileSync(summaryFile, "utf8");
    record.result = scope.record.cancelled || jobCancelled ? "cancelled" : failed ? "failure" : "success";
    const outputs = await evaluateToken(job.outputs, { ...contexts, steps }, NEVER);
    record.outputs = asStrings(outputs);
    return record;
  } finally {
    if (setting) scope.concurrency.release(setting.group, holder);
  }
}

/**
 * GITHUB_ACTION: the step's id, else `__run` for the job's first script without one and `__run_<n>` after it
 * (https://docs.github.com/actions/reference/workflows-and-actions/variables#default-environment-variables).
 * semantic-release reads it to tell an Actions token (`x-access-token:` for git) from a personal one.
 */
function actionName(step: StepRecord, seen: Map<string, number>): string {
  if (step.id) return step.id;
  const base = step.uses ? `__${step.uses.replace(/@.*$/, "").replace(/[^A-Za-z0-9]+/g, "_")}` : "__run";
  const count = (seen.get(base) ?? 0) + 1;
  seen.set(base, count);
  return count === 1 ? base : `${base}_${count}`;
}

async function continueOnError(def: Step, contexts: Contexts): Promise<boolean> {
  const value = def["continue-on-error"];
  if (value === undefined || typeof value === "boolean") return value === true;
  return truthy(await evaluateToken(value, contexts, NEVER));
}

async function runAction(
  step: StepRecord,
  scope: JobScope,
  job: { workspace: string; env: Record<string, string>; files: Record<string, string>; log: string[] },
): Promise<boolean> {
  const name = (step.uses ?? "").replace(/@.*$/, "");
  if (name === "actions/github-script") return runGithubScript(step, scope, job);
  const handler = scope.actions?.[name];
  const outputs = handler ? await handler(step.with, { workspace: job.workspace, env: job.env }) : undefined;
  if (outputs) {
    const text = Object.entries(outputs).map(([k, v]) => `${k}<<__EOF__\n${v}\n__EOF__\n`);
    fs.appendFileSync(job.files.GITHUB_OUTPUT, text.join(""));
  }
  return true;
}

/**
 * actions/github-script: the script is the body of an async function given `github` (here the recorded
 * Octokit), `context`, `core`, `glob`, `io`, `exec` and `require` (https://github.com/actions/github-script#readme).
 * Its return value is the `result` output (JSON unless `result-encoding: string`). `process.env` is the step's.
 */
async function runGithubScript(
  step: StepRecord,
  scope: JobScope,
  job: { workspace: string; env: Record<string, string>; files: Record<string, string>; log: string[] },
): Promise<boolean> {
  let failed = false;
  const setOutput = (name: string, value: unknown) =>
    fs.appendFileSync(
      job.files.GITHUB_OUTPUT,
      `${name}<<__EOF__\n${typeof value === "string" ? value : JSON.stringify(value)}\n__EOF__\n`,
    );
  const log = (level: string) => (message: unknown) => {
    job.log.push(`${level}: ${message instanceof Error ? message.message : String(message)}`);
  };
  const summaryParts: string[] = [];
  const summary = {
    addRaw(text: string, eol = false) {
      summaryParts.push(eol ? `${text}\n` : text);
      return summary;
    },
    addHeading(text: string, level = 1) {
      summaryParts.push(`<h${level}>${text}</h${level}>\n`);
      return summary;
    },
    addEOL() {
      summaryParts.push("\n");
      return summary;
    },
    async write() {
      fs.appendFileSync(job.files.GITHUB_STEP_SUMMARY, summaryParts.splice(0).join(""));
      return summary;
    },
  };
  const core = {
    setOutput,
    setFailed(message: unknown) {
      failed = true;
      log("error")(message);
    },
    exportVariable(name: string, value: unknown) {
      fs.appendFileSync(job.files.GITHUB_ENV, `${name}<<__EOF__\n${String(value)}\n__EOF__\n`);
    },
    getInput: (name: string) => step.with[name] ?? "",
    info: log("info"),
    notice: log("notice"),
    warning: log("warning"),
    error: log("error"),
    debug: log("debug"),
    summary,
  };
  const github = githubContext(scope) as Record<string, Json>;
  const repoParts = String(github.repository).split("/");
  const context = {
    eventName: scope.eventName,
    payload: scope.payload,
    sha: scope.sha,
    ref: scope.ref,
    actor: scope.actor ?? "octocat",
    runId: scope.runId,
    repo: { owner: repoParts[0], repo: repoParts[1] },
    issue: {
      owner: repoParts[0],
      repo: repoParts[1],
      number: Number(
        (scope.payload.pull_request as { number?: number } | undefined)?.number ?? scope.payload.number ?? 0,
      ),
    },
  };
  const calls = scope.octokitCalls ?? [];
  const octokit = octokitFake(scope.octokit ?? {}, calls);
  const scriptRequire = createRequire(path.join(job.workspace, "noop.js"));
  const processShadow = { ...process, env: job.env };
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
    ...args: string[]
  ) => (...values: unknown[]) => Promise<unknown>;
  const fn = new AsyncFunction("github", "context", "core", "require", "process", step.with.script ?? "");
  // On GitHub the script runs in its own process with the step's environment, in the workspace, and modules
  // it requires read `process.env`: here the real `process.env` and cwd are the step's while the script runs,
  // one script at a time.
  const previous = scriptQueue;
  let done!: () => void;
  scriptQueue = new Promise<void>((resolve) => (done = resolve));
  await previous;
  const savedEnv = process.env;
  const savedCwd = process.cwd();
  process.env = { ...job.env };
  process.chdir(job.workspace);
  try {
    const result = await fn(octokit, context, core, scriptRequire, processShadow);
    const encoding = step.with["result-encoding"] ?? "json";
    setOutput("result", encoding === "string" ? String(result ?? "") : JSON.stringify(result ?? null));
  } catch (error) {
    log("error")(error);
    step.stderr += `${(error as Error).stack ?? error}\n`;
    return false;
  } finally {
    process.env = savedEnv;
    process.chdir(savedCwd);
    done();
  }
  return !failed;
}

/** github-script steps run one at a time (each swaps `process.env` for its own). */
let scriptQueue: Promise<void> = Promise.resolve();

function runScript(
  script: string,
  shell: string,
  cwd: string,
  env: Record<string, string>,
  temp: string,
  index: number,
  children: Set<ReturnType<typeof spawn>>,
  timeoutMinutes: number | undefined,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = path.join(temp, `step_${index}.sh`);
  fs.writeFileSync(file, script);
  const [command, args] =
    shell === "bash"
      ? ["bash", ["--noprofile", "--norc", "-e", "-o", "pipefail", file]]
      : shell === "sh"
        ? ["sh", ["-e", file]]
        : (() => {
            throw new Error(`shell ${shell} is not modelled`);
          })();
  if (!fs.existsSync(cwd)) {
    // As the runner: "An error occurred trying to start process '/usr/bin/bash' with working directory ..."
    return Promise.resolve({
      code: 1,
      stdout: "",
      stderr: `No such file or directory: working directory ${cwd}\n`,
    });
  }
  return new Promise((resolve) => {
    const child = spawn(command as string, args as string[], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = timeoutMinutes
      ? setTimeout(() => child.kill("SIGTERM"), timeoutMinutes * 60_000)
      : undefined;
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      children.delete(child);
      resolve({ code: code ?? (signal ? 143 : 1), stdout, stderr });
    });
  });
}

function githubContext(options: RunOptions): Json {
  const [owner] = options.repository.split("/");
  const pr = options.payload.pull_request as Record<string, Json> | undefined;
  const head = pr?.head as Record<string, Json> | undefined;
  const baseRef = pr?.base as Record<string, Json> | undefined;
  return {
    event_name: options.eventName,
    event: options.payload,
    ref: options.ref,
    ref_name: options.ref.replace(/^refs\/(heads|tags)\//, ""),
    ref_type: options.ref.startsWith("refs/tags/") ? "tag" : "branch",
    sha: options.sha,
    repository: options.repository,
    repository_owner: owner,
    actor: options.actor ?? "octocat",
    triggering_actor: options.actor ?? "octocat",
    run_id: String(options.runId),
    run_number: String(options.runId),
    run_attempt: "1",
    workflow: options.workflow.file,
    head_ref: head ? String(head.ref ?? "") : "",
    base_ref: baseRef ? String(baseRef.ref ?? "") : "",
    server_url: "https://github.com",
    api_url: options.apiUrl ?? "https://api.github.com",
    token: "ghs_fake",
  };
}

function defaultEnv(scope: JobScope, workspace: string, temp: string, job: string): Record<string, string> {
  const github = githubContext(scope) as Record<string, string>;
  const eventPath = path.join(temp, "event.json");
  fs.writeFileSync(eventPath, JSON.stringify(scope.payload));
  return {
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_JOB: job,
    GITHUB_EVENT_NAME: scope.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REF: scope.ref,
    GITHUB_REF_NAME: github.ref_name,
    GITHUB_SHA: scope.sha,
    GITHUB_REPOSITORY: scope.repository,
    GITHUB_REPOSITORY_OWNER: github.repository_owner,
    GITHUB_RUN_ID: String(scope.runId),
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_HEAD_REF: github.head_ref,
    GITHUB_BASE_REF: github.base_ref,
    GITHUB_ACTOR: github.actor,
    GITHUB_WORKSPACE: workspace,
    GITHUB_SERVER_URL: github.server_url,
    GITHUB_API_URL: github.api_url,
    RUNNER_TEMP: temp,
    RUNNER_OS: "Linux",
    HOME: path.dirname(workspace),
  };
}

async function concurrencySetting(
  token: TemplateToken | undefined,
  contexts: Contexts,
): Promise<ConcurrencySetting | undefined> {
  if (token === undefined) return undefined;
  const value = await evaluateToken(token, contexts, NEVER);
  if (value === null) return undefined;
  if (typeof value === "string") return { group: value, cancelInProgress: false, queue: "single" };
  const object = value as Record<string, Json>;
  return {
    group: asString(object.group),
    cancelInProgress:
      truthy(object["cancel-in-progress"] ?? false) && object["cancel-in-progress"] !== "false",
    queue: object.queue === "max" ? "max" : "single",
  };
}

function asStrings(value: Json): Record<string, string> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asString(v)]));
}

function numberOrUndefined(value: Json): number | undefined {
  return typeof value === "number" ? value : value === null ? undefined : Number(value);
}
