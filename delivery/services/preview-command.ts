// `npm run services -- preview`: what a pull request's preview builds and runs (pr-preview.yml's build job).
import { ValidationError } from "../../lib/errors";
import { type Catalog, DEFAULT_CATALOG_FILE, loadCatalog } from "../../stacks/catalog";
import { EXIT, type Io, parseFlags } from "../cli/command-line";
import { previewPlan } from "./preview";

export const PREVIEW_USAGE = `usage: npm run -s services -- preview --pr N --sha SHA (--base REF | --all)
                                   [--primary-image REF] [--catalog FILE]

preview prints, as JSON, what pull request N's preview builds and runs:
{imageTag, changed, noServiceChanged, runs, borrows, build: [{name, kind,
address, image, tag}]}. changed: the services Pants lists as changed since
REF (as \`changed\` finds them), or every service with --all (a custom build,
which Pants cannot see into). runs: those and every service whose dependsOn
reaches one of them; borrows: the rest, from test. build: one image per
service in runs, the local image the build leaves (--primary-image, default
pantstack:latest, for the primary service; <name>:latest for the others) and
its tag in the preview repository (pr-N-<sha7> for the primary,
<name>-pr-N-<sha7> for the others). A PR that changed no service previews
the primary service (noServiceChanged: true).
Exit 0: printed; 2: bad usage or input.`;

const OPTIONS = {
  pr: { type: "string" },
  sha: { type: "string" },
  base: { type: "string" },
  all: { type: "boolean" },
  "primary-image": { type: "string" },
  catalog: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** A parsed `preview` command line. */
export interface PreviewArgs {
  pr: number;
  sha: string;
  /** What the PR is compared with; absent with `--all`. */
  base?: string;
  primaryImage: string;
  catalog: string;
}

/** Finds the services changed since `base` (cli.ts's Pants and git calls). */
export type ChangedSince = (catalog: Catalog, base: string, catalogFile: string) => Promise<string[]>;

// As cli.ts: a git ref or a commit, with nothing git could read as an option.
const REF = /^[A-Za-z0-9][A-Za-z0-9._/~^-]{0,254}$/;
// A local image reference such as pantstack:latest or registry:5000/team/app:dev (no shell characters).
const IMAGE = /^[a-z0-9][a-z0-9._/:@-]{0,254}$/;

/** Validates a `preview` command line (no side effects); throws a {@link ValidationError} naming the flag. */
export function parsePreviewArgs(argv: string[]): PreviewArgs | "help" {
  const values = parseFlags(argv, OPTIONS);
  if (values.help) return "help";
  const pr = Number(values.pr);
  if (!values.pr || !/^[1-9]\d{0,8}$/.test(values.pr)) {
    throw new ValidationError("--pr", values.pr, "a pull request number, e.g. 42");
  }
  if (!values.sha || !/^[0-9a-f]{7,64}$/.test(values.sha)) {
    throw new ValidationError("--sha", values.sha, "the commit's SHA in lower-case hex (at least 7 digits)");
  }
  if (Boolean(values.all) === (values.base !== undefined)) {
    throw new ValidationError(
      "--base",
      values.base,
      "give --base REF (what the PR is compared with) or --all",
    );
  }
  if (values.base !== undefined && !REF.test(values.base)) {
    throw new ValidationError("--base", values.base, "a git ref or commit, e.g. origin/main or a SHA");
  }
  const primaryImage = values["primary-image"] ?? "pantstack:latest";
  if (!IMAGE.test(primaryImage)) {
    throw new ValidationError(
      "--primary-image",
      primaryImage,
      "a local image reference, e.g. pantstack:latest",
    );
  }
  return {
    pr,
    sha: values.sha,
    ...(values.base !== undefined ? { base: values.base } : {}),
    primaryImage,
    catalog: values.catalog ?? DEFAULT_CATALOG_FILE,
  };
}

/** Prints the preview plan of a parsed `preview` command line; returns the exit code. */
export async function runPreview(args: PreviewArgs, io: Io, changedSince: ChangedSince): Promise<number> {
  const catalog = loadCatalog(args.catalog);
  const changed =
    args.base === undefined
      ? catalog.services.map((s) => s.name)
      : await changedSince(catalog, args.base, args.catalog);
  const plan = previewPlan(catalog, changed, args);
  io.stderr(
    plan.noServiceChanged
      ? `no service changed: the preview runs the primary service ${plan.changed[0]}, built from this commit\n`
      : `the preview runs ${plan.runs.join(", ")}; borrows from test: ${plan.borrows.join(", ") || "nothing"}\n`,
  );
  io.stdout(`${JSON.stringify(plan)}\n`);
  return EXIT.ok;
}
