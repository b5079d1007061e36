// Entry of `npm run previews`: parses the command line, builds the real clients and prints. The decisions
// live in claim.ts, slots.ts and cleanup.ts, which take their clients as arguments.
import { parseArgs } from "node:util";
import { isValidationError, ValidationError } from "../../lib/errors";
import { checkPrNumber, PREVIEW_TTL_DAYS } from "../../lib/preview/naming";
import { type Io, runEntry } from "../cli/command-line";
import { claim } from "./claim";
import { cleanup } from "./cleanup";
import { type Clients, realClients } from "./clients";
import { claimText, cleanupText } from "./format";
import { DEFAULT_SLOT_LIMIT } from "./slots";

export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

export const HELP = `Usage:
  npm run -s previews -- claim --pr N [--limit 3] [--json]
  npm run -s previews -- cleanup (--yes | --dry-run) [--idle-days 7] [--json]

claim    Claims a preview slot for PR N: creates its stack preview-pr-N
         (kept if it exists), dates the claim with the stack tag
         pantstack:claimed-at, then lists the previews in claim order.
         PR N may deploy when its stack has deployed already or is among
         the first --limit claims (a stack that existed already is then
         tagged pantstack:reclaimed-at, which the sweep counts as use);
         otherwise the claim this run created is removed again and the
         answer is no, naming the slot holders.
cleanup  Destroys and removes (pulumi destroy, then pulumi stack rm) every
         preview idle for more than --idle-days (counted from its last
         update, or from its claim if it never completed one, or from a
         later pantstack:reclaimed-at), and every
         preview whose pull request is closed or merged. Each stack is
         read again right before its destroy and skipped if it changed.
         The PR's preview comment then says the preview was removed, and
         why. Only stacks named exactly preview-pr-<N> are touched; a
         stack with an update in progress is skipped; a failure does not
         stop the others. It destroys only with --yes; --dry-run lists
         what it would do and why, and changes nothing. One of the two is
         required. Needs GITHUB_TOKEN and GITHUB_REPOSITORY=owner/name.

Pulumi is driven through the Automation API in the repository root (the
pulumi CLI on PATH, logged in to the project's backend).
--json prints the result as JSON on stdout; talk goes to stderr.

Exit codes:
  0  claim: may deploy; cleanup: every action succeeded (or nothing to do)
  1  claim: no free slot; cleanup: a destroy or a PR lookup failed
  2  bad usage or input (the message names the flag or variable)
  3  a bug (with its stack trace)
`;

export type Command =
  | { command: "help" }
  | { command: "claim"; pr: number; limit: number; json: boolean }
  | { command: "cleanup"; idleDays: number; dryRun: boolean; json: boolean };

const OPTIONS = {
  pr: { type: "string" },
  limit: { type: "string" },
  "idle-days": { type: "string" },
  "dry-run": { type: "boolean" },
  yes: { type: "boolean", short: "y" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const FLAGS_OF = {
  claim: ["pr", "limit", "json", "help"],
  cleanup: ["idle-days", "dry-run", "yes", "json", "help"],
} as const;

/** Validates the arguments (no side effects); throws a ValidationError naming the flag on bad input. */
export function parseCommandLine(argv: string[]): Command {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    // node:util's message suggests quoting tricks that do not apply here: name the flag and point to --help.
    const flag = /'(-{1,2}[^'\s]+)/.exec((err as Error).message)?.[1];
    if (flag)
      throw new ValidationError(flag, flag, "this tool has no such option, or it needs a value (see --help)");
    throw new ValidationError("arguments", argv.join(" "), "see --help");
  }
  const { values, positionals } = parsed;
  if (values.help && positionals.length === 0) return { command: "help" };
  const [command, ...extra] = positionals;
  if (command !== "claim" && command !== "cleanup") {
    throw new ValidationError("command", command, "expected claim or cleanup (see --help)");
  }
  if (extra.length > 0)
    throw new ValidationError("arguments", extra.join(" "), `${command} takes only flags`);
  for (const flag of Object.keys(values)) {
    if (!(FLAGS_OF[command] as readonly string[]).includes(flag)) {
      throw new ValidationError(
        `--${flag}`,
        values[flag as keyof typeof values],
        `${command} takes no such flag`,
      );
    }
  }
  if (values.help) return { command: "help" };
  if (command === "claim") {
    if (values.pr === undefined) throw new ValidationError("--pr", undefined, "claim needs the PR number");
    return {
      command,
      pr: checkPrNumber("--pr", integer("--pr", values.pr)),
      limit: inRange("--limit", values.limit ?? String(DEFAULT_SLOT_LIMIT), 1, 100),
      json: values.json ?? false,
    };
  }
  const idleDays = inRange("--idle-days", values["idle-days"] ?? String(PREVIEW_TTL_DAYS), 1, 365);
  // The sweep destroys stacks: it acts only when told so (--yes), and --dry-run is the way to look first.
  if (values.yes === values["dry-run"]) {
    throw new ValidationError(
      "--yes",
      values.yes ? "with --dry-run" : undefined,
      "cleanup destroys stacks: pass --yes to run it, or --dry-run to see what it would do (one of the two)",
    );
  }
  return {
    command,
    idleDays,
    dryRun: values["dry-run"] ?? false,
    json: values.json ?? false,
  };
}

function integer(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new ValidationError(flag, text, "expected a whole number");
  return Number(text);
}

function inRange(flag: string, text: string, min: number, max: number): number {
  const value = integer(flag, text);
  if (value < min || value > max)
    throw new ValidationError(flag, text, `expected a whole number from ${min} to ${max}`);
  return value;
}

export type { Io } from "../cli/command-line";
export type { Clients } from "./clients";
export { realClients } from "./clients";

/** Runs the tool; returns the exit code. */
export async function main(
  argv: string[],
  io: Io,
  clients: Clients = realClients,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  try {
    const command = parseCommandLine(argv);
    if (command.command === "help") {
      io.stdout(HELP);
      return EXIT.ok;
    }
    if (command.command === "claim") {
      const decision = await claim(
        {
          workspace: await clients.workspace(),
          now: clients.now,
          sleep: clients.sleep,
          log: (line) => io.stderr(`${line}\n`),
        },
        { pr: command.pr, limit: command.limit },
      );
      io.stdout(command.json ? `${JSON.stringify(decision, null, 2)}\n` : claimText(decision));
      io.stderr(`${decision.message}\n`);
      return decision.allowed ? EXIT.ok : EXIT.refused;
    }
    const { client, comments, repository } = await clients.pullRequests(env);
    const report = await cleanup(
      {
        workspace: await clients.workspace(),
        pullRequests: client,
        comments,
        repository,
        now: clients.now,
        log: (line) => io.stderr(`${line}\n`),
      },
      { idleDays: command.idleDays, dryRun: command.dryRun },
    );
    io.stdout(command.json ? `${JSON.stringify(report, null, 2)}\n` : cleanupText(report));
    return report.failed ? EXIT.refused : EXIT.ok;
  } catch (err) {
    if (isValidationError(err)) {
      io.stderr(`error: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
}

if (require.main === module) runEntry((argv, io) => main(argv, io));
