// Entry of `npm run images`: `push-plan` says whether a built image must be pushed to ECR; `retag` adds a
// release's version tag to an image already there.
import { ECRClient } from "@aws-sdk/client-ecr";
import { ValidationError } from "../../lib/errors";
import { EXIT, type Io, parseFlags, parseOrReport, runEntry } from "../cli/command-line";
import { DIGEST, describePlan, type EcrBatchGetImage, planPush } from "./push-plan";
import { describeRetag, type EcrRetagClient, retagImage } from "./retag";

export const USAGE = `usage: npm run images -- push-plan --repository R --tag T --digest D [--json]
       npm run images -- retag --repository R --digest D --tag T [--json]

Asks ECR whether R:T exists. Absent: push. Same digest: skip (a re-run or a
reopened PR). Different digest: refuse, naming both digests (tags are
immutable). With --json, prints {"action":"push"|"skip"|"conflict",...}.
Exit 0: push or skip; 1: conflict; 2: bad usage.

retag adds tag T to the image R@D, with no pull or push (ECR PutImage with its
manifest): a release tags the services it did not rebuild. T already on D:
nothing to do. T on another image: refuse, naming both digests.
Exit 0: tagged or already; 1: conflict; 2: bad usage.`;

const OPTIONS = {
  repository: { type: "string" },
  tag: { type: "string" },
  digest: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** What to check. */
export interface PushPlanArgs {
  command: "push-plan" | "retag";
  repository: string;
  tag: string;
  digest: string;
  json: boolean;
}

/** Validates the command line (no side effects); throws a {@link ValidationError} naming the flag. */
export function parseCommandLine(argv: string[]): PushPlanArgs | "help" {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h") return "help";
  if (command !== "push-plan" && command !== "retag") {
    throw new ValidationError("command", command, "the commands are push-plan and retag");
  }
  const values = parseFlags(rest, OPTIONS);
  if (values.help) return "help";
  const { repository, tag, digest } = values;
  if (!repository || !/^[a-z0-9][a-z0-9._/-]*$/.test(repository)) {
    throw new ValidationError("--repository", repository, "an ECR repository name, e.g. pantstack");
  }
  // ECR image tags: up to 300 characters of letters, digits, _ . -
  if (!tag || !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,299}$/.test(tag)) {
    throw new ValidationError("--tag", tag, "an image tag of letters, digits, _ . - (e.g. pr-42-0123456)");
  }
  if (!digest || !DIGEST.test(digest)) {
    throw new ValidationError("--digest", digest, "sha256: and 64 lower-case hex digits");
  }
  return { command, repository, tag, digest, json: values.json ?? false };
}

/** Runs the command and returns the exit code. */
export async function main(
  argv: string[],
  io: Io,
  client: EcrBatchGetImage | EcrRetagClient = new ECRClient({}),
): Promise<number> {
  const args = parseOrReport(() => parseCommandLine(argv), io);
  if (args === undefined) return EXIT.usage;
  if (args === "help") {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (args.command === "retag") {
    // push-plan needs only BatchGetImage; retag also PutImage, which an ECRClient (the default) has.
    const result = await retagImage(client as EcrRetagClient, args.repository, args.digest, args.tag);
    if (args.json) io.stdout(`${JSON.stringify(result)}\n`);
    io.stderr(`${describeRetag(args.repository, result)}\n`);
    return result.action === "conflict" ? EXIT.finding : EXIT.ok;
  }
  const plan = await planPush(client, args.repository, args.tag, args.digest);
  if (args.json) io.stdout(`${JSON.stringify(plan)}\n`);
  io.stderr(`${describePlan(args.repository, plan)}\n`);
  return plan.action === "conflict" ? EXIT.finding : EXIT.ok;
}

if (require.main === module) runEntry((argv, io) => main(argv, io));
