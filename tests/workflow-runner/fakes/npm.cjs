// `npm`: `npm ci` is a recorded no-op (the checkout links the project's installed node_modules); so are
// `npm install -g` and `npm publish`.
// `npm run [-s] X [-- args]` runs X's script the way npm's run-script does, without starting npm itself
// (its start-up is about a third of a second per step): `sh -c "<script> <args>"` in the package's folder,
// with every ancestor's node_modules/.bin first on PATH, the npm_lifecycle_* and npm_package_* variables set,
// npm's banner on stdout unless silent, and the script's exit code. So the project's real tools run, from the
// checkout. What this path does not model (pre/post scripts, workspaces, flags other than -s, a missing
// script) goes to the real npm, as does every other command.
// npm's own code: @npmcli/run-script (run-script-pkg.js, make-spawn-args.js, set-path.js, package-envs.js)
// and @npmcli/promise-spawn (escape.js, the sh quoting of arguments).
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { record, realExecutable, main } = require("./state.cjs");

/** `npm run`'s arguments: `{ event, args, silent }`, or undefined for a form this fake leaves to npm. */
function parseRun(argv) {
  if (argv[0] !== "run" && argv[0] !== "run-script") return undefined;
  let silent = false;
  let i = 1;
  for (; i < argv.length && argv[i].startsWith("-"); i++) {
    if (argv[i] === "-s" || argv[i] === "--silent") silent = true;
    else return undefined;
  }
  const event = argv[i];
  if (!event) return undefined;
  const rest = argv.slice(i + 1);
  // npm takes flags after the script's name as its own, up to `--`.
  if (rest.length > 0 && rest[0] !== "--") return undefined;
  return { event, args: rest.slice(1), silent };
}

/** The package folder npm runs in: the nearest folder up from `cwd` with a package.json. */
function packageFolder(cwd) {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** @npmcli/promise-spawn's `escape.sh`. */
function shellQuote(arg) {
  if (!arg.length) return "''";
  if (!/[\t\n\r "#$&'()*;<>?\\`|~]/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`.replace(/^(?:'')+(?!$)/, "").replace(/\\'''/g, `\\'`);
}

/** @npmcli/run-script's package-envs.js: npm_package_* from name, version, config, engines and bin. */
function packageEnvs(values, prefix, env = {}) {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (value === null || value === false) env[`${prefix}${key}`] = "";
    else if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) packageEnvs({ [`${key}_${i}`]: item }, prefix, env);
    } else if (typeof value === "object") packageEnvs(value, `${prefix}${key}_`, env);
    else env[`${prefix}${key}`] = String(value);
  }
  return env;
}

/**
 * `tsx <file.ts>` (every tool script) becomes `node --require ts-loader.cjs <file.ts>`: the same file, compiled
 * by the same esbuild, without tsx's start-up work (see ts-loader.cjs); `SCENARIO_TSX=1` keeps tsx.
 */
function withFastTypeScript(script) {
  const tsx = /^tsx ([\w./-]+\.ts)$/.exec(script.trim());
  if (!tsx || process.env.SCENARIO_TSX === "1") return script;
  return ["node", "--require", shellQuote(path.join(__dirname, "ts-loader.cjs")), tsx[1]].join(" ");
}

/** Runs the script directly; undefined when the real npm must (see the header). */
function runScript(run) {
  const folder = packageFolder(process.cwd());
  if (!folder) return undefined;
  const pkg = JSON.parse(fs.readFileSync(path.join(folder, "package.json"), "utf8"));
  const scripts = pkg.scripts ?? {};
  const script = scripts[run.event];
  if (typeof script !== "string" || scripts[`pre${run.event}`] || scripts[`post${run.event}`])
    return undefined;
  if (!run.silent) {
    const id = pkg.name && pkg.version ? `${pkg.name}@${pkg.version} ` : "";
    const shown = `${script.trim().replace(/\n/g, "\n> ")}${run.args.length ? ` ${run.args.join(" ")}` : ""}`;
    process.stdout.write(`\n> ${id}${run.event}\n> ${shown}\n\n`);
  }
  const bins = [];
  for (let dir = folder; ; dir = path.dirname(dir)) {
    bins.push(path.join(dir, "node_modules", ".bin"));
    if (path.dirname(dir) === dir) break;
  }
  const env = {
    ...process.env,
    ...packageEnvs(
      { name: pkg.name, version: pkg.version, config: pkg.config, engines: pkg.engines, bin: pkg.bin },
      "npm_package_",
    ),
    PATH: [...bins, process.env.PATH ?? ""].join(path.delimiter),
    INIT_CWD: process.cwd(),
    npm_command: "run-script",
    npm_package_json: path.join(folder, "package.json"),
    npm_lifecycle_event: run.event,
    npm_lifecycle_script: script,
    npm_node_execpath: process.execPath,
    NODE: process.execPath,
  };
  const command = [withFastTypeScript(script), ...run.args.map(shellQuote)].join(" ");
  const result = spawnSync("sh", ["-c", command], { cwd: folder, env, stdio: "inherit" });
  // npm exits with the script's code; a script killed by a signal is a failure.
  return result.status ?? 1;
}

main(() => {
  const argv = process.argv.slice(2);
  record("npm", argv);
  if (argv[0] === "ci") return 0;
  // The runner's own npm stands in for the one a job installs globally; no registry is modelled for a
  // publish, so the recorded call is what a test checks.
  if (argv[0] === "install" && (argv.includes("-g") || argv.includes("--global"))) return 0;
  if (argv[0] === "publish") {
    const { name, version } = require(`${process.cwd()}/package.json`);
    process.stdout.write(`+ ${name}@${version}\n`);
    return 0;
  }
  const run = parseRun(argv);
  const code = run ? runScript(run) : undefined;
  if (code !== undefined) return code;
  const result = spawnSync(realExecutable("npm"), argv, { stdio: "inherit" });
  return result.status ?? 1;
});
