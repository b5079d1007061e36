import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { ValidationError } from "../lib/errors";
import { fullKey } from "../stacks/config";

/** Config of a stack as the CLI would pass it: full keys to string values. */
export type StackConfig = Record<string, string>;

/** Shown for `secure:` values, which cannot be decrypted offline. */
export const SECRET_PLACEHOLDER = "[secret]";

/**
 * Reads `Pulumi.<stack>.yaml` (if it exists) the way the CLI does: scalar values become strings,
 * objects and lists become JSON, encrypted values become a placeholder.
 */
export function readStackFile(rootDir: string, stack: string): StackConfig {
  const file = join(rootDir, `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) return {};
  const document = parse(readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
  const config: StackConfig = {};
  for (const [key, value] of Object.entries(document?.config ?? {})) {
    config[key] = configString(value);
  }
  return config;
}

function configString(value: unknown): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "secure" in value) return SECRET_PLACEHOLDER;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/**
 * Parses one `--config KEY=VALUE`. A bare key is in the project namespace (`domain` is `pantstack:domain`).
 */
export function parseConfigOverride(text: string): [string, string] {
  const at = text.indexOf("=");
  const key = at > 0 ? text.slice(0, at) : "";
  if (!/^(?:[A-Za-z][\w-]*:)?[A-Za-z][\w-]*$/.test(key)) {
    throw new ValidationError("--config", text, "expected KEY=VALUE, e.g. pantstack:cpu=512 or cpu=512");
  }
  return [fullKey(key), text.slice(at + 1)];
}
