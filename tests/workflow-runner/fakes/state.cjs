// Shared by the recorded fakes (fakes/bin/*) and by the scenario API in the test process: every call is a
// JSON line in $FAKE_RECORD, and each fake keeps its state as JSON under $FAKE_STATE_DIR. Jobs run at the same
// time, so a read-modify-write of a state file holds a lock (an exclusive `mkdir`).
const fs = require("node:fs");
const path = require("node:path");

function stateDir(env = process.env) {
  const dir = env.FAKE_STATE_DIR;
  if (!dir) throw new Error("FAKE_STATE_DIR is not set: the fakes run only inside a scenario");
  return dir;
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Reads `<name>.json` (or `fallback` when absent). */
function read(name, fallback, env = process.env) {
  const file = path.join(stateDir(env), `${name}.json`);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : fallback;
}

/** Writes `<name>.json` atomically (a rename), so a reader never sees half a file. */
function write(name, value, env = process.env) {
  const file = path.join(stateDir(env), `${name}.json`);
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`);
  fs.renameSync(temp, file);
}

/** Runs `fn(state)` on `<name>.json` under its lock and writes back what `fn` left; returns `fn`'s value. */
function update(name, fallback, fn, env = process.env) {
  const lock = path.join(stateDir(env), `${name}.lock`);
  for (let i = 0; ; i++) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (err) {
      if (err.code !== "EEXIST" || i > 2000) throw err;
      sleep(5);
    }
  }
  try {
    const state = read(name, fallback, env);
    try {
      const result = fn(state);
      write(name, state, env);
      return result;
    } catch (err) {
      // A command that ends with an error still leaves what it changed (a failed update has a history entry).
      if (err instanceof FakeExit) write(name, state, env);
      throw err;
    }
  } finally {
    fs.rmdirSync(lock);
  }
}

/**
 * Appends one call to the recording: `{ tool, argv, cwd, time, pulumiToken?, ...extra }`; `pulumiToken` is the
 * `PULUMI_ACCESS_TOKEN` the call ran with, when it had one (which steps hold the token is a rule).
 */
function record(tool, argv, extra = {}, env = process.env) {
  const file = env.FAKE_RECORD;
  if (!file) return;
  const token = env.PULUMI_ACCESS_TOKEN ? { pulumiToken: env.PULUMI_ACCESS_TOKEN } : {};
  const line = { tool, argv, cwd: process.cwd(), time: new Date().toISOString(), ...token, ...extra };
  fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
}

/** The clock of the fakes: `$FAKE_NOW` (ISO) when a scenario pins it, else the real time. */
function now(env = process.env) {
  return env.FAKE_NOW ? new Date(env.FAKE_NOW) : new Date();
}

/** The end of a fake command with an error: {@link main} prints it and exits with `code`. */
class FakeExit extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

/** Ends the command: `message` on stderr, exit `code` (thrown, so state locks are released first). */
function fail(message, code) {
  throw new FakeExit(message, code);
}

/** Runs a fake's entry: a {@link FakeExit} becomes its message on stderr and its exit code. */
function main(fn) {
  try {
    const code = fn();
    if (typeof code === "number") process.exitCode = code;
  } catch (err) {
    if (!(err instanceof FakeExit)) throw err;
    if (err.message) process.stderr.write(err.message.endsWith("\n") ? err.message : `${err.message}\n`);
    process.exitCode = err.code;
  }
}

/** The real executable `name` on PATH after the fakes' own directory (for the fakes that delegate). */
function realExecutable(name, env = process.env) {
  const own = path.resolve(__dirname, "bin");
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir || path.resolve(dir) === own) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  fail(`${name}: not found on PATH after the fakes`, 127);
}

module.exports = { read, write, update, record, now, fail, main, realExecutable, stateDir, sleep, FakeExit };
