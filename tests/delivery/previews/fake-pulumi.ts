import { LocalWorkspace, type PulumiCommand } from "@pulumi/pulumi/automation";

/** What `PulumiCommand.run` resolves to (the SDK's `CommandResult`, not in its type declarations). */
interface CommandResult {
  stdout: string;
  stderr: string;
  code: number;
}
// The real wrapper returns the SDK's own CommandResult and turns a non-zero exit into its typed errors
// (ConcurrentUpdateError for a 409, StackNotFoundError, ...): the fake uses the same two, so the code under
// test meets exactly what it would meet. Both are internal to the SDK, hence require.
const { CommandResult } = require("@pulumi/pulumi/automation/cmd") as {
  CommandResult: new (stdout: string, stderr: string, code: number) => CommandResult;
};
const { createCommandError } = require("@pulumi/pulumi/automation/errors") as {
  createCommandError(result: CommandResult): Error;
};

/** What the fake CLI answers to one call. */
export interface FakeAnswer {
  stdout?: string;
  stderr?: string;
  code?: number;
}

/**
 * A `pulumiCommand` for `LocalWorkspace.create`: records every CLI call's arguments and answers them, so a
 * test asserts the exact commands a tool would run against the real `pulumi`.
 */
export class FakePulumi {
  readonly command = "pulumi";
  // The real wrapper may not know its version either; the workspace then skips version checks.
  readonly version = null;
  readonly calls: string[][] = [];

  constructor(private readonly answer: (args: string[]) => FakeAnswer | undefined) {}

  async run(args: string[], _cwd: string, _env: Record<string, string>): Promise<CommandResult> {
    this.calls.push(args);
    const { stdout = "", stderr = "", code = 0 } = this.answer(args) ?? {};
    const result = new CommandResult(stdout, stderr, code);
    if (code !== 0) throw createCommandError(result);
    return result;
  }

  /** A LocalWorkspace driving this fake instead of a CLI. */
  workspace(): Promise<LocalWorkspace> {
    return LocalWorkspace.create({ workDir: process.cwd(), pulumiCommand: this as unknown as PulumiCommand });
  }
}

/** One row of `pulumi stack ls --json`. */
export interface StackRow {
  name: string;
  lastUpdate?: string;
  updateInProgress?: boolean;
}

/**
 * A project backend: `stack ls` lists `stacks`; `select`, `destroy`, `history` and `stack rm` succeed unless
 * `failures` names the stack with the stderr to fail with.
 */
export function fakeBackend(
  stacks: StackRow[],
  failures: Record<string, { on: string; stderr: string }> = {},
) {
  return new FakePulumi((args) => {
    if (args[0] === "stack" && args[1] === "ls") {
      return { stdout: JSON.stringify(stacks.map((s) => ({ current: false, ...s }))) };
    }
    const stack = args.includes("--stack") ? args[args.indexOf("--stack") + 1] : args[args.length - 1];
    const failure = failures[stack];
    if (failure && args[0] === failure.on) return { code: 255, stderr: failure.stderr };
    if (args[0] === "stack" && args[1] === "history") return { stdout: "[]" };
    return {};
  });
}
