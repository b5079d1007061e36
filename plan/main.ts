import { parseArgs } from "node:util";
import { isValidationError, ValidationError } from "../lib/errors";
import { PLANNED_STACKS, programFor } from "../stacks/programs";
import { readBasePlan } from "./against";
import { diffPlans } from "./diff";
import { formatJson } from "./format/json";
import { formatMarkdown } from "./format/markdown";
import { formatTable } from "./format/table";
import { planStacks, type StackPlan } from "./plan";
import { toPlanJson } from "./plan-json";
import { parseConfigOverride } from "./stack-config";

export const USAGE = `usage: npm run plan -- [--stack NAME]... [--config KEY=VALUE]... [--format table|json|markdown]
                       [--against BASE.json]

Runs stack programs in-process under the offline engine (no AWS, no Pulumi account) and prints
each stack's resources, outputs and policy violations. Exit 0: planned, no mandatory
violation; 1: a mandatory policy violation; 2: bad usage or invalid config. With no --stack: ${PLANNED_STACKS.join(", ")}.
Each stack gets a monthly cost from the dated us-east-1 price table (plan/cost/). --against compares with a
plan saved by \`npm run -s plan -- --format json > base.json\`: resources added, removed and changed, the cost
delta, and warnings where data could be lost.`;

const FORMATS = { table: formatTable, json: formatJson, markdown: formatMarkdown } as const;
type Format = keyof typeof FORMATS;

/** Exit codes: 0 planned, 1 planned with mandatory policy violations, 2 bad usage or config. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** Where the CLI writes; tests pass buffers. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A usage mistake: reported in one line with exit code 2. */
class UsageError extends Error {}

/** The parsed command line. */
export interface PlanArgs {
  stacks: string[];
  overrides: Record<string, string>;
  format: Format;
  /** A base plan (`--format json`) to diff against. */
  against?: string;
}

const OPTIONS = {
  stack: { type: "string", multiple: true },
  config: { type: "string", multiple: true },
  format: { type: "string" },
  against: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function parseOptions(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
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
  const overrides = Object.fromEntries((values.config ?? []).map(parseConfigOverride));
  const stacks = values.stack && values.stack.length > 0 ? [...new Set(values.stack)] : [...PLANNED_STACKS];
  return { stacks, overrides, format: format as Format, against: values.against };
}

/** Runs the plan CLI and returns its exit code. User errors print one line on stderr, never a stack trace. */
export async function main(argv: string[], io: Io): Promise<number> {
  let plans: StackPlan[];
  let args: PlanArgs;
  let base: ReturnType<typeof readBasePlan> | undefined;
  try {
    const parsed = parsePlanArgs(argv);
    if (parsed === "help") {
      io.stdout(`${USAGE}\n`);
      return EXIT.ok;
    }
    args = parsed;
    base = args.against === undefined ? undefined : readBasePlan(args.against);
    plans = await planStacks({ stacks: args.stacks, overrides: args.overrides });
  } catch (err) {
    if (err instanceof UsageError || isValidationError(err)) {
      io.stderr(`error: ${(err as Error).message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  const diffs = base ? diffPlans(base, toPlanJson(plans).stacks) : [];
  io.stdout(FORMATS[args.format](plans, diffs));
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
  let args: PlanArgs | "help";
  try {
    args = parsePlanArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) throw new ValidationError("plan", argv.join(" "), err.message);
    throw err;
  }
  if (args !== "help") for (const stack of args.stacks) programFor(stack);
  return args;
}
