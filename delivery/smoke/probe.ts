// One try of the smoke check: an HTTP(S) GET with Node's TLS verification (chain, expiry, host name) on.
import * as http from "node:http";
import * as https from "node:https";
import type { TLSSocket } from "node:tls";

/** Where the service reports its version. */
export type VersionSource = { kind: "json"; field: string } | { kind: "header"; name: string };

/** What one try saw. */
export interface ProbeResult {
  /** The HTTP status, when a response came. */
  status?: number;
  /** The version the service reported, when asked for and found. */
  version?: string;
  /** Days until the server certificate expires (HTTPS only). */
  certificateDaysLeft?: number;
  /** Why there was no usable response: connection, TLS or timeout, in words. */
  error?: string;
}

/** How to probe. */
export interface ProbeOptions {
  /** Where the version is read; undefined: not read. */
  version?: VersionSource;
  /** Per-try timeout in milliseconds. */
  timeoutMs: number;
  /** Extra trusted CA certificates (PEM), e.g. a test's self-signed certificate. @default - Node's CAs */
  ca?: string | Buffer;
  /** The clock, for certificate expiry. */
  now: () => Date;
}

/** TLS and socket error codes in words. */
const ERRORS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ETIMEDOUT: "timed out",
  CERT_HAS_EXPIRED: "TLS certificate has expired",
  CERT_NOT_YET_VALID: "TLS certificate is not yet valid",
  ERR_TLS_CERT_ALTNAME_INVALID: "TLS certificate is not valid for this host",
  DEPTH_ZERO_SELF_SIGNED_CERT: "TLS certificate is self-signed and not trusted",
  SELF_SIGNED_CERT_IN_CHAIN: "TLS certificate chain ends in an untrusted self-signed certificate",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS certificate is not signed by a trusted authority",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "TLS certificate is not signed by a trusted authority",
};

function describeError(err: NodeJS.ErrnoException): string {
  const words = err.code ? ERRORS[err.code] : undefined;
  return words ? `${words} (${err.code})` : err.message;
}

/** Reads a dotted field (`build.version`) from a parsed JSON body. */
export function jsonField(body: unknown, field: string): string | undefined {
  let value: unknown = body;
  for (const part of field.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

/** Makes one GET request and reports what came back; never throws. */
export function probe(url: URL, options: ProbeOptions): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const client = url.protocol === "https:" ? https : http;
    const request = client.get(
      url,
      {
        timeout: options.timeoutMs,
        ...(url.protocol === "https:" ? { ca: options.ca, rejectUnauthorized: true, agent: false } : {}),
        headers: { accept: "application/json", "user-agent": "pantstack-smoke" },
      },
      (response) => {
        const result: ProbeResult = { status: response.statusCode };
        const socket = response.socket as TLSSocket;
        if (typeof socket.getPeerCertificate === "function") {
          const validTo = Date.parse(socket.getPeerCertificate().valid_to);
          result.certificateDaysLeft = Math.floor((validTo - options.now().getTime()) / 86_400_000);
        }
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const source = options.version;
          if (source?.kind === "header") {
            const header = response.headers[source.name.toLowerCase()];
            result.version = Array.isArray(header) ? header[0] : header;
          } else if (source?.kind === "json") {
            try {
              result.version = jsonField(JSON.parse(Buffer.concat(chunks).toString("utf8")), source.field);
            } catch {
              result.version = undefined;
            }
          }
          resolve(result);
        });
        response.on("error", (err) => resolve({ ...result, error: describeError(err) }));
      },
    );
    request.on("timeout", () =>
      request.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })),
    );
    request.on("error", (err: NodeJS.ErrnoException) => resolve({ error: describeError(err) }));
  });
}
