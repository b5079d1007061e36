// Entry of `npm run stacks`: checks on a stack before a deploy touches it.
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { ValidationError } from "../../lib/errors";
import { EXIT, type Io, numberFlag, parseFlags, parseOrReport, runEntry } from "../cli/command-line";
import { guardStack } from "./observe";

export const USAGE = `usage: npm run stacks -- guard --stack NAME --timeout-minutes M [--dry-run]

Run before \`pulumi up\`: finds what a killed job left on the stack.
- A lock (an update still marked in progress): when that update started more than
  M minutes ago (M: the largest timeout-minutes of the jobs that update the
  stack), its job is dead, and the guard runs \`pulumi cancel --stack NAME --yes\`.
  A younger lock, or one without a start time, is a finding with the command.
- Pending operations in the checkpoint (\`pulumi stack export\`): a finding, with
  the \`pulumi refresh\` command that clears them.
--dry-run changes nothing and reports what it would clear.
A stack that does not exist yet passes (a first deploy creates it).
Exit 0: nothing left behind, or cleared; 1: a finding to clear by hand (stderr
names the command); 2: bad usage.`;

const OPTIONS = {
  stack: { type: "string" },
  "timeout-minutes": { type: "string" },
  "dry-run": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const COMMANDS = ["guard"] as const;

/** The parsed command line of `guard`. */
export interface GuardArgs {
  stack: string;
  timeoutMinutes: number;
  dryRun: boolean;
}

/** Validates the command line (no side effects); throws a {@link ValidationError} naming the flag. */
export function parseCommandLine(argv: string[]): GuardArgs | "help" {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h") return "help";
  if (!(COMMANDS as readonly string[]).includes(command ?? "")) {
    throw new ValidationError("command", command, `expected one of ${COMMANDS.join(", ")}`);
  }
  const values = parseFlags(rest, OPTIONS);
  if (values.help) return "help";
  // Pulumi stack names: letters, digits, `-`, `_`, `.`, optionally qualified as org/project/stack.
  if (values.stack === undefined || !/^[\w.-]+(\/[\w.-]+){0,2}$/.test(values.stack)) {
    throw new ValidationError(
      "--stack",
      values.stack,
      "expected a stack name such as prod or org/pantstack/prod",
    );
  }
  if (values["timeout-minutes"] === undefined) {
    throw new ValidationError(
      "--timeout-minutes",
      undefined,
      "give the largest timeout-minutes of the jobs that update the stack",
    );
  }
  // GitHub: a job runs at most 360 minutes on GitHub's runners, 5 days (7200) on self-hosted ones.
  const timeoutMinutes = numberFlag("--timeout-minutes", values["timeout-minutes"], 0, 1, 7200);
  return { stack: values.stack, timeoutMinutes, dryRun: values["dry-run"] ?? false };
}

/** What `main` talks to; each defaults to the real thing. */
export interface StacksEnvironment {
  /** Where Pulumi.yaml is. @default process.cwd() */
  root?: string;
  /** The Pulumi CLI for the Automation API. @default - the installed `pulumi` */
  pulumiCommand?: PulumiCommand;
  /** The clock. @default - the system clock */
  now?: () => Date;
}

/** Runs the stacks CLI and returns the exit code. */
export async function main(argv: string[], io: Io, environment: StacksEnvironment = {}): Promise<number> {
  const args = parseOrReport(() => parseCommandLine(argv), io);
  if (args === undefined) return EXIT.usage;
  if (args === "help") {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  let pulumiCommand: PulumiCommand;
  try {
    pulumiCommand = environment.pulumiCommand ?? (await PulumiCommand.get());
  } catch (err) {
    if (!/ENOENT/.test(String((err as Error).message))) throw err;
    io.stderr(
      "error: pulumi: not found on PATH; install the Pulumi CLI (https://www.pulumi.com/docs/install/)\n",
    );
    return EXIT.usage;
  }
  const workspace = await LocalWorkspace.create({
    workDir: environment.root ?? process.cwd(),
    pulumiCommand,
  });
  const outcome = await guardStack(workspace, () => Stack.select(args.stack, workspace), {
    stack: args.stack,
    timeoutMinutes: args.timeoutMinutes,
    dryRun: args.dryRun,
    now: (environment.now ?? (() => new Date()))(),
  });
  io.stderr(outcome.lines.map((line) => `${line}\n`).join(""));
  return outcome.code;
}

if (require.main === module) runEntry(main);
