import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { isMap, isNode, isScalar, LineCounter, parseDocument } from "yaml";
import { didYouMean } from "../lib/did-you-mean";
import { ValidationError } from "../lib/errors";
import { fullKey, PROJECT_NAMESPACE } from "../stacks/config";

/** Config of a stack as the CLI would pass it: full keys to string values. */
export type StackConfig = Record<string, string>;

/**
 * The top-level keys of a stack settings file
 * (https://www.pulumi.com/docs/iac/concepts/projects/stack-settings-file/): anything else is a typo that
 * Pulumi would ignore with its config.
 */
const STACK_FILE_KEYS = ["config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment"];

/** Shown for `secure:` values, which cannot be decrypted offline. */
export const SECRET_PLACEHOLDER = "[secret]";

/**
 * Reads `Pulumi.<stack>.yaml` (if it exists) the way the CLI does: scalar values become strings,
 * objects and lists become JSON, encrypted values become a placeholder. A file the CLI would not accept
 * (broken YAML, `config` that is not a map, an empty value, a map or list for a `pantstack:` key, which
 * are all scalars) is a {@link ValidationError} whose key is `file:line:column`.
 */
export function readStackFile(rootDir: string, stack: string): StackConfig {
  const file = join(rootDir, `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) return {};
  const name = basename(file);
  const lineCounter = new LineCounter();
  const text = readFileSync(file, "utf8");
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number | undefined) => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return `${name}:${line}:${col}`;
  };
  const [syntax] = document.errors;
  if (syntax) {
    // The line as written is the value: what the user has to look at.
    const line = text.split("\n")[lineCounter.linePos(syntax.pos[0]).line - 1]?.trim();
    throw new ValidationError(at(syntax.pos[0]), line, `expected valid YAML: ${firstLine(syntax.message)}`);
  }
  const root = document.contents;
  if (root === null) return {};
  if (!isMap(root)) {
    throw new ValidationError(
      at(root.range?.[0]),
      root.toJSON(),
      "expected a map with a `config:` map in it",
    );
  }
  for (const pair of root.items) {
    const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
    if (!STACK_FILE_KEYS.includes(key)) {
      throw new ValidationError(
        `${at(isNode(pair.key) ? pair.key.range?.[0] : undefined)} ${key}`,
        undefined,
        `a stack file holds ${STACK_FILE_KEYS.join(", ")}${didYouMean(key, STACK_FILE_KEYS)}`,
      );
    }
  }
  const section = root.get("config", true);
  // `config:` with nothing under it is no config, as for the CLI.
  if (section === undefined || (isScalar(section) && section.value === null)) return {};
  if (!isMap(section)) {
    const value = isNode(section) ? section.toJSON() : section;
    const offset = isNode(section) ? section.range?.[0] : undefined;
    throw new ValidationError(`${at(offset)} config`, value, "expected a map of KEY: value");
  }
  const config: StackConfig = {};
  for (const pair of section.items) {
    const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
    const where = `${at(isNode(pair.key) ? pair.key.range?.[0] : undefined)} ${key}`;
    const value = isNode(pair.value) ? pair.value.toJSON() : pair.value;
    if (value === null) {
      throw new ValidationError(where, undefined, "expected a value; remove the key to use its default");
    }
    const structured = typeof value === "object" && !("secure" in value);
    if (structured && key.startsWith(`${PROJECT_NAMESPACE}:`)) {
      throw new ValidationError(where, value, "expected a string, a number or true/false, not a map or list");
    }
    config[key] = configString(value);
  }
  return config;
}

function firstLine(text: string): string {
  return text.split("\n")[0];
}

function configString(value: unknown): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "secure" in value) return SECRET_PLACEHOLDER;
  return JSON.stringify(value);
}

/** One `--config`: a full key and its value, for one stack or (without `stack`) for the planned stacks. */
export interface ConfigFlag {
  stack?: string;
  key: string;
  value: string;
}

const CONFIG_FLAG_HELP =
  "expected [STACK:]KEY=VALUE, e.g. pantstack:cpu=512, cpu=512 or prod:pantstack:cpu=512";

/**
 * Parses one `--config [STACK:]KEY=VALUE`. A bare key is in the project namespace (`cpu` is `pantstack:cpu`);
 * three parts (`preview-pr-7:pantstack:imageTag`) set the key for that stack only.
 */
export function parseConfigFlag(text: string): ConfigFlag {
  const at = text.indexOf("=");
  const match = /^(?:([A-Za-z0-9][\w.-]*):(?=[^:]+:[^:]+))?((?:[A-Za-z][\w-]*:)?[A-Za-z][\w-]*)$/.exec(
    at > 0 ? text.slice(0, at) : "",
  );
  if (!match) throw new ValidationError("--config", text, CONFIG_FLAG_HELP);
  const [, stack, key] = match;
  return { ...(stack ? { stack } : {}), key: fullKey(key), value: text.slice(at + 1) };
}
