// Entry of `npm run drift`: `check` looks for drift in a stack, `report` keeps its GitHub issue in line.
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { Octokit } from "@octokit/rest";
import { isValidationError, ValidationError } from "../../lib/errors";
import { EXIT, type Io, parseFlags, parseOrReport, runEntry } from "../cli/command-line";
import { TOOL_OCTOKIT_LOG } from "../cli/octokit-log";
import { checkDrift, type DriftResult, PreviewFailed, type PulumiRunner, spawnPulumi } from "./check";
import { fenceFor } from "./issue";
import { describeReport, type Repository, reportDrift } from "./report";

export const USAGE = `usage: npm run drift -- check --stack test|prod [--result FILE]
       npm run drift -- report --stack test|prod --result FILE

check runs \`pulumi preview --stack S --refresh --expect-no-changes --diff\`: the
refreshed state against the program. The preview streams to stderr; on drift
the diff is printed on stdout; --result writes {"stack","drift","diff",
"checkedAt"} to FILE (and $GITHUB_STEP_SUMMARY gets a line).
Exit 0: no drift; 1: drift found; 2: bad usage, or the preview could not run
(no pulumi, no login or credentials, a program error: its last lines).

report reads a check's FILE and keeps one GitHub issue per stack (label drift,
title "Drift in S"): drift opens it or replaces its body with the new diff; no
drift comments on the open one and closes it. Needs GITHUB_TOKEN (issues: write)
and GITHUB_REPOSITORY. Exit 0: done; 2: bad usage or a missing variable.`;

const OPTIONS = {
  stack: { type: "string" },
  result: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** The stacks drift is checked on (a preview lives a few days and is redeployed from its PR). */
export const DRIFT_STACKS = ["test", "prod"] as const;

/** The parsed command line. */
export interface DriftArgs {
  command: "check" | "report";
  stack: string;
  /** Where `check` writes its result and `report` reads it. */
  resultFile?: string;
}

/** Validates the command line (no side effects); throws a {@link ValidationError} naming the flag. */
export function parseCommandLine(argv: string[]): DriftArgs | "help" {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h") return "help";
  if (command !== "check" && command !== "report") {
    throw new ValidationError("command", command, "the commands are check and report");
  }
  const values = parseFlags(rest, OPTIONS);
  if (values.help) return "help";
  const stack = values.stack;
  if (stack === undefined || !(DRIFT_STACKS as readonly string[]).includes(stack)) {
    throw new ValidationError("--stack", stack, `expected one of ${DRIFT_STACKS.join(", ")}`);
  }
  if (command === "report" && values.result === undefined) {
    throw new ValidationError("--result", undefined, "give the file `drift check --result` wrote");
  }
  return { command, stack, ...(values.result === undefined ? {} : { resultFile: values.result }) };
}

/** What `main` talks to; each defaults to the real thing. */
export interface DriftEnvironment {
  /** Runs the Pulumi CLI. @default - `pulumi` from PATH */
  pulumi?: PulumiRunner;
  /** Builds the GitHub client from its options (token, API URL, quiet request log). @default - `new Octokit(options)` */
  octokit?: (options: { auth: string; baseUrl: string; log: typeof TOOL_OCTOKIT_LOG }) => Octokit;
  /** The environment variables (GITHUB_TOKEN, GITHUB_REPOSITORY, the run's URL parts, the step summary). */
  env?: NodeJS.ProcessEnv;
  /** The clock. @default - `new Date()` */
  now?: () => Date;
}

/** Runs the drift CLI and returns the exit code. */
export async function main(argv: string[], io: Io, environment: DriftEnvironment = {}): Promise<number> {
  const args = parseOrReport(() => parseCommandLine(argv), io);
  if (args === undefined) return EXIT.usage;
  if (args === "help") {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  const env = environment.env ?? process.env;
  try {
    return args.command === "check"
      ? await check(args, io, environment, env)
      : await report(args, io, environment, env);
  } catch (err) {
    const problem = setUpProblem(err);
    if (problem === undefined) throw err;
    io.stderr(`error: ${problem}\n`);
    return EXIT.usage;
  }
}

async function check(args: DriftArgs, io: Io, environment: DriftEnvironment, env: NodeJS.ProcessEnv) {
  io.stderr(`checking ${args.stack} for drift: pulumi preview --refresh --expect-no-changes\n`);
  const result = await checkDrift(args.stack, environment.pulumi ?? spawnPulumi, {
    now: environment.now,
    onOutput: (text) => io.stderr(text),
  });
  if (args.resultFile) writeFileSync(args.resultFile, `${JSON.stringify(result, null, 2)}\n`);
  if (env.GITHUB_STEP_SUMMARY) {
    appendFileSync(
      env.GITHUB_STEP_SUMMARY,
      result.drift
        ? `### ❌ Drift in \`${args.stack}\`\n\n${fenceFor(result.diff)}diff\n${result.diff}\n${fenceFor(result.diff)}\n\n`
        : `### ✅ No drift in \`${args.stack}\`\n\n`,
    );
  }
  if (!result.drift) {
    io.stdout(`no drift in ${args.stack}\n`);
    return EXIT.ok;
  }
  io.stdout(`${result.diff}\n`);
  io.stderr(`drift in ${args.stack}: the refreshed state differs from the program (diff on stdout)\n`);
  return EXIT.finding;
}

async function report(args: DriftArgs, io: Io, environment: DriftEnvironment, env: NodeJS.ProcessEnv) {
  const result = readResult(args.resultFile as string, args.stack);
  const repository = repositoryFrom(env);
  const token = env.GITHUB_TOKEN;
  if (!token) throw new ValidationError("GITHUB_TOKEN", undefined, "give a token with issues: write");
  // Actions sets GITHUB_API_URL to the API of the server the run is on (https://api.github.com on github.com,
  // https://HOST/api/v3 on GitHub Enterprise Server): https://docs.github.com/en/actions/reference/variables-reference
  const baseUrl = env.GITHUB_API_URL || "https://api.github.com";
  const octokit = (environment.octokit ?? ((options) => new Octokit(options)))({
    auth: token,
    baseUrl,
    log: TOOL_OCTOKIT_LOG,
  });
  const run =
    env.GITHUB_SERVER_URL && env.GITHUB_RUN_ID
      ? {
          url: `${env.GITHUB_SERVER_URL}/${repository.owner}/${repository.repo}/actions/runs/${env.GITHUB_RUN_ID}`,
        }
      : {};
  const done = await reportDrift(octokit, repository, result, run);
  io.stdout(`${describeReport(args.stack, done)}\n`);
  return EXIT.ok;
}

/** Reads a check's result file; a missing, malformed or other stack's file names `--result`. */
export function readResult(file: string, stack: string): DriftResult {
  let parsed: Partial<DriftResult>;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<DriftResult>;
  } catch (err) {
    throw new ValidationError(
      "--result",
      file,
      `expected the JSON \`drift check --result\` writes (${(err as Error).message})`,
    );
  }
  const valid =
    typeof parsed.stack === "string" &&
    typeof parsed.drift === "boolean" &&
    typeof parsed.diff === "string" &&
    typeof parsed.checkedAt === "string";
  if (!valid)
    throw new ValidationError("--result", file, "expected the fields stack, drift, diff and checkedAt");
  if (parsed.stack !== stack) {
    throw new ValidationError(
      "--result",
      file,
      `holds the check of ${parsed.stack}, not of --stack ${stack}`,
    );
  }
  return parsed as DriftResult;
}

/** GitHub Actions sets GITHUB_REPOSITORY to `owner/repo` in every job. */
function repositoryFrom(env: NodeJS.ProcessEnv): Repository {
  const match = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(env.GITHUB_REPOSITORY ?? "");
  if (!match) {
    throw new ValidationError(
      "GITHUB_REPOSITORY",
      env.GITHUB_REPOSITORY,
      "expected owner/repo, e.g. pantstack/infra",
    );
  }
  return { owner: match[1], repo: match[2] };
}

/**
 * A missing CLI, a failed preview or a refusal by GitHub is reported in one line (exit 2), not as a bug with
 * a stack.
 */
function setUpProblem(err: unknown): string | undefined {
  if (isValidationError(err)) return err.message;
  if (err instanceof PreviewFailed) return err.message;
  // Octokit's RequestError (name "HttpError") carries GitHub's status and message, e.g. 403 "Resource not
  // accessible by integration" when the job lacks `issues: write`.
  const http = err as {
    name?: string;
    status?: number;
    message?: string;
    request?: { method?: string; url?: string };
  };
  if (http?.name === "HttpError") {
    return `GitHub answered ${http.status} to ${http.request?.method} ${http.request?.url}: ${String(http.message).split("\n")[0]}`;
  }
  if ((err as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
    return "pulumi: not found on PATH; install the Pulumi CLI (https://www.pulumi.com/docs/install/)";
  }
  return undefined;
}

if (require.main === module) runEntry((argv, io) => main(argv, io));
