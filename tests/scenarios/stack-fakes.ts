// A stateful fake `pulumi` for the guard and freeze scenarios: one stack `prod` whose lock, pending
// operations, tags and outputs live in a JSON file, answering the commands the Automation API runs as the
// CLI prints them (`stack ls --json` with `updateInProgress`, `stack history --json` newest first with the
// running update `in-progress`, `stack export` as `{version, deployment}`, `cancel` ending the update).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export interface FakeStackState {
  /** The update holding the lock (a killed `pulumi up`), started at this ISO time; null: unlocked. */
  lockedSince: string | null;
  pending: { type: string; urn: string }[];
  tags: Record<string, string>;
  outputs: Record<string, unknown>;
}

const PULUMI = `#!/usr/bin/env node
const fs = require("node:fs");
const args = process.argv.slice(2);
fs.appendFileSync(process.env.FAKE_PULUMI_CALLS, JSON.stringify(args) + "\\n");
const file = process.env.FAKE_PULUMI_STATE;
const s = JSON.parse(fs.readFileSync(file, "utf8"));
const save = () => fs.writeFileSync(file, JSON.stringify(s));
const out = (v) => { process.stdout.write(typeof v === "string" ? v : JSON.stringify(v)); process.exit(0); };
const [a, b, c] = args;
if (a === "version") out("v3.276.0\\n");
if (!process.env.PULUMI_ACCESS_TOKEN) { console.error("error: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions"); process.exit(255); }
if (a === "stack" && b === "ls") out([{ name: "prod", current: false, updateInProgress: s.lockedSince !== null, ...(s.lockedSince ? {} : { lastUpdate: "2026-12-01T00:00:00.000Z" }) }]);
if (a === "stack" && b === "select") out("");
if (a === "stack" && b === "history") out([...(s.lockedSince ? [{ version: 9, kind: "update", result: "in-progress", startTime: s.lockedSince }] : []), { version: 8, kind: "update", result: "succeeded", startTime: "2026-12-01T00:00:00.000Z", endTime: "2026-12-01T00:05:00.000Z" }]);
if (a === "stack" && b === "export") out({ version: 3, deployment: { manifest: {}, resources: [], pending_operations: s.pending.map((p) => ({ resource: { urn: p.urn }, type: p.type })) } });
if (a === "cancel") { if (!s.lockedSince) { console.error("error: no stack update is in progress"); process.exit(255); } s.lockedSince = null; save(); out("The currently running update for 'prod' has been canceled!\\n"); }
if (a === "stack" && b === "tag" && c === "ls") out(s.tags);
if (a === "stack" && b === "tag" && c === "set") { s.tags[args[3]] = args[4]; save(); out(""); }
if (a === "stack" && b === "tag" && c === "rm") { delete s.tags[args[3]]; save(); out(""); }
if (a === "stack" && b === "output") out(Object.fromEntries(Object.entries(s.outputs)));
console.error("fake pulumi: unexpected " + args.join(" ")); process.exit(99);
`;

/** The fake's folder, its state file, and what it recorded. */
export function stackTools(dir: string, state: FakeStackState) {
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, "pulumi"), PULUMI, { mode: 0o755 });
  const stateFile = path.join(dir, "pulumi-state.json");
  const callsFile = path.join(dir, "pulumi-calls.jsonl");
  fs.writeFileSync(stateFile, JSON.stringify(state));
  fs.writeFileSync(callsFile, "");
  return {
    env: {
      PATH: `${bin}:${process.env.PATH ?? ""}`,
      FAKE_PULUMI_STATE: stateFile,
      FAKE_PULUMI_CALLS: callsFile,
    },
    state: () => JSON.parse(fs.readFileSync(stateFile, "utf8")) as FakeStackState,
    calls: () =>
      fs
        .readFileSync(callsFile, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as string[]),
  };
}

/**
 * A job's workspace: the repository's top-level entries linked into `dir/workspace`, so steps run the
 * repository's tools while the files they write (freeze.json, ...) stay in the temporary folder.
 */
export function workspace(root: string, dir: string): string {
  const ws = path.join(dir, "workspace");
  fs.mkdirSync(ws, { recursive: true });
  for (const entry of fs.readdirSync(root)) {
    if (entry !== ".git") fs.symlinkSync(path.join(root, entry), path.join(ws, entry));
  }
  return ws;
}

/** Runs a step's script as the runner does (bash -e -o pipefail) in `cwd` with `env`. */
export function bash(script: string, cwd: string, env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("close", (code) => done({ code: code ?? 1, stdout, stderr }));
  });
}
