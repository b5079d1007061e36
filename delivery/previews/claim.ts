// `previews claim`: a PR takes a preview slot by creating its stack, then checks that it is among the first
// `limit` claims. No lock: every run writes its own claim and then reads everyone's, so two runs at once
// both see both claims and agree on the order (slots.ts); the later one withdraws.
import { StackAlreadyExistsError } from "@pulumi/pulumi/automation";
import { previewStackName } from "../../lib/preview/naming";
import {
  CLAIMED_AT_TAG,
  hasDeployed,
  isoSeconds,
  listStacks,
  type PreviewWorkspace,
  RECLAIMED_AT_TAG,
} from "./preview-stacks";
import { claimOrder, claimRank, claimTime, holders, holderText, type SlotHolder } from "./slots";

/** The answer of `previews claim` (its `--json` shape). */
export interface ClaimDecision {
  pr: number;
  stack: string;
  limit: number;
  /** Whether PR `pr` may deploy its preview. */
  allowed: boolean;
  /** This run created the stack (a new claim); false when it existed already. */
  created: boolean;
  /** The stack has deployed or is deploying: it holds its slot until destroyed. */
  deployed: boolean;
  /** No slot, and this run removed the claim it had made (`pulumi stack rm`). */
  withdrawn: boolean;
  /** The claim's time (null when the stack vanished meanwhile). */
  claimedAt: string | null;
  /** 1-based place of the PR's stack in the claim order (0 when it vanished). */
  position: number;
  /** Every preview stack, in claim order. */
  holders: SlotHolder[];
  /** One line for the log and the PR comment. */
  message: string;
}

/** Everything a claim talks to, injected. */
export interface ClaimDeps {
  workspace: PreviewWorkspace;
  now: () => Date;
  /** Waits between listings while another run's claim is not dated yet. */
  sleep: (ms: number) => Promise<void>;
  log?: (line: string) => void;
}

export interface ClaimOptions {
  pr: number;
  limit: number;
  /** For the expiry times in the answer. */
  idleDays?: number;
  /** How often to list again while another claim is undated. @default 5 */
  retries?: number;
  /** @default 3000 */
  retryMs?: number;
}

/**
 * Claims a slot for PR `pr`:
 * 1. creates `preview-pr-<pr>` (an existing stack is the claim already: a redeploy, or an earlier run);
 * 2. dates an undated claim with the stack tag `pantstack:claimed-at` ({@link claimTime});
 * 3. lists every preview with its tag, again while another claim is still undated (up to `retries` times);
 * 4. may deploy when the stack has deployed already, or stands among the first `limit` in claim order (an
 *    existing stack then gets the tag `pantstack:reclaimed-at`, so the sweep leaves it alone until the deploy);
 *    otherwise, if this run created the stack, it removes it again (`pulumi stack rm` without `--force`,
 *    which refuses a stack that holds resources), and reports no slot.
 */
export async function claim(deps: ClaimDeps, options: ClaimOptions): Promise<ClaimDecision> {
  const log = deps.log ?? (() => undefined);
  const { pr, limit } = options;
  const name = previewStackName(pr);
  const ws = deps.workspace;
  let created = false;
  try {
    await ws.createStack(name);
    created = true;
    log(`created ${name} as the claim of PR #${pr}`);
  } catch (err) {
    if (!(err instanceof StackAlreadyExistsError)) throw err;
    log(`${name} exists already`);
  }

  let previews = (await listStacks(ws)).previews;
  let own = previews.find((p) => p.name === name);
  if (own && own.claimedAt === undefined) {
    const at = claimTime(deps.now(), previews);
    await ws.setTag(name, CLAIMED_AT_TAG, at.toISOString());
    log(`dated the claim ${CLAIMED_AT_TAG}=${at.toISOString()}`);
  }

  const retries = options.retries ?? 5;
  for (let attempt = 0; ; attempt++) {
    previews = (await listStacks(ws)).previews;
    const undated = previews.filter((p) => p.name !== name && claimRank(p) === 1);
    if (undated.length === 0 || attempt >= retries) break;
    log(`waiting for ${undated.map((p) => p.name).join(", ")} to date its claim`);
    await deps.sleep(options.retryMs ?? 3000);
  }
  own = previews.find((p) => p.name === name);
  const order = claimOrder(previews);
  const list = holders(previews, options.idleDays);
  if (!own) {
    return decision(options, name, list, {
      created,
      message: `No preview slot for PR #${pr}: its claim ${name} was removed while it was being checked (a close or the sweep); run the job again.`,
    });
  }
  const position = order.indexOf(own) + 1;
  const deployed = hasDeployed(own);
  const claimedAt = isoSeconds(own.claimedAt);
  if (deployed || position <= limit) {
    if (!created) {
      // Mark the slot as taken again: the deploy comes after the build, and a sweep meanwhile would see a
      // preview idle since its last deploy, and destroy it under this run (cleanup.ts).
      // Best effort: the slot is this PR's either way, and a stack tag is metadata, not an update.
      const at = deps.now();
      try {
        await ws.setTag(name, RECLAIMED_AT_TAG, at.toISOString());
        own.reclaimedAt = at; // the answer's expiry counts from it, as the sweep's will
        log(`took the slot of ${name} again: ${RECLAIMED_AT_TAG}=${at.toISOString()}`);
      } catch (err) {
        log(
          `could not mark ${name} as taken again (${firstLine(err)}): a sweep before the deploy may remove it`,
        );
      }
    }
    return {
      ...decision(options, name, holders(previews, options.idleDays), { created, message: "" }),
      allowed: true,
      deployed,
      claimedAt,
      position,
      message: deployed
        ? `PR #${pr} may deploy: its preview exists already (${previews.length} preview stack(s), limit ${limit}).`
        : `PR #${pr} may deploy: its claim ${name} is number ${position} of ${limit} preview slots.`,
    };
  }

  const ahead = list.slice(0, position - 1);
  let withdrawn = false;
  let note = "";
  if (created) {
    try {
      await ws.removeStack(name);
      withdrawn = true;
      note = " Its claim was withdrawn.";
    } catch (err) {
      note = ` Its claim could not be withdrawn (${firstLine(err)}); the sweep removes it when idle.`;
    }
  }
  return {
    ...decision(options, name, list, { created, message: "" }),
    withdrawn,
    claimedAt,
    position,
    message:
      `No free preview slot for PR #${pr}: all ${limit} are held by ${ahead.slice(0, limit).map(holderText).join(", ")}` +
      `${ahead.length > limit ? ` and ${ahead.length - limit} more` : ""}. ` +
      `A slot frees when one of those PRs closes or its preview expires.${note}`,
  };
}

function decision(
  options: ClaimOptions,
  stack: string,
  list: SlotHolder[],
  fields: { created: boolean; message: string },
): ClaimDecision {
  return {
    pr: options.pr,
    stack,
    limit: options.limit,
    allowed: false,
    created: fields.created,
    deployed: false,
    withdrawn: false,
    claimedAt: null,
    position: 0,
    holders: list,
    message: fields.message,
  };
}

/** The CLI's own words (the first line of its stderr) rather than the Automation API's wrapper text. */
export function firstLine(err: unknown): string {
  const stderr = (err as { commandResult?: { stderr?: unknown } }).commandResult?.stderr;
  const text =
    typeof stderr === "string" && stderr.trim() ? stderr : err instanceof Error ? err.message : String(err);
  return (
    text
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l !== "") ?? text
  );
}
