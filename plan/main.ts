import { parseArgs } from "node:util";
import type { Io } from "../delivery/cli/command-line";
import { didYouMean } from "../lib/did-you-mean";
import { isValidationError, ValidationError } from "../lib/errors";
import { PLANNED_STACKS, programFor } from "../stacks/programs";
import { readBasePlan } from "./against";
import { diffPlans, type StackDiff } from "./diff";
import { formatJson } from "./format/json";
import { formatMarkdown } from "./format/markdown";
import { formatTable } from "./format/table";
import { type PlanRequest, planStacks, type StackPlan } from "./plan";
import { toPlanJson } from "./plan-json";
import { parseConfigFlag, type StackConfig } from "./stack-config";

/** Narrower than this, a tree line would hold almost nothing; wider is no terminal. */
const MIN_TABLE_WIDTH = 40;
const MAX_TABLE_WIDTH = 1000;

export const USAGE = `usage: npm run -s plan -- [--stack NAME]... [--config [STACK:]KEY=VALUE]...
                        [--format table|json|markdown] [--width N]

Plans stack programs in-process under the offline engine (no AWS, no Pulumi
account): each stack's resources, outputs and policy violations on stdout,
errors on stderr.

  --stack NAME      plan this stack (repeatable); default:
                    ${PLANNED_STACKS.join(", ")}
  --config KEY=VALUE
                    set a config key on top of Pulumi.<stack>.yaml (repeatable):
                    pantstack:logRetentionDays=30, logRetentionDays=30
                    (project namespace) or aws:region=eu-west-1. It applies
                    to every --stack given; with no --stack, to the stacks
                    that read it (a key that no planned stack reads is
                    refused)
  --config STACK:NAMESPACE:KEY=VALUE
                    the same for one planned stack only, e.g.
                    preview-pr-1:pantstack:imageTag=pr-1-abc1234
  --format FORMAT   table (default), json or markdown
  --width N         the table's width in columns, ${MIN_TABLE_WIDTH} to ${MAX_TABLE_WIDTH}; default:
                    $COLUMNS, else the terminal's width, else 80 (a pipe or
                    a CI log)
  --against FILE    compare with a plan saved on the base branch by
                    npm run -s plan -- --format json > FILE: resources
                    added, removed and changed (secrets masked), the monthly
                    cost delta, and warnings where data could be lost
  --services FILE   plan shared, test and prod with this service catalog
                    instead of services.yaml, e.g. examples/services.yaml
  -h, --help        this help

Each stack gets a monthly cost from the dated us-east-1 price table
(plan/cost/); a stack in another region is costed with it, and says so.

Exit codes: 0 planned, no mandatory violation; 1 a mandatory policy
violation; 2 bad usage or invalid config (one line naming the stack and
the key); 3 a bug (with a stack trace).`;

const FORMATS = { table: formatTable, json: formatJson, markdown: formatMarkdown } as const;

type Format = keyof typeof FORMATS;

/** Exit codes: 0 planned, 1 planned with mandatory policy violations, 2 bad usage or config. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

export type { Io } from "../delivery/cli/command-line";

/**
 * A usage mistake: reported in one line with exit code 2. A {@link ValidationError} (the pipeline tools'
 * contract for `parseCommandLine`) whose message is the whole sentence, as `node:util` parseArgs words it.
 */
class UsageError extends ValidationError {
  constructor(message: string) {
    super("command line", undefined, message);
    this.message = message;
    this.stack = message;
  }
}

/** The parsed command line. */
export interface PlanArgs {
  stacks: string[];
  /** `--config KEY=VALUE`: for every stack given with `--stack`, or for the stacks that read it. */
  overrides: StackConfig;
  /** `--config STACK:KEY=VALUE`, by stack. */
  stackOverrides: Record<string, StackConfig>;
  /** No `--stack` was given: `overrides` go to the stacks that read them. */
  overridesWhereRead: boolean;
  format: Format;
  /** A base plan (`--format json`) to diff against. */
  against?: string;
  /** `--width`: the table's columns; undefined to take them from the environment. */
  width?: number;
  /** `--services FILE`: the service catalog shared, test and prod are planned with. */
  services?: string;
}

const OPTIONS = {
  stack: { type: "string", multiple: true },
  config: { type: "string", multiple: true },
  format: { type: "string" },
  against: { type: "string" },
  width: { type: "string" },
  services: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function parseOptions(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    const flag = /'(--[^'\s]+)'/.exec((err as Error).message)?.[1];
    const known = Object.keys(OPTIONS).map((name) => `--${name}`);
    const hint =
      (err as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && flag
        ? didYouMean(flag, known)
        : "";
    throw new UsageError(`${(err as Error).message}${hint}`);
  }
}

/** Parses the command line; throws on anything it does not understand. */
export function parsePlanArgs(argv: string[]): PlanArgs | "help" {
  const values = parseOptions(argv);
  if (values.help) return "help";
  const format = values.format ?? "table";
  if (!(format in FORMATS)) {
    throw new UsageError(
      `--format: "${format}" is not allowed; expected one of ${Object.keys(FORMATS).join(", ")}`,
    );
  }
  const named = values.stack !== undefined && values.stack.length > 0;
  const stacks = named ? [...new Set(values.stack)] : [...PLANNED_STACKS];
  const overrides: StackConfig = {};
  const stackOverrides: Record<string, StackConfig> = {};
  for (const text of values.config ?? []) {
    const { stack, key, value } = parseConfigFlag(text);
    if (stack !== undefined && !stacks.includes(stack)) {
      throw new UsageError(
        `--config: ${JSON.stringify(text)} is for stack ${stack}, which is not planned; planned: ${stacks.join(", ")}`,
      );
    }
    const namespace = key.split(":")[0];
    if (stack === undefined && stacks.includes(namespace)) {
      throw new UsageError(
        `--config: ${JSON.stringify(text)} is ambiguous; for stack ${namespace} give the full key, e.g. ${namespace}:pantstack:${key.slice(namespace.length + 1)}=...`,
      );
    }
    if (stack === undefined) overrides[key] = value;
    else stackOverrides[stack] = { ...stackOverrides[stack], [key]: value };
  }
  return {
    stacks,
    overrides,
    stackOverrides,
    overridesWhereRead: !named,
    format: format as Format,
    against: values.against,
    width: tableWidth("--width", values.width),
    ...(values.services !== undefined ? { services: values.services } : {}),
  };
}

/** A width given as text (`--width`, `COLUMNS`): a whole number in the table's range, or a usage error. */
function tableWidth(source: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const width = Number(text);
  if (!/^\d+$/.test(text.trim()) || width < MIN_TABLE_WIDTH || width > MAX_TABLE_WIDTH) {
    throw new UsageError(
      `${source}: ${JSON.stringify(text)} is not allowed; expected a whole number of columns from ${MIN_TABLE_WIDTH} to ${MAX_TABLE_WIDTH}`,
    );
  }
  return width;
}

/**
 * Plans what the command line asks for. {@link planStacks} by default; a caller running the CLI many times
 * in one process (the tests) may pass one that reuses plans, since a plan depends only on its request.
 */
export type Planner = (request: PlanRequest) => Promise<readonly StackPlan[]>;

/** Runs the plan CLI and returns its exit code. User errors print one line on stderr, never a stack trace. */
export async function main(argv: string[], io: Io, planner: Planner = planStacks): Promise<number> {
  let plans: StackPlan[];
  let args: PlanArgs;
  let base: ReturnType<typeof readBasePlan> | undefined;
  let width: number | undefined;
  try {
    const parsed = parsePlanArgs(argv);
    if (parsed === "help") {
      io.stdout(`${USAGE}\n`);
      return EXIT.ok;
    }
    args = parsed;
    // A CI log or a pipe has no terminal to ask; COLUMNS is how a job says how wide its log is.
    width = args.width ?? tableWidth("COLUMNS", io.env?.COLUMNS || undefined) ?? io.columns;
    base = args.against === undefined ? undefined : readBasePlan(args.against);
    plans = [...(await planner(args))];
  } catch (err) {
    if (isValidationError(err)) {
      io.stderr(`error: ${(err as Error).message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  const diffs = base ? diffPlans(base, toPlanJson(plans).stacks) : [];
  io.stdout(render(args.format, plans, diffs, width));
  for (const plan of plans)
    if (plan.cost.regionNote) io.stderr(`warning: ${plan.stack}: ${plan.cost.regionNote}\n`);
  const mandatory = plans.flatMap((p) => p.policy.violations).filter((v) => v.level === "mandatory");
  if (mandatory.length > 0) {
    io.stderr(
      `error: ${mandatory.length} mandatory policy violation(s): ${[...new Set(mandatory.map((v) => v.policy))].join(", ")}\n`,
    );
    return EXIT.findings;
  }
  return EXIT.ok;
}

/**
 * The pipeline tools' common entry contract: validates the arguments (flags, formats, config keys' syntax,
 * stack names) with no side effects, and throws a `ValidationError` on bad input.
 */
export function parseCommandLine(argv: string[]): PlanArgs | "help" {
  const args = parsePlanArgs(argv);
  if (args !== "help") for (const stack of args.stacks) programFor(stack);
  return args;
}

function render(format: Format, plans: StackPlan[], diffs: StackDiff[], width: number | undefined): string {
  if (format === "table") return formatTable(plans, { diffs, width });
  return FORMATS[format](plans, diffs);
}
