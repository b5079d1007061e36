// Entry of `npm run rollback`: puts an earlier release back on an environment.
import { existsSync, readFileSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import { ECRClient } from "@aws-sdk/client-ecr";
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { parse } from "yaml";
import { awsRegionAllowed, isAwsRegion } from "../../lib/aws-regions";
import { checkImageTagForStack } from "../../lib/ecr/image-tag";
import { ValidationError } from "../../lib/errors";
import { readStackFile } from "../../plan/stack-config";
import { DEFAULT_CATALOG_FILE, loadCatalog } from "../../stacks/catalog";
import { EXIT, type Io, parseFlags, parseOrReport, runEntry } from "../cli/command-line";
import type { RollbackRequest } from "./commands";
import { type EcrDescribeImages, ecrImageExists } from "./ecr";
import { FREEZE_COMMANDS, FREEZE_USAGE, type FreezeCommand, freezeMain, parseFreezeLine } from "./freeze-cli";
import { rollback } from "./rollback";

export const USAGE = `usage: npm run rollback -- --stack prod|test --image-tag TAG [--service NAME]
         [--yes | --dry-run] [--full] [--skip-image-check]
         [--repository NAME] [--region REGION] [--policy-pack DIR]

Puts image TAG back on the stack's API. Prints (stdout) the Pulumi commands that
set pantstack:imageTag and run \`pulumi up --refresh\` targeted at the API's task
definition and ECS service by their full URNs. TAG must be one the stack may
run (prod: a release such as v1.2.3; test: a release or a prerelease).
--dry-run (the default) prints and runs nothing.
--yes runs them through the Pulumi Automation API (needs the pulumi CLI and a
  backend login), after checking with ECR DescribeImages that the tag is in
  --repository (default: the shared stack's pantstack:ecrRepositoryName),
  unless --skip-image-check.
--full runs an untargeted \`pulumi up\` instead.
--policy-pack DIR runs the update with that policy pack, as every deploy does.
A stack that deploys by digest (its \`images\` output) is rolled back by digest:
  with --yes, every service of the catalog (services.yaml) moves to the digest
  its release repository tags TAG with, or only --service NAME, the others
  keeping what they run; \`pantstack:images\` is set and the update targets
  the moved services' task definitions and services.
With --yes the stack is frozen first: its automatic deploys are skipped until a
newer release or \`npm run rollback -- unfreeze\` (see freeze-check --help).
Exit 0: printed or rolled back; 1: refused (the image is not in the
repository); 2: bad usage.`;

const OPTIONS = {
  stack: { type: "string" },
  "image-tag": { type: "string" },
  service: { type: "string" },
  yes: { type: "boolean" },
  "dry-run": { type: "boolean" },
  full: { type: "boolean" },
  "skip-image-check": { type: "boolean" },
  repository: { type: "string" },
  region: { type: "string" },
  "policy-pack": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** The stacks a rollback applies to (a preview is redeployed from its PR instead). */
export const ROLLBACK_STACKS = ["prod", "test"] as const;

/** The parsed command line. */
export interface RollbackArgs extends RollbackRequest {
  yes: boolean;
  checkImage: boolean;
  repository?: string;
  region?: string;
  /** `--service`: only this catalog service moves. @default - every service */
  service?: string;
}

/** A `freeze-check` or `unfreeze` command line. */
export interface FreezeArgs {
  command: FreezeCommand;
  stack: string;
  release?: string;
  releasedAt?: string;
  imageTag?: string;
  json: boolean;
}

/**
 * Validates the command line (no side effects); throws a {@link ValidationError} naming the flag. A first
 * argument `freeze-check` or `unfreeze` selects that command; anything else is a rollback.
 */
export function parseCommandLine(argv: string[]): RollbackArgs | FreezeArgs | "help" {
  const [first, ...rest] = argv;
  if ((FREEZE_COMMANDS as readonly string[]).includes(first ?? "")) {
    const command = first as FreezeCommand;
    const freeze = parseFreezeLine(command, rest, ROLLBACK_STACKS);
    return freeze === "help" ? freeze : { command, ...freeze };
  }
  return parseRollback(argv);
}

function parseRollback(argv: string[]): RollbackArgs | "help" {
  // rollback.yml's input is `version`; the flag is --image-tag.
  const values = parseFlags(argv, OPTIONS, { "--version": "--image-tag", "--tag": "--image-tag" });
  if (values.help) return "help";
  const stack = values.stack;
  if (stack === undefined || !(ROLLBACK_STACKS as readonly string[]).includes(stack)) {
    throw new ValidationError("--stack", stack, `expected one of ${ROLLBACK_STACKS.join(", ")}`);
  }
  const imageTag = values["image-tag"];
  if (imageTag === undefined) throw new ValidationError("--image-tag", undefined, "give the tag to put back");
  checkImageTagForStack("--image-tag", stack, imageTag);
  if (values.yes && values["dry-run"]) {
    throw new ValidationError(
      "--dry-run",
      true,
      "give --yes to run the commands or --dry-run to print them, not both",
    );
  }
  if (values.region !== undefined && !isAwsRegion(values.region)) {
    throw new ValidationError("--region", values.region, awsRegionAllowed(values.region));
  }
  if (values.repository !== undefined && !/^[a-z0-9][a-z0-9._/-]{1,255}$/.test(values.repository)) {
    throw new ValidationError(
      "--repository",
      values.repository,
      "expected an ECR repository name such as pantstack",
    );
  }
  return {
    stack,
    imageTag,
    full: values.full ?? false,
    yes: values.yes ?? false,
    checkImage: !(values["skip-image-check"] ?? false),
    repository: values.repository,
    region: values.region,
    ...(values.service !== undefined ? { service: values.service } : {}),
    ...(values["policy-pack"] !== undefined ? { policyPack: values["policy-pack"] } : {}),
  };
}

/** What `main` talks to; each defaults to the real thing. */
export interface RollbackEnvironment {
  /** Where Pulumi.yaml and the stack files are. @default process.cwd() */
  root?: string;
  /** The Pulumi CLI for the Automation API. @default - the installed `pulumi` */
  pulumiCommand?: PulumiCommand;
  /** Builds the ECR client for a region. @default - `new ECRClient({ region })` */
  ecr?: (region: string | undefined) => EcrDescribeImages | Promise<EcrDescribeImages>;
  /** Who runs the rollback, for the freeze. @default - `GITHUB_ACTOR`, else the local user */
  actor?: string;
  /** The clock, for the freeze. @default - the system clock */
  now?: () => Date;
  /** The service catalog. @default - services.yaml in `root` */
  catalogFile?: string;
}

/** Runs the rollback CLI and returns the exit code. */
export async function main(argv: string[], io: Io, environment: RollbackEnvironment = {}): Promise<number> {
  const args = parseOrReport(() => parseCommandLine(argv), io);
  if (args === undefined) return EXIT.usage;
  if (args === "help") {
    const freeze = (FREEZE_COMMANDS as readonly string[]).includes(argv[0] ?? "");
    io.stdout(`${freeze ? FREEZE_USAGE : USAGE}\n`);
    return EXIT.ok;
  }
  if ("command" in args) return freezeCommand(args, io, environment);
  const root = environment.root ?? process.cwd();
  if (args.policyPack !== undefined && !existsSync(args.policyPack)) {
    io.stderr(`error: --policy-pack: "${args.policyPack}" does not exist; give the policy pack's folder\n`);
    return EXIT.usage;
  }
  try {
    return await rollBack(args, io, environment, root);
  } catch (err) {
    const setUp = setUpProblem(err);
    if (setUp === undefined) throw err;
    io.stderr(`error: ${setUp}\n`);
    return EXIT.usage;
  }
}

async function freezeCommand(args: FreezeArgs, io: Io, environment: RollbackEnvironment): Promise<number> {
  const root = environment.root ?? process.cwd();
  try {
    return await freezeMain(args.command, args, () => openStack(root, args.stack, environment), io, {
      actor: actorOf(environment),
      now: environment.now ?? (() => new Date()),
    });
  } catch (err) {
    const setUp = setUpProblem(err);
    if (setUp === undefined) throw err;
    io.stderr(`error: ${setUp}\n`);
    return EXIT.usage;
  }
}

function actorOf(environment: RollbackEnvironment): string {
  return environment.actor ?? process.env.GITHUB_ACTOR ?? userInfo().username;
}

async function openStack(root: string, stack: string, environment: RollbackEnvironment) {
  const pulumiCommand = environment.pulumiCommand ?? (await PulumiCommand.get());
  const workspace = await LocalWorkspace.create({ workDir: root, pulumiCommand });
  return Stack.select(stack, workspace);
}

/**
 * A missing tool or credential is a set-up problem to report in one line (exit 2), not a bug with a stack.
 * The AWS SDK names a failed credential chain `CredentialsProviderError`
 * (https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/setting-credentials-node.html); the
 * Automation API reports a missing CLI as a spawn ENOENT of `pulumi`.
 */
function setUpProblem(err: unknown): string | undefined {
  const name = (err as Error | undefined)?.name;
  if (name === "CredentialsProviderError") {
    return "AWS credentials: none found; configure credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID or a role) to check the image in ECR, or pass --skip-image-check";
  }
  if (/spawn pulumi ENOENT|ENOENT: pulumi/.test(String((err as Error | undefined)?.message ?? err))) {
    return "pulumi: not found on PATH; install the Pulumi CLI (https://www.pulumi.com/docs/install/) to run with --yes";
  }
  return undefined;
}

async function rollBack(args: RollbackArgs, io: Io, environment: RollbackEnvironment, root: string) {
  const project = (parse(readFileSync(join(root, "Pulumi.yaml"), "utf8")) as { name: string }).name;
  // The service is checked against the catalog before anything is read or changed.
  const catalog = loadCatalog(environment.catalogFile ?? join(root, DEFAULT_CATALOG_FILE));
  const names = catalog.services.map((s) => s.name);
  if (args.service !== undefined && !names.includes(args.service)) {
    throw new ValidationError(
      "--service",
      args.service,
      `expected a service of the catalog: ${names.join(", ")}`,
    );
  }
  const region = () => args.region ?? readStackFile(root, args.stack)["aws:region"];
  const imageExists =
    args.yes && args.checkImage
      ? ecrImageExists(
          await (environment.ecr ?? realEcr)(region()),
          args.repository ?? readStackFile(root, "shared")["pantstack:ecrRepositoryName"] ?? "pantstack",
        )
      : undefined;
  const outcome = await rollback(args, args.yes, {
    project,
    imageExists,
    openStack: () => openStack(root, args.stack, environment),
    log: (text) => io.stderr(text),
    actor: actorOf(environment),
    ...(environment.now ? { now: environment.now } : {}),
    images: {
      names,
      ecr: () => (environment.ecr ?? realEcr)(region()),
      ...(args.service !== undefined ? { only: args.service } : {}),
    },
  });
  if (outcome.refusal) {
    io.stderr(`rollback refused: ${outcome.refusal}\n`);
    return EXIT.finding;
  }
  if (!outcome.executed) io.stdout(outcome.lines.map((line) => `${line}\n`).join(""));
  const source =
    outcome.targetsFrom === "stack outputs" ? "URNs from the stack's outputs" : "URNs built from the code";
  io.stderr(
    outcome.executed
      ? `rolled ${args.stack} back to ${args.imageTag} (${source}); ${args.stack} is frozen (${outcome.freeze}) until a newer release, or \`npm run rollback -- unfreeze --stack ${args.stack}\`\n`
      : `not run (${source}); --yes runs these through the Automation API, with the URNs from the stack's outputs\n`,
  );
  return EXIT.ok;
}

function realEcr(region: string | undefined): EcrDescribeImages {
  return new ECRClient({ region });
}

if (require.main === module) runEntry(main);
