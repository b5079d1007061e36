// The smoke check: probe until the service is healthy or the time is up, with backoff between tries.
import * as pep440 from "@renovatebot/pep440";
import * as semver from "semver";
import type { ProbeResult } from "./probe";

/** What "healthy" means and how long to wait for it. */
export interface SmokeOptions {
  url: URL;
  /** The version the service must report; undefined: any. */
  expectVersion?: string;
  /** Give up after this many milliseconds. */
  timeoutMs: number;
  /** Wait before the second try; doubled after each try up to `maxIntervalMs`. */
  intervalMs: number;
  maxIntervalMs: number;
  /** Fail when the certificate expires in fewer days than this (HTTPS). */
  minCertificateDays: number;
}

/** The clients the loop uses: the probe, a clock and a sleep (tests may pass real ones with short times). */
export interface SmokeDependencies {
  probe: (url: URL) => Promise<ProbeResult>;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Called with one line per try. */
  report: (line: string) => void;
}

/** How the check ended. */
export interface SmokeOutcome {
  healthy: boolean;
  tries: number;
  elapsedMs: number;
  /** The last try's verdict: "healthy" or what was wrong. */
  reason: string;
  last: ProbeResult;
}

/**
 * Compares versions as semver when both are semver (`v1.3.0` = `1.3.0`), else as PEP 440 when both are
 * (a Python service reports `1.3.0.dev1` for the release `1.3.0-dev.1`), else as strings.
 */
export function sameVersion(reported: string, expected: string): boolean {
  const a = semver.valid(reported);
  const b = semver.valid(expected);
  if (a !== null && b !== null) return semver.eq(a, b);
  if (pep440.valid(reported) !== null && pep440.valid(expected) !== null)
    return pep440.eq(reported, expected);
  return reported === expected;
}

/** What is wrong with one try, or undefined when it is healthy. */
export function problemOf(result: ProbeResult, options: SmokeOptions): string | undefined {
  if (result.error) return result.error;
  if (result.status === undefined || result.status < 200 || result.status > 299) {
    return `status ${result.status}, expected 2xx`;
  }
  if (result.certificateDaysLeft !== undefined && result.certificateDaysLeft < options.minCertificateDays) {
    return `TLS certificate expires in ${result.certificateDaysLeft} days, fewer than ${options.minCertificateDays}`;
  }
  if (options.expectVersion !== undefined) {
    if (result.version === undefined) return `no version reported, expected ${options.expectVersion}`;
    if (!sameVersion(result.version, options.expectVersion)) {
      return `version ${result.version}, expected ${options.expectVersion}`;
    }
  }
  return undefined;
}

function describeTry(n: number, elapsedMs: number, result: ProbeResult, problem: string | undefined): string {
  const parts = [`try ${n}`, `${(elapsedMs / 1000).toFixed(1)}s`];
  if (result.status !== undefined) parts.push(`status ${result.status}`);
  if (result.version !== undefined) parts.push(`version ${result.version}`);
  if (result.certificateDaysLeft !== undefined) parts.push(`certificate ${result.certificateDaysLeft}d left`);
  parts.push(problem === undefined ? "healthy" : `not healthy: ${problem}`);
  return parts.join(" | ");
}

/**
 * Probes until healthy (2xx, certificate valid for the host and not expiring too soon, the expected version)
 * or until `timeoutMs` has passed. Every failure is retried: during a rolling deploy old tasks still answer
 * with the old version, and a new load balancer may refuse connections for a while.
 */
export async function runSmoke(options: SmokeOptions, deps: SmokeDependencies): Promise<SmokeOutcome> {
  const start = deps.now();
  let interval = options.intervalMs;
  for (let tries = 1; ; tries++) {
    const last = await deps.probe(options.url);
    const elapsedMs = deps.now() - start;
    const problem = problemOf(last, options);
    deps.report(describeTry(tries, elapsedMs, last, problem));
    if (problem === undefined) return { healthy: true, tries, elapsedMs, reason: "healthy", last };
    const remaining = options.timeoutMs - elapsedMs;
    if (remaining <= 0) return { healthy: false, tries, elapsedMs, reason: problem, last };
    await deps.sleep(Math.min(interval, remaining));
    interval = Math.min(interval * 2, options.maxIntervalMs);
  }
}
