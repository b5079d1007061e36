// The drift check: `pulumi preview --refresh --expect-no-changes --diff` of a stack, and what it found.
import { spawn } from "node:child_process";

/** What a command printed and how it ended. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `pulumi <args>`; the real one spawns the CLI on PATH, tests pass a recorded fake. */
export type PulumiRunner = (args: string[], onOutput?: (text: string) => void) => Promise<CommandResult>;

/** The verdict of one check. */
export interface DriftResult {
  stack: string;
  /** True when the refreshed state differs from what the program declares. */
  drift: boolean;
  /** The preview's diff (its standard output, without colours); empty without drift. */
  diff: string;
  /** When the check ran (ISO 8601). */
  checkedAt: string;
}

/** The preview failed for another reason than changes (credentials, a lock, a program error). */
export class PreviewFailed extends Error {
  constructor(
    readonly stackName: string,
    readonly result: CommandResult,
  ) {
    super(
      `pulumi preview of ${stackName} failed (exit ${result.code}): ${lastLines(result.stderr || result.stdout)}`,
    );
    this.name = "PreviewFailed";
  }
}

/** The arguments of the check: refresh first, fail on any proposed change, show it as a diff. */
export function previewArgs(stack: string): string[] {
  return [
    "preview",
    "--stack",
    stack,
    "--refresh",
    "--expect-no-changes",
    "--diff",
    "--non-interactive",
    "--color",
    "never",
  ];
}

/**
 * With `--expect-no-changes`, the CLI fails with "no changes were expected but changes were proposed"
 * (older CLIs prefix it with "error: "; newer ones may name the operation: "... expected for preview but
 * ..."), see pkg/backend NoChangesExpectedError in github.com/pulumi/pulumi. Any other failure is not drift.
 */
const CHANGES_PROPOSED = /no changes were expected (?:for \S+ )?but changes were proposed/;

/** Runs the check on `stack`; throws {@link PreviewFailed} when the preview itself fails. */
export async function checkDrift(
  stack: string,
  run: PulumiRunner,
  options: { now?: () => Date; onOutput?: (text: string) => void } = {},
): Promise<DriftResult> {
  const result = await run(previewArgs(stack), options.onOutput);
  const checkedAt = (options.now?.() ?? new Date()).toISOString();
  if (result.code === 0) return { stack, drift: false, diff: "", checkedAt };
  if (CHANGES_PROPOSED.test(`${result.stderr}\n${result.stdout}`)) {
    return { stack, drift: true, diff: withoutColours(result.stdout).trim(), checkedAt };
  }
  throw new PreviewFailed(stack, result);
}

function withoutColours(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC.
  return text.replace(/\u001b\[[0-9;]*m/g, "");
}

function lastLines(text: string): string {
  return withoutColours(text).trim().split("\n").slice(-3).join(" / ");
}

/** The real runner: `pulumi` from PATH, output streamed to `onOutput` as it comes. */
export const spawnPulumi: PulumiRunner = (args, onOutput) =>
  new Promise((resolve, reject) => {
    const child = spawn("pulumi", args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk;
      onOutput?.(chunk.toString());
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
      onOutput?.(chunk.toString());
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
