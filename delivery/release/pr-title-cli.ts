// Entry of `npm run pr-title`: checks a PR title (from --title or the PR_TITLE environment variable).

import { ValidationError } from "../../lib/errors";
import { EXIT, type Io, parseFlags, parseOrReport, runEntry } from "../cli/command-line";
import { checkPrTitle, describeRefusal, EXAMPLE_TITLE, PR_TITLE_TYPES } from "./pr-title";

export const USAGE = `usage: npm run pr-title -- [--title TITLE]

Checks that a pull request title is a conventional commit header:
<type>[(scope)][!]: <subject>, e.g. "${EXAMPLE_TITLE}".
Types: ${PR_TITLE_TYPES.join(", ")}.
Without --title it reads the PR_TITLE environment variable (in a workflow, pass
the title through env, never inline it in the script).
Exit 0: valid; 1: not valid (the reason and an example on stderr); 2: bad usage.`;

const OPTIONS = { title: { type: "string" }, help: { type: "boolean", short: "h" } } as const;

/** What to check. */
export interface PrTitleArgs {
  title: string;
}

/** Validates the command line (no side effects); throws a {@link ValidationError} naming the flag. */
export function parseCommandLine(argv: string[], env: NodeJS.ProcessEnv = process.env): PrTitleArgs | "help" {
  const values = parseFlags(argv, OPTIONS);
  if (values.help) return "help";
  const title = values.title ?? env.PR_TITLE;
  if (title === undefined) throw new ValidationError("--title", undefined, "give --title or set PR_TITLE");
  return { title };
}

/** Runs the check and returns the exit code. */
export async function main(argv: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = parseOrReport(() => parseCommandLine(argv, env), io);
  if (args === undefined) return EXIT.usage;
  if (args === "help") {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  // commitlint accepts an empty header (it has nothing to check) and throws on a blank one: refuse both here.
  if (args.title.trim() === "") {
    io.stderr(`PR title ${JSON.stringify(args.title)} is empty; write e.g. "${EXAMPLE_TITLE}".\n`);
    return EXIT.finding;
  }
  const verdict = await checkPrTitle(args.title);
  if (!verdict.valid) {
    io.stderr(`${describeRefusal(args.title, verdict)}\n`);
    return EXIT.finding;
  }
  io.stderr(`PR title ok: ${args.title}\n`);
  return EXIT.ok;
}

if (require.main === module) runEntry(main);
