import { parse } from "shell-quote";
import { expressionsIn } from "./workflow-files";

/** One `npm run <script> -- <args>` in a shell script, with its arguments as the shell would pass them. */
export interface NpmRunCall {
  script: string;
  args: string[];
}

/** Resolves a shell variable (`$PR_NUMBER`) to the value the step would see; undefined when unknown. */
export type VariableResolver = (name: string) => string | undefined;

/**
 * Finds every `npm run [-s|--silent] <script> [-- <args>]` in a shell script and returns the arguments npm
 * passes to the script, after the shell's quoting and variable expansion (`"$PR_NUMBER"` through
 * `resolve`). Line continuations are joined. A variable `resolve` does not know, or a command substitution
 * in the arguments, is an error: the tool would receive something the test cannot reproduce.
 */
export function npmRunCalls(shell: string, resolve: VariableResolver): NpmRunCall[] {
  const calls: NpmRunCall[] = [];
  for (const line of shell.replace(/\\\n/g, " ").split("\n")) {
    if (!/\bnpm\s+run\b/.test(line)) continue;
    if (/\$\(/.test(line.slice(line.search(/\bnpm\s+run\b/)))) {
      throw new Error(`command substitution in the arguments of: ${line.trim()}`);
    }
    // Unknown variables are marked, and refused only where they reach a tool's arguments.
    const tokens = parse(line, (name: string) => resolve(name) ?? `${UNRESOLVED}${name}${UNRESOLVED}`);
    for (const call of callsInTokens(tokens)) {
      const unresolved = call.args.join(" ").match(new RegExp(`${UNRESOLVED}(.*?)${UNRESOLVED}`));
      if (unresolved) throw new Error(`unresolved shell variable $${unresolved[1]} in: ${line.trim()}`);
      calls.push(call);
    }
  }
  return calls;
}

const UNRESOLVED = "\u0000";

type Token = ReturnType<typeof parse>[number];

/** Splits parsed tokens into commands at shell operators and picks the `npm run` ones. */
function callsInTokens(tokens: Token[]): NpmRunCall[] {
  const commands: string[][] = [[]];
  for (const token of tokens) {
    if (typeof token === "string") commands[commands.length - 1].push(token);
    else if ("comment" in token) break;
    else commands.push([]);
  }
  const calls: NpmRunCall[] = [];
  for (const words of commands) {
    const at = words.findIndex((w, i) => w === "npm" && words[i + 1] === "run");
    if (at < 0) continue;
    let next = at + 2;
    while (words[next]?.startsWith("-")) next++; // npm's own flags (-s, --silent) come before the script
    const [script, ...after] = words.slice(next);
    if (!script) throw new Error(`npm run without a script: ${words.join(" ")}`);
    calls.push({ script, args: after[0] === "--" ? after.slice(1) : after });
  }
  return calls;
}

/**
 * Replaces every `${{ expression }}` in an env value with the example the tests use for it. An expression
 * without an example is an error, so a new one in a workflow must get a realistic value here.
 */
export function withExamples(value: string, examples: Readonly<Record<string, string>>): string {
  for (const expression of expressionsIn(value)) {
    if (!(expression in examples)) throw new Error(`no example value for \${{ ${expression} }}`);
  }
  return value.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, e: string) => examples[e.trim()]);
}
