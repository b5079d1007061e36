// Entry of `npm run smoke`: polls a deployed service until it is healthy or the time is up.
import { readFileSync } from "node:fs";
import { ValidationError } from "../../lib/errors";
import { DEFAULT_CATALOG_FILE, loadCatalog } from "../../stacks/catalog";
import { EXIT, type Io, numberFlag, parseFlags, parseOrReport, runEntry } from "../cli/command-line";
import { probe, type VersionSource } from "./probe";
import { runSmoke, type SmokeOptions } from "./smoke";

export const USAGE = `usage: npm run smoke -- --url URL [--path /health] [--timeout 120]
         | --services FILE [--catalog FILE] [--timeout 120]
         | --urls FILE [--catalog FILE] [--timeout 120]
         [--expect-version X] [--version-field version | --version-header NAME]
         [--interval 2] [--max-interval 15] [--request-timeout 5]
         [--min-cert-days 0] [--ca FILE]

GETs URL + --path until the answer is healthy: status 2xx; for https a
certificate valid for the host and not expired (nor expiring within
--min-cert-days); with --expect-version, the version the service reports, read
from a JSON field (--version-field, dotted, default "version") or a response
header (--version-header). Waits --interval seconds after the first try,
doubling up to --max-interval, for at most --timeout seconds. --ca adds trusted
CA certificates (PEM). One line per try on stderr, the verdict on stdout.

--services checks every web service of a stack at once instead: FILE is the
stack's \`services\` output (pulumi stack output services --json), each web
service's address with its catalog healthPath (services.yaml, or --catalog).
--urls checks the web services a preview runs: FILE is its \`urls\` output
({"<service>": "<URL>"}), each URL with the service's catalog healthPath; an
empty map (a preview of no web service) has nothing to check.
Exit 0: healthy (all of them); 1: not healthy by the timeout; 2: bad usage.`;

const OPTIONS = {
  url: { type: "string" },
  path: { type: "string" },
  services: { type: "string" },
  urls: { type: "string" },
  catalog: { type: "string" },
  timeout: { type: "string" },
  "expect-version": { type: "string" },
  "version-field": { type: "string" },
  "version-header": { type: "string" },
  interval: { type: "string" },
  "max-interval": { type: "string" },
  "request-timeout": { type: "string" },
  "min-cert-days": { type: "string" },
  ca: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** The parsed command line. */
export interface SmokeArgs extends SmokeOptions {
  /** `--services`: check each web service in this `services` stack output instead of `url`. */
  servicesFile?: string;
  /** `--urls`: check each web service in this `urls` stack output (a preview's) instead of `url`. */
  urlsFile?: string;
  /** The catalog that gives each service's health path. */
  catalogFile: string;
  version: VersionSource;
  requestTimeoutMs: number;
  /** A PEM file of extra trusted CA certificates. */
  caFile?: string;
}

/** Validates the command line (no side effects); throws a {@link ValidationError} naming the flag. */
export function parseCommandLine(argv: string[]): SmokeArgs | "help" {
  const values = parseFlags(argv, OPTIONS);
  if (values.help) return "help";
  if (values.services !== undefined && values.urls !== undefined) {
    throw new ValidationError("--urls", values.urls, "give --services or --urls, not both");
  }
  const file = values.services ?? values.urls;
  if (file !== undefined && (values.url !== undefined || values.path !== undefined)) {
    throw new ValidationError(
      values.url !== undefined ? "--url" : "--path",
      values.url ?? values.path,
      `give --url (and --path) or ${values.services !== undefined ? "--services" : "--urls"}, not both`,
    );
  }
  if (file === undefined && values.url === undefined) {
    throw new ValidationError("--url", undefined, "give the service's URL, or --services, or --urls");
  }
  const base = checkUrl("--url", values.url ?? "https://placeholder.invalid");
  const path = values.path ?? "/health";
  if (!path.startsWith("/")) throw new ValidationError("--path", path, "expected a path starting with /");
  if (values["version-field"] !== undefined && values["version-header"] !== undefined) {
    throw new ValidationError(
      "--version-header",
      values["version-header"],
      "give --version-field or --version-header, not both",
    );
  }
  const field = values["version-field"] ?? "version";
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(field)) {
    throw new ValidationError(
      "--version-field",
      field,
      "expected a dotted JSON field name such as version or build.version",
    );
  }
  const header = values["version-header"];
  if (header !== undefined && !/^[A-Za-z0-9-]+$/.test(header)) {
    throw new ValidationError("--version-header", header, "expected an HTTP header name such as x-version");
  }
  const expectVersion = values["expect-version"];
  if (expectVersion !== undefined && expectVersion.trim() === "") {
    throw new ValidationError("--expect-version", expectVersion, "expected a version such as 1.3.0");
  }
  const seconds = (flag: keyof typeof OPTIONS, fallback: number, min: number, max: number) =>
    numberFlag(`--${flag}`, values[flag] as string | undefined, fallback, min, max) * 1000;
  const intervalMs = seconds("interval", 2, 0.01, 600);
  return {
    // --path goes after the URL's own path: https://host/api + /health = https://host/api/health.
    url: joined(base, path),
    expectVersion,
    // Read even when not checked: each try's line shows what is running.
    version: header ? { kind: "header", name: header } : { kind: "json", field },
    timeoutMs: seconds("timeout", 120, 0.1, 3600),
    intervalMs,
    maxIntervalMs: Math.max(intervalMs, seconds("max-interval", 15, 0.01, 600)),
    requestTimeoutMs: seconds("request-timeout", 5, 0.05, 120),
    minCertificateDays: numberFlag("--min-cert-days", values["min-cert-days"], 0, 0, 3650),
    caFile: values.ca,
    servicesFile: values.services,
    urlsFile: values.urls,
    catalogFile: values.catalog ?? DEFAULT_CATALOG_FILE,
  };
}

function checkUrl(key: string, text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError(key, text, "expected an absolute http:// or https:// URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ValidationError(key, text, "expected an absolute http:// or https:// URL");
  }
  return url;
}

/** `https://host/api` + `/health` = `https://host/api/health`. */
const joined = (base: URL, path: string) => new URL(base.pathname.replace(/\/$/, "") + path, base);

/** What to check: the one URL, or each web service of a `services` stack output at its health path. */
export function smokeTargets(args: SmokeArgs): { name?: string; url: URL }[] {
  if (args.urlsFile !== undefined) return previewTargets(args.urlsFile, args.catalogFile);
  if (args.servicesFile === undefined) return [{ url: args.url }];
  let outputs: Record<string, { kind?: unknown; address?: unknown }>;
  try {
    outputs = JSON.parse(readFileSync(args.servicesFile, "utf8"));
  } catch (err) {
    throw new ValidationError(
      "--services",
      args.servicesFile,
      `a JSON file (${(err as Error).message.split("\n")[0]})`,
    );
  }
  const catalog = loadCatalog(args.catalogFile);
  const web = catalog.services.filter((s) => s.kind === "web");
  return web.map((service) => {
    const address = outputs?.[service.name]?.address;
    if (typeof address !== "string") {
      throw new ValidationError(
        "--services",
        args.servicesFile,
        `the stack output has no address for web service ${service.name}: deploy it first, or check --catalog`,
      );
    }
    return {
      name: service.name,
      url: joined(checkUrl(`--services ${service.name}`, address), service.healthPath),
    };
  });
}

/** Each service of a preview's `urls` output (`{"web": "https://…"}`) at its catalog health path. */
function previewTargets(file: string, catalogFile: string): { name: string; url: URL }[] {
  let urls: unknown;
  try {
    urls = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new ValidationError("--urls", file, `a JSON file (${(err as Error).message.split("\n")[0]})`);
  }
  if (urls === null || typeof urls !== "object" || Array.isArray(urls)) {
    throw new ValidationError("--urls", file, 'a JSON object of service to URL: {"web": "https://…"}');
  }
  const catalog = loadCatalog(catalogFile);
  return Object.entries(urls as Record<string, unknown>).map(([name, address]) => {
    const service = catalog.services.find((s) => s.name === name);
    if (service === undefined || service.kind !== "web") {
      const web = catalog.services.filter((s) => s.kind === "web").map((s) => s.name);
      throw new ValidationError(
        `--urls ${name}`,
        file,
        `expected web services of the catalog: ${web.join(", ")}`,
      );
    }
    if (typeof address !== "string") {
      throw new ValidationError(`--urls ${name}`, String(address), "expected the service's URL as a string");
    }
    return { name, url: joined(checkUrl(`--urls ${name}`, address), service.healthPath) };
  });
}

/** Runs the smoke check and returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const args = parseOrReport(() => parseCommandLine(argv), io);
  if (args === undefined) return EXIT.usage;
  if (args === "help") {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  const ca = parseOrReport(() => readCa(args.caFile), io);
  if (ca === undefined && args.caFile !== undefined) return EXIT.usage;
  const targets = parseOrReport(() => smokeTargets(args), io);
  if (targets === undefined) return EXIT.usage;
  if (targets.length === 0) {
    io.stdout("no web service runs: nothing to check\n");
    return EXIT.ok;
  }
  // Services are checked side by side: one slow service does not eat the others' time.
  const healthy = await Promise.all(
    targets.map(async ({ name, url }) => {
      const label = name === undefined ? "" : `${name}: `;
      io.stderr(
        `smoke: ${label}${url.href}${args.expectVersion ? ` expecting version ${args.expectVersion}` : ""}\n`,
      );
      const outcome = await runSmoke(
        { ...args, url },
        {
          probe: (u) =>
            probe(u, { version: args.version, timeoutMs: args.requestTimeoutMs, ca, now: () => new Date() }),
          now: () => Date.now(),
          sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
          report: (line) => io.stderr(`${label}${line}\n`),
        },
      );
      const after = `after ${outcome.tries} ${outcome.tries === 1 ? "try" : "tries"} (${(outcome.elapsedMs / 1000).toFixed(1)}s)`;
      if (outcome.healthy) {
        const version = outcome.last.version ? ` version ${outcome.last.version}` : "";
        io.stdout(`healthy: ${url.href} status ${outcome.last.status}${version} ${after}\n`);
        return true;
      }
      io.stdout(`not healthy: ${url.href} ${outcome.reason} ${after}\n`);
      return false;
    }),
  );
  return healthy.every(Boolean) ? EXIT.ok : EXIT.finding;
}

function readCa(file: string | undefined): Buffer | undefined {
  if (file === undefined) return undefined;
  try {
    return readFileSync(file);
  } catch (err) {
    throw new ValidationError("--ca", file, `expected a readable PEM file (${(err as Error).message})`);
  }
}

if (require.main === module) runEntry(main);
