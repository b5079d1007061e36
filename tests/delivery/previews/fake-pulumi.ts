import { LocalWorkspace, type PulumiCommand } from "@pulumi/pulumi/automation";

/** What `PulumiCommand.run` resolves to (the SDK's `CommandResult`, not in its type declarations). */
interface CommandResult {
  stdout: string;
  stderr: string;
  code: number;
}
// The real wrapper returns the SDK's own CommandResult and turns a non-zero exit into its typed errors
// (ConcurrentUpdateError for a 409, StackNotFoundError, StackAlreadyExistsError, ...): the fake uses the
// same two, so the code under test meets exactly what it would meet. Both are internal to the SDK.
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
 * test asserts the exact commands a tool would run against the real `pulumi`. `before` runs ahead of each
 * answer: a test holds a call there to interleave two runs, or changes the backend under a run.
 */
export class FakePulumi {
  readonly command = "pulumi";
  // The real wrapper may not know its version either; the workspace then skips version checks.
  readonly version = null;
  readonly calls: string[][] = [];
  before: (args: string[]) => Promise<void> | void = () => undefined;

  constructor(private readonly answer: (args: string[]) => FakeAnswer | undefined) {}

  async run(args: string[], _cwd: string, _env: Record<string, string>): Promise<CommandResult> {
    this.calls.push(args);
    await this.before(args);
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

/** One stack of the fake backend, as `pulumi stack ls --json` lists it, with its tags. */
export interface StackRow {
  name: string;
  lastUpdate?: string;
  updateInProgress?: boolean;
  /** Its stack tags besides the ones Pulumi Cloud sets itself. */
  tags?: Record<string, string>;
  /** How many resources it holds (`stack rm` without `--force` refuses a stack that holds any). @default 0 */
  resources?: number;
}

/** A project backend with state: stacks, their tags, their resources. Several fake CLIs may share one. */
export class FakeBackend {
  readonly stacks = new Map<string, StackRow>();
  /** The clock that dates destroys. */
  now = () => new Date("2026-11-29T12:00:00Z");

  constructor(
    rows: StackRow[] = [],
    private readonly failures: Record<string, { on: string; stderr: string }> = {},
  ) {
    for (const row of rows) this.stacks.set(row.name, { ...row, tags: { ...row.tags } });
  }

  /** A CLI (one runner) talking to this backend. */
  cli(): FakePulumi {
    return new FakePulumi((args) => this.answer(args));
  }

  private answer(args: string[]): FakeAnswer {
    if (args[0] === "stack" && args[1] === "ls") {
      // The CLI sorts by name (pkg/cmd/pulumi/stack/stack_ls.go); never-updated stacks carry neither field.
      const rows = [...this.stacks.values()]
        .sort((a, b) => (a.name < b.name ? -1 : 1))
        .map((s) => ({
          name: s.name,
          current: false,
          ...(s.updateInProgress ? { updateInProgress: true } : {}),
          ...(s.lastUpdate && !s.updateInProgress
            ? { updateInProgress: false, lastUpdate: s.lastUpdate }
            : {}),
          ...(s.lastUpdate || s.updateInProgress ? { resourceCount: s.resources ?? 0 } : {}),
        }));
      return { stdout: JSON.stringify(rows) };
    }
    const name = args.includes("--stack") ? args[args.indexOf("--stack") + 1] : args[args.length - 1];
    const failure = this.failures[name];
    if (failure && args[0] === failure.on) return { code: 255, stderr: failure.stderr };
    const stack = this.stacks.get(name);
    if (args[0] === "stack" && args[1] === "init") {
      if (stack) return { code: 255, stderr: `error: stack 'acme/pantstack/${name}' already exists\n` };
      // Pulumi Cloud tags a new stack with its project and runtime itself.
      this.stacks.set(name, { name, tags: { "pulumi:project": "pantstack", "pulumi:runtime": "nodejs" } });
      return {};
    }
    if (!stack) return { code: 255, stderr: `error: no stack named '${name}' found\n` };
    if (args[0] === "stack" && args[1] === "tag" && args[2] === "ls") {
      return { stdout: JSON.stringify({ "pulumi:project": "pantstack", ...stack.tags }) };
    }
    if (args[0] === "stack" && args[1] === "tag" && args[2] === "set") {
      stack.tags = { ...stack.tags, [args[3]]: args[4] };
      return {};
    }
    if (args[0] === "stack" && args[1] === "rm") {
      if ((stack.resources ?? 0) > 0 && !args.includes("--force")) {
        return {
          code: 255,
          stderr: `error: '${name}' still has resources; removal rejected. Possible actions:\n- Run \`pulumi destroy\` to delete the resources, then run \`pulumi stack rm\`\n`,
        };
      }
      this.stacks.delete(name);
      return {};
    }
    if (args[0] === "destroy") {
      Object.assign(stack, { resources: 0, lastUpdate: this.now().toISOString() });
      return {};
    }
    if (args[0] === "stack" && args[1] === "history") return { stdout: "[]" };
    return {};
  }
}

/** A backend with these stacks and one CLI on it (`failures`: the stderr a command fails with, by stack). */
export function fakeBackend(
  stacks: StackRow[],
  failures: Record<string, { on: string; stderr: string }> = {},
): FakePulumi & { backend: FakeBackend } {
  const backend = new FakeBackend(stacks, failures);
  return Object.assign(backend.cli(), { backend });
}
