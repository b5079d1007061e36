// Command-line plumbing shared by the plan and the pipeline's tools (previews, pr-title, rollback, smoke):
// one way to parse flags, report a usage error in one line, and map outcomes to exit codes.
import { type ParseArgsConfig, parseArgs } from "node:util";
import { didYouMean } from "../../lib/did-you-mean";
import { isValidationError, ValidationError } from "../../lib/errors";

/** Exit codes every tool shares: 0 done, 1 a finding the user must act on, 2 bad usage or input. */
export const EXIT = { ok: 0, finding: 1, usage: 2, bug: 3 } as const;

/** Where a tool writes: data on stdout, talk on stderr. Tests pass buffers. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The terminal's width when stdout is a terminal (a table may use it); undefined otherwise. */
  columns?: number;
  /** The environment variables a tool reads (the plan reads `COLUMNS`). @default {} */
  env?: Readonly<Record<string, string | undefined>>;
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * `node:util` parseArgs in strict mode, with its errors turned into a {@link ValidationError} that names the
 * flag, so every tool reports bad usage the same way (one line, exit 2). `synonyms` maps a flag people reach
 * for (`--version`, named after the workflow's input) to the one that means it, for the hint; otherwise the
 * hint is the nearest spelling.
 */
export function parseFlags<const O extends Options>(
  argv: string[],
  options: O,
  synonyms: Readonly<Record<string, string>> = {},
) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    const message = (err as Error).message;
    const flag = /'(-[^' ]+)/.exec(message)?.[1];
    const known = Object.keys(options)
      .map((name) => `--${name}`)
      .join(", ");
    if ((err as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      const synonym = flag === undefined ? undefined : synonyms[flag];
      const hint =
        synonym !== undefined
          ? `; did you mean ${synonym}?`
          : flag === undefined
            ? ""
            : didYouMean(flag, known.split(", "));
      throw new ValidationError("arguments", flag, `the flags are ${known}${hint}`);
    }
    if ((err as { code?: string }).code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
      throw new ValidationError(
        "arguments",
        argv.find((a) => !a.startsWith("-")),
        `only flags: ${known}`,
      );
    }
    throw new ValidationError(flag ?? "arguments", undefined, message.replace(/^Option '[^']*' /, ""));
  }
}

/** Reads a flag's value as a number within `[min, max]`, or throws naming the flag. */
export function numberFlag(
  flag: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
) {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || number < min || number > max) {
    throw new ValidationError(flag, value, `expected a number from ${min} to ${max}`);
  }
  return number;
}

/**
 * Runs a tool's main from its entry file: a {@link ValidationError} that escapes becomes one line and exit 2;
 * anything else is a bug and keeps its stack (exit 3).
 */
export function runEntry(main: (argv: string[], io: Io) => Promise<number>): void {
  const io: Io = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    env: process.env,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      if (isValidationError(err)) {
        io.stderr(`error: ${err.message}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      console.error(err);
      process.exitCode = EXIT.bug;
    },
  );
}

/** Calls `parse` and turns a {@link ValidationError} into one line on stderr; returns undefined then. */
export function parseOrReport<T>(parse: () => T, io: Io): T | undefined {
  try {
    return parse();
  } catch (err) {
    if (!isValidationError(err)) throw err;
    io.stderr(`error: ${err.message}\n`);
    return undefined;
  }
}
