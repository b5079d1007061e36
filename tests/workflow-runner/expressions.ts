import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { TemplateToken } from "@actions/workflow-parser/templates/tokens/index";
import { actionsLibs } from "./actions-libs";

/** Plain JSON, as contexts hold it and expressions return it. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** The contexts an expression may read (https://docs.github.com/actions/learn-github-actions/contexts). */
export type Contexts = Partial<
  Record<
    | "github"
    | "env"
    | "vars"
    | "secrets"
    | "inputs"
    | "needs"
    | "steps"
    | "job"
    | "runner"
    | "matrix"
    | "strategy",
    Json
  >
>;

/** What the status functions answer where the expression is evaluated (a job's `if:` or a step's). */
export interface Status {
  /** A previous step, or a needed job (or its own needs, transitively), failed. */
  failed: boolean;
  /** A needed job was skipped (counts against `success()` at job level, as GitHub documents). */
  skipped?: boolean;
  /** The run was cancelled. */
  cancelled: boolean;
  /** The job's workspace, where `hashFiles()` looks (only in a step's context). */
  workspace?: string;
}

const contextNames = [
  "github",
  "env",
  "vars",
  "secrets",
  "inputs",
  "needs",
  "steps",
  "job",
  "runner",
  "matrix",
  "strategy",
];

/**
 * Evaluates one expression (without `${{ }}`) with GitHub's own evaluator. The status functions are
 * the runner's: https://docs.github.com/actions/learn-github-actions/expressions#status-check-functions
 */
export async function evaluate(expression: string, contexts: Contexts, status: Status): Promise<Json> {
  const { expressions } = await actionsLibs();
  const { Lexer, Parser, Evaluator, data } = expressions;
  const TokenType = { STRING: 18 } as const;
  const bool = (value: boolean) => new data.BooleanData(value);
  const statusFunctions = [
    { name: "success", call: () => bool(!status.failed && !status.skipped && !status.cancelled) },
    { name: "failure", call: () => bool(status.failed && !status.cancelled) },
    { name: "always", call: () => bool(true) },
    { name: "cancelled", call: () => bool(status.cancelled) },
  ].map((f) => ({ ...f, minArgs: 0, maxArgs: 0 }));
  if (status.workspace !== undefined) {
    const workspace = status.workspace;
    statusFunctions.push({
      name: "hashFiles",
      minArgs: 1,
      maxArgs: 255,
      call: (...patterns: { coerceString(): string }[]) =>
        new data.StringData(
          hashFiles(
            workspace,
            patterns.map((p) => p.coerceString()),
          ),
        ),
    } as unknown as (typeof statusFunctions)[number]);
  }
  const tokens = new Lexer(expression).lex().tokens;
  // The lexer (0.3.61) unescapes only the first `''` of a string literal (`value.replace("''", "'")`);
  // GitHub's runner unescapes all of them, and a `run:` with `${{ }}` becomes one format() literal.
  for (const token of tokens) {
    if (token.type === TokenType.STRING) token.value = token.lexeme.slice(1, -1).replaceAll("''", "'");
  }
  const ast = new Parser(tokens, contextNames, statusFunctions).parse();
  const context = JSON.parse(JSON.stringify(withDefaults(contexts)), data.reviver);
  const result = new Evaluator(
    ast,
    context,
    new Map(statusFunctions.map((f) => [f.name.toLowerCase(), f])),
  ).evaluate();
  return JSON.parse(JSON.stringify(result, data.replacer)) as Json;
}

/**
 * `hashFiles(patterns)`: the SHA-256 of the SHA-256s of the matching files under the workspace, sorted by path;
 * "" when none match (https://docs.github.com/actions/reference/workflows-and-actions/expressions#hashfiles).
 * `node_modules` is left out: here it is a link to the project's installed packages, which `npm ci` would
 * not have created yet where the workflows call it.
 */
export function hashFiles(workspace: string, patterns: string[]): string {
  const files = new Set<string>();
  for (const pattern of patterns)
    for (const file of fs.globSync(pattern, {
      cwd: workspace,
      exclude: (f) => f === "node_modules" || f.startsWith("node_modules/"),
    }))
      if (fs.statSync(path.join(workspace, file)).isFile()) files.add(file);
  if (files.size === 0) return "";
  const outer = crypto.createHash("sha256");
  for (const file of [...files].sort())
    outer.update(
      crypto
        .createHash("sha256")
        .update(fs.readFileSync(path.join(workspace, file)))
        .digest(),
    );
  return outer.digest("hex");
}

/** GitHub's truthiness: false, 0, -0, "", null and NaN are falsy. */
export function truthy(value: Json): boolean {
  return !(value === false || value === 0 || value === "" || value === null || Number.isNaN(value));
}

/** Evaluates a template token (literal, expression, mapping or sequence) to JSON. */
export async function evaluateToken(
  token: TemplateToken | undefined,
  contexts: Contexts,
  status: Status,
): Promise<Json> {
  if (token === undefined) return null;
  const { workflowParser: p } = await actionsLibs();
  if (p.isBasicExpression(token)) return evaluate(token.expression, contexts, status);
  if (p.isString(token)) return token.value;
  if (p.isNumber(token)) return token.value;
  if (p.isBoolean(token)) return token.value;
  if (p.isMapping(token)) {
    const out: Record<string, Json> = {};
    for (const pair of token)
      out[String(await evaluateToken(pair.key, contexts, status))] = await evaluateToken(
        pair.value,
        contexts,
        status,
      );
    return out;
  }
  if (p.isSequence(token)) {
    const out: Json[] = [];
    for (let i = 0; i < token.count; i++) out.push(await evaluateToken(token.get(i), contexts, status));
    return out;
  }
  return null;
}

/** An expression's value as the string a `run:`, `with:` or `env:` value receives. */
export function asString(value: Json): string {
  if (value === null) return "";
  if (typeof value === "object") return JSON.stringify(value, null, 2);
  return String(value);
}

function withDefaults(contexts: Contexts): Contexts {
  const out: Contexts = {};
  for (const name of contextNames) out[name as keyof Contexts] = contexts[name as keyof Contexts] ?? {};
  return out;
}
