// Entry of `npm run services`: which catalog services a change touches (`changed`), and which images a
// release re-tags instead of rebuilding (`retag-plan`).
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { isValidationError, ValidationError } from "../../lib/errors";
import { type Catalog, DEFAULT_CATALOG_FILE, loadCatalog } from "../../stacks/catalog";
import { EXIT, type Io, parseFlags, parseOrReport, runEntry } from "../cli/command-line";
import { changedServices, pantsChangedArgs } from "./changed";
import { retagPlan, serviceList } from "./images";
import { PREVIEW_USAGE, type PreviewArgs, parsePreviewArgs, runPreview } from "./preview-command";

export const USAGE = `usage: npm run -s services -- changed --base REF [--catalog FILE]
       npm run -s services -- list --repository NAME [--base REF] [--catalog FILE]
       npm run -s services -- retag-plan --version V --images FILE [--built NAMES] [--catalog FILE]

changed prints, as a JSON array, the catalog's services whose docker_image
target Pants lists as changed since REF, with everything depending on it
(pants --changed-since=REF --changed-dependents=transitive list). A change to
the catalog file counts for every service.

retag-plan prints, as a JSON array of {service, repository, digest, tag}, the
services a release of version V did not rebuild (all but --built, a comma-
separated list) with the digest each runs now, read from FILE: the stack's
\`images\` output (pulumi stack output images --json). Each is then re-tagged
with npm run images -- retag.

list prints, as a JSON array of {name, kind, address, repository}, every
service with its Pants docker_image address and its release repository: the
primary service (the first web service) pushes to NAME, every other one to
NAME/<service>, as the shared stack creates them. With --base, each entry also
says whether it changed since REF ("changed": true|false), as \`changed\` finds it.

The catalog is ${DEFAULT_CATALOG_FILE} unless --catalog names another.
Exit 0: printed; 2: bad usage or input.

${PREVIEW_USAGE}`;

const OPTIONS = {
  base: { type: "string" },
  catalog: { type: "string" },
  version: { type: "string" },
  images: { type: "string" },
  built: { type: "string" },
  repository: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** A parsed command line. */
export type ServicesArgs =
  | { command: "changed"; base: string; catalog: string }
  | { command: "list"; repository: string; base?: string; catalog: string }
  | { command: "retag-plan"; version: string; images: string; built: string[]; catalog: string }
  | ({ command: "preview" } & PreviewArgs);

/** Runs a program and returns what it printed; the default spawns it (tests pass a recording). */
export type Run = (command: string, args: string[]) => Promise<string>;

const spawnRun: Run = (command, args) =>
  new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const missing = (err as NodeJS.ErrnoException).code === "ENOENT";
      reject(
        new ValidationError(
          command,
          undefined,
          missing
            ? `${command} is not on PATH; the services are found by Pants (add pants.toml and install Pants)`
            : `${[command, ...args].join(" ")} failed: ${String(stderr).trim().split("\n").pop()}`,
        ),
      );
    });
  });

// A git ref or a commit: what `--changed-since` accepts, without anything a shell or git could read as an option.
const REF = /^[A-Za-z0-9][A-Za-z0-9._/~^-]{0,254}$/;
const VERSION = /^v\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/** Validates the command line (no side effects); throws a {@link ValidationError} naming the flag. */
export function parseCommandLine(argv: string[]): ServicesArgs | "help" {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h") return "help";
  if (command === "preview") {
    const preview = parsePreviewArgs(rest);
    return preview === "help" ? "help" : { command, ...preview };
  }
  if (command !== "changed" && command !== "retag-plan" && command !== "list") {
    throw new ValidationError("command", command, "the commands are changed, list, retag-plan and preview");
  }
  const values = parseFlags(rest, OPTIONS);
  if (values.help) return "help";
  const catalog = values.catalog ?? DEFAULT_CATALOG_FILE;
  if (command === "changed" || (command === "list" && values.base !== undefined)) {
    if (!values.base || !REF.test(values.base)) {
      throw new ValidationError("--base", values.base, "a git ref or commit, e.g. origin/main or a SHA");
    }
    if (command === "changed") return { command, base: values.base, catalog };
  }
  if (command === "list") {
    if (!values.repository || !/^[a-z0-9][a-z0-9._/-]{1,255}$/.test(values.repository)) {
      throw new ValidationError(
        "--repository",
        values.repository,
        "the primary release repository, e.g. pantstack",
      );
    }
    return { command, repository: values.repository, ...(values.base ? { base: values.base } : {}), catalog };
  }
  if (!values.version || !VERSION.test(values.version)) {
    throw new ValidationError("--version", values.version, "a release version, e.g. v1.4.0 or v1.4.0-dev.2");
  }
  if (!values.images)
    throw new ValidationError("--images", undefined, "a file with the stack's images output");
  const built = (values.built ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return { command, version: values.version, images: values.images, built, catalog };
}

/** The `images` stack output: service → `{ image: "<repo>@sha256:…", version }`. */
function readImages(file: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new ValidationError("--images", file, `a JSON file (${(err as Error).message.split("\n")[0]})`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ValidationError("--images", file, 'a JSON object: {"<service>": {"image": "<repo>@sha256:…"}}');
  }
  return Object.fromEntries(
    Object.entries(parsed as Record<string, { image?: unknown }>).map(([name, v]) => [
      name,
      String(v?.image),
    ]),
  );
}

/** Runs the command and returns the exit code. */
export async function main(argv: string[], io: Io, run: Run = spawnRun): Promise<number> {
  const args = parseOrReport(() => parseCommandLine(argv), io);
  if (args === undefined) return EXIT.usage;
  if (args === "help") {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  try {
    return await execute(args, io, run);
  } catch (err) {
    if (!isValidationError(err)) throw err;
    io.stderr(`error: ${err.message}\n`);
    return EXIT.usage;
  }
}

async function execute(args: ServicesArgs, io: Io, run: Run): Promise<number> {
  if (args.command === "preview") {
    return runPreview(args, io, (catalog, base, file) => changedSince(catalog, base, file, run, io));
  }
  const catalog = loadCatalog(args.catalog);
  if (args.command === "changed") {
    const names = await changedSince(catalog, args.base, args.catalog, run, io);
    io.stdout(`${JSON.stringify(names)}\n`);
    return EXIT.ok;
  }
  if (args.command === "list") {
    const list = serviceList(catalog, args.repository);
    if (args.base === undefined) io.stdout(`${JSON.stringify(list)}\n`);
    else {
      const names = await changedSince(catalog, args.base, args.catalog, run, io);
      io.stdout(`${JSON.stringify(list.map((s) => ({ ...s, changed: names.includes(s.name) })))}\n`);
    }
    return EXIT.ok;
  }
  const unknown = args.built.filter((name) => !catalog.services.some((s) => s.name === name));
  if (unknown.length > 0) {
    throw new ValidationError(
      "--built",
      unknown.join(","),
      `services of the catalog: ${catalog.services.map((s) => s.name).join(", ")}`,
    );
  }
  const plan = retagPlan(catalog, args.built, readImages(args.images), args.version);
  io.stdout(`${JSON.stringify(plan)}\n`);
  return EXIT.ok;
}

if (require.main === module) runEntry((argv, io) => main(argv, io));

async function changedSince(
  catalog: Catalog,
  base: string,
  catalogFile: string,
  run: Run,
  io: Io,
): Promise<string[]> {
  const [, ...pants] = pantsChangedArgs(base);
  const listed = await run("pants", pants);
  const files = (await run("git", ["diff", "--name-only", `${base}...HEAD`])).split("\n").filter(Boolean);
  const names = changedServices(catalog, listed, files, catalogFile);
  io.stderr(`changed since ${base}: ${names.length > 0 ? names.join(", ") : "no service"}\n`);
  return names;
}
