// `npm run rollback -- freeze-check|unfreeze`: reads and lifts the freeze a rollback leaves on its stack.
import semver from "semver";
import { checkImageTagForStack } from "../../lib/ecr/image-tag";
import { ValidationError } from "../../lib/errors";
import { EXIT, type Io, parseFlags } from "../cli/command-line";
import { decideDeploy, FREEZE_TAG, type Freeze, freezeFor, parseFreeze, unfreezeCommand } from "./freeze";

export const FREEZE_USAGE = `usage: npm run rollback -- freeze-check --stack prod|test [--release vX.Y.Z]
         [--released-at TIME] [--json]
       npm run rollback -- unfreeze --stack prod|test
       npm run rollback -- freeze --stack prod|test --image-tag vX.Y.Z

A rollback (--yes) freezes its stack: it sets the stack tag ${FREEZE_TAG} to the
version rolled back to, the version it replaced, the time and who ran it.
freeze-check says whether an automatic deploy may go ahead. --release is the version
the push released (empty or absent: none), --released-at when its GitHub release
was created (ISO 8601). While frozen, only a release greater than both versions of
the freeze, and made after it, deploys; that deploy lifts the freeze once healthy.
--json prints {"stack","frozen","freeze","release","releasedAt","deploy","lifts","message"}
on stdout.
unfreeze removes the tag (lifting the freeze by hand); it is a no-op when there is none.
freeze sets it as a rollback to --image-tag does (rollback.yml runs it from the default
branch, so a rollback to a release older than the freeze still freezes).
Exit 0: deploy (not frozen, or a newer release) / lifted; 1: frozen, skip the deploy;
2: bad usage.`;

const OPTIONS = {
  stack: { type: "string" },
  release: { type: "string" },
  "image-tag": { type: "string" },
  "released-at": { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** The subcommands this file serves. */
export const FREEZE_COMMANDS = ["freeze-check", "unfreeze", "freeze"] as const;
export type FreezeCommand = (typeof FREEZE_COMMANDS)[number];

/** The part of an Automation API `Stack` the freeze commands use (`Stack.select(...)` satisfies it). */
export interface FreezeStack {
  listTags(): Promise<Record<string, string>>;
  removeTag(key: string): Promise<void>;
  setTag(key: string, value: string): Promise<void>;
  outputs(): Promise<Record<string, { value: unknown }>>;
}

/** Who sets a freeze and when; the CLI passes the real ones. */
export interface FreezeClock {
  actor: string;
  now: () => Date;
}

/** Validates a freeze command's flags (no side effects); throws a {@link ValidationError} naming the flag. */
export function parseFreezeLine(command: FreezeCommand, argv: string[], stacks: readonly string[]) {
  const values = parseFlags(argv, OPTIONS);
  if (values.help) return "help" as const;
  const stack = values.stack;
  if (stack === undefined || !stacks.includes(stack)) {
    throw new ValidationError("--stack", stack, `expected one of ${stacks.join(", ")}`);
  }
  if (command !== "freeze-check" && values.release !== undefined) {
    throw new ValidationError("--release", values.release, "only freeze-check takes a release");
  }
  const imageTag = values["image-tag"];
  if (command === "freeze") {
    if (imageTag === undefined) {
      throw new ValidationError("--image-tag", undefined, "give the version the stack is rolled back to");
    }
    checkImageTagForStack("--image-tag", stack, imageTag);
  } else if (imageTag !== undefined) {
    throw new ValidationError("--image-tag", imageTag, "only freeze takes an image tag");
  }
  // An empty --release is what the workflow passes when the push released nothing.
  const release = values.release === "" ? undefined : values.release;
  if (release !== undefined && !(/^v/.test(release) && semver.valid(release))) {
    throw new ValidationError(
      "--release",
      release,
      "expected a version tag such as v1.2.3, or empty for none",
    );
  }
  const at = values["released-at"] === "" ? undefined : values["released-at"];
  if (at !== undefined && (command !== "freeze-check" || release === undefined)) {
    throw new ValidationError("--released-at", at, "give it with the --release of freeze-check it dates");
  }
  // ISO 8601 with a zone, as GitHub's API writes times (2026-12-03T17:40:00Z).
  if (
    at !== undefined &&
    !(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(at) &&
      Number.isFinite(Date.parse(at))
    )
  ) {
    throw new ValidationError("--released-at", at, "expected an ISO 8601 time such as 2026-12-03T17:40:00Z");
  }
  return {
    stack,
    release,
    ...(at !== undefined ? { releasedAt: at } : {}),
    ...(imageTag !== undefined ? { imageTag } : {}),
    json: values.json ?? false,
  };
}

/** Runs `freeze-check`, `unfreeze` or `freeze` against the stack `open` selects; returns the exit code. */
export async function freezeMain(
  command: FreezeCommand,
  args: { stack: string; release?: string; releasedAt?: string; imageTag?: string; json: boolean },
  open: () => Promise<FreezeStack>,
  io: Io,
  clock: FreezeClock,
): Promise<number> {
  const stack = await open();
  if (command === "freeze") {
    const value = freezeFor(args.imageTag as string, await stack.outputs(), clock.actor, clock.now());
    await stack.setTag(FREEZE_TAG, value);
    io.stderr(`froze ${args.stack}: ${value}; lift it with ${unfreezeCommand(args.stack)}\n`);
    return EXIT.ok;
  }
  const tags = await stack.listTags();
  const value = tags[FREEZE_TAG];
  if (command === "unfreeze") {
    if (value === undefined) {
      io.stderr(`${args.stack} is not frozen; nothing to lift\n`);
      return EXIT.ok;
    }
    await stack.removeTag(FREEZE_TAG);
    io.stderr(`lifted the freeze on ${args.stack} (was: ${value}); automatic deploys go ahead again\n`);
    return EXIT.ok;
  }
  const freeze: Freeze | undefined = value === undefined ? undefined : parseFreeze(value);
  const releasedAt = args.releasedAt === undefined ? undefined : new Date(args.releasedAt);
  const decision = decideDeploy(args.stack, freeze, args.release, releasedAt);
  if (args.json) {
    const report = {
      stack: args.stack,
      frozen: freeze !== undefined,
      freeze: freeze ?? null,
      release: args.release ?? null,
      releasedAt: args.releasedAt ?? null,
      ...decision,
    };
    io.stdout(`${JSON.stringify(report)}\n`);
  }
  io.stderr(`${decision.message}\n`);
  return decision.deploy ? EXIT.ok : EXIT.finding;
}
