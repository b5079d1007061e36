// The rollback freeze: a rollback pins its stack until the next release, recorded as a stack tag.
//
// What "until the next release" means, exactly: while the tag is on the stack, the automatic deploy of its
// branch (main for prod, dev for test) skips the deploy, with a message, unless the push made a new release:
// one whose version is greater (semver) than both the version rolled back to and the version it replaced,
// and whose GitHub release was created after the freeze. That release deploys, and once it is healthy the
// deploy lifts the freeze. Greater than the replaced version, and made after the freeze: a re-run of the bad
// release's run, or a release that was already waiting in the queue behind the rollback, must not put the
// bad code back. A push that releases nothing (an infrastructure-only change) stays skipped. By hand:
// `unfreeze` removes the tag.
import semver from "semver";
import { ValidationError } from "../../lib/errors";

/** The stack tag a rollback sets. Pulumi stack tag names allow letters, digits and `-_.:`. */
export const FREEZE_TAG = "pantstack:rollback-freeze";

/** One rollback's freeze, as stored in the tag. */
export interface Freeze {
  /** The release rolled back to, e.g. `v1.2.3`. */
  version: string;
  /** The release the stack ran before, from its `imageTag` output; undefined when it did not say. */
  from?: string;
  /** When the rollback started, ISO 8601 UTC. */
  at: string;
  /** Who ran it (the GitHub actor, or the local user). */
  by: string;
}

/** The tag's value: `v1.2.3 from v1.2.4 at 2026-12-03T17:40:00.000Z by octocat`, short and readable in the console. */
export function formatFreeze(freeze: Freeze): string {
  const from = freeze.from ? ` from ${freeze.from}` : "";
  return `${freeze.version}${from} at ${freeze.at} by ${freeze.by}`;
}

const FREEZE_VALUE = /^(v\S+)(?: from (v\S+))? at (\S+) by (.+)$/;

/** Reads a tag value back; a value this tool did not write is a bad input naming the tag. */
export function parseFreeze(value: string): Freeze {
  const match = FREEZE_VALUE.exec(value.trim());
  if (!match || !semver.valid(match[1]) || (match[2] !== undefined && !semver.valid(match[2]))) {
    throw new ValidationError(
      FREEZE_TAG,
      value,
      'expected "vX.Y.Z [from vX.Y.Z] at <time> by <who>" as the rollback writes it; remove the tag with `npm run rollback -- unfreeze`',
    );
  }
  return { version: match[1], ...(match[2] ? { from: match[2] } : {}), at: match[3], by: match[4] };
}

/**
 * The freeze a rollback to `imageTag` sets, given the stack's outputs before it: the replaced version is the
 * `imageTag` output (test and prod export it) when that is a version other than the target.
 */
export function freezeFor(
  imageTag: string,
  outputs: Record<string, { value: unknown }>,
  by: string,
  now: Date,
): string {
  const running = outputs.imageTag?.value;
  const from =
    typeof running === "string" && semver.valid(running) && /^v/.test(running) && running !== imageTag
      ? running
      : undefined;
  return formatFreeze({ version: imageTag, ...(from ? { from } : {}), at: now.toISOString(), by });
}

/** The version a release must exceed to lift the freeze: the greater of the one rolled back to and the replaced one. */
export function freezeBound(freeze: Freeze): string {
  return freeze.from && semver.valid(freeze.from) && semver.gt(freeze.from, freeze.version)
    ? freeze.from
    : freeze.version;
}

/** What an automatic deploy does about a freeze. */
export interface FreezeDecision {
  /** Deploy or skip. */
  deploy: boolean;
  /** Whether the deploy, once healthy, lifts the freeze (a newer release). */
  lifts: boolean;
  /** One line for the log. */
  message: string;
}

/** The command that lifts a freeze by hand. */
export function unfreezeCommand(stack: string): string {
  return `npm run rollback -- unfreeze --stack ${stack}`;
}

/**
 * Decides an automatic deploy of `stack` given its freeze (if any), the version the push released
 * (undefined when it released nothing) and when that release was made (undefined: not checked). Pure: the
 * CLI reads the tag and passes it in.
 */
export function decideDeploy(
  stack: string,
  freeze: Freeze | undefined,
  release: string | undefined,
  releasedAt?: Date,
) {
  if (!freeze) {
    return { deploy: true, lifts: false, message: `${stack} is not frozen` } satisfies FreezeDecision;
  }
  const bound = freezeBound(freeze);
  const who = `rolled back to ${freeze.version}${freeze.from ? ` from ${freeze.from}` : ""} by ${freeze.by} at ${freeze.at}`;
  const frozenAt = new Date(freeze.at);
  const before =
    release !== undefined && releasedAt !== undefined && !(releasedAt.getTime() > frozenAt.getTime());
  if (release !== undefined && semver.gt(release, bound) && !before) {
    return {
      deploy: true,
      lifts: true,
      message: `${stack} is frozen (${who}); release ${release} is newer than ${bound}: it deploys, and lifts the freeze once healthy`,
    } satisfies FreezeDecision;
  }
  const why =
    release === undefined
      ? "this push released nothing"
      : before
        ? `release ${release} was made at ${releasedAt?.toISOString()}, before the freeze`
        : `release ${release} is not newer than ${bound}`;
  return {
    deploy: false,
    lifts: false,
    message: `${stack} is frozen (${who}); ${why}, so the deploy is skipped until a release greater than ${bound}, or lift it by hand: ${unfreezeCommand(stack)}`,
  } satisfies FreezeDecision;
}
