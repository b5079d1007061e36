// Fakes for the drift scenario: `npm` and `pulumi` on PATH, and GitHub's issues API on a local port.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { githubIssuesFake } from "../delivery/drift/github-issues-fake";

const ROOT = path.resolve(__dirname, "../..");

/**
 * `npm ci` does nothing (the repository's node_modules are used); `npm run [-s] <script> -- args` runs the
 * script's `tsx <file>` from package.json in the repository, in the step's directory. The runner's hosts
 * are github.com's: FAKE_GITHUB_API_URL stands in for api.github.com (as a DNS entry would).
 */
const NPM = `#!/usr/bin/env node
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const root = process.env.FAKE_REPO_ROOT;
const args = process.argv.slice(2);
if (args[0] === "ci") process.exit(0);
if (args[0] !== "run") { console.error("fake npm: only ci and run"); process.exit(99); }
let i = 1;
while (args[i] && args[i].startsWith("-")) i++;
const script = args[i];
const rest = args.slice(i + 1);
const tool = require(path.join(root, "package.json")).scripts[script];
const file = /^tsx (\\S+)$/.exec(tool || "");
if (!file) { console.error("fake npm: no tsx script " + script); process.exit(99); }
const env = { ...process.env };
if (env.FAKE_GITHUB_API_URL) env.GITHUB_API_URL = env.FAKE_GITHUB_API_URL;
const result = spawnSync(path.join(root, "node_modules/.bin/tsx"), [path.join(root, file[1]), ...(rest[0] === "--" ? rest.slice(1) : rest)], { stdio: "inherit", env });
process.exit(result.status === null ? 1 : result.status);
`;

/**
 * The Pulumi CLI's preview as the drift check uses it, over a state file `{ "<stack>": "<diff>" | null }`
 * (null: AWS matches the program; "LOCKED": another update holds the stack, so the preview fails). Like the real CLI: a change prints its diff on stdout; only with
 * --expect-no-changes is it an error ("error: no changes were expected but changes were proposed" on
 * stderr, exit 255). Every call is appended to FAKE_PULUMI_CALLS.
 */
const PULUMI = `#!/usr/bin/env node
const fs = require("node:fs");
const args = process.argv.slice(2);
fs.appendFileSync(process.env.FAKE_PULUMI_CALLS, JSON.stringify(args) + "\\n");
if (args[0] !== "preview") { console.error("fake pulumi: only preview"); process.exit(99); }
if (!process.env.PULUMI_ACCESS_TOKEN) { console.error("error: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions"); process.exit(255); }
const stack = args[args.indexOf("--stack") + 1];
const diff = JSON.parse(fs.readFileSync(process.env.FAKE_PULUMI_STATE, "utf8"))[stack];
if (diff === undefined) { console.error("error: no stack named '" + stack + "' found"); process.exit(255); }
if (diff === "LOCKED") { console.error("error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with \`pulumi cancel\`."); process.exit(255); }
console.log("Previewing update (" + stack + "):");
if (diff === null) { console.log("Resources:\\n    41 unchanged"); process.exit(0); }
console.log(diff);
if (args.includes("--expect-no-changes")) { console.error("error: no changes were expected but changes were proposed"); process.exit(255); }
`;

/** The fake tools in a bin folder, the state file the fake Pulumi reads, and the calls it recorded. */
export function driftTools(dir: string) {
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, "npm"), NPM, { mode: 0o755 });
  fs.writeFileSync(path.join(bin, "pulumi"), PULUMI, { mode: 0o755 });
  const state = path.join(dir, "pulumi-state.json");
  const calls = path.join(dir, "pulumi-calls.jsonl");
  fs.writeFileSync(calls, "");
  return {
    env: {
      PATH: [bin, path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter),
      FAKE_REPO_ROOT: ROOT,
      FAKE_PULUMI_STATE: state,
      FAKE_PULUMI_CALLS: calls,
    },
    /** Sets what AWS holds against each stack's program: a diff, null for none, "LOCKED" for a failing preview. */
    drift(stacks: Record<string, string | null>) {
      fs.writeFileSync(state, JSON.stringify(stacks));
    },
    calls: () =>
      fs
        .readFileSync(calls, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as string[]),
  };
}

/** GitHub's issues API (the stateful fake) served on 127.0.0.1, for the tool processes the runner spawns. */
export async function githubIssuesServer(owner: string, repo: string) {
  let fake: ReturnType<typeof githubIssuesFake> | undefined;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    const response = await (fake as ReturnType<typeof githubIssuesFake>).fetch(`${url}${req.url}`, {
      method: req.method,
      ...(body ? { body } : {}),
    });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(await response.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake = githubIssuesFake(owner, repo, [], url);
  return {
    url,
    issues: fake.issues,
    requests: fake.requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
