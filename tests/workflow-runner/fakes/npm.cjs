// `npm`: `npm ci` is a recorded no-op (the checkout links the project's installed node_modules). `npm run X`
// runs script X of the nearest package.json the way npm's run-script does, without npm's own start-up (about
// 1.5 s a call, most of a scenario's time), so `npm run previews|images|smoke|plan|pr-title|rollback` run the
// project's tools. What npm documents and this keeps (https://docs.npmjs.com/cli/v11/commands/npm-run-script,
// https://docs.npmjs.com/cli/v11/using-npm/scripts):
// - the script runs in `sh -c` with every `node_modules/.bin` from the package's folder up first on PATH;
// - the arguments after `--` are appended to the script, each quoted for sh;
// - `preX` and `postX` run around X when package.json has them;
// - the `> name@version X` banner goes to stdout unless `-s`/`--silent`; the exit code is the script's;
// - a missing script is `npm error Missing script: "X"` with exit 1.
// Every other npm command runs the real npm.
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { record, realExecutable, main } = require("./state.cjs");

/** The folder of the nearest package.json from `dir` up (npm's prefix for `run`). */
function packageDir(dir) {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, "package.json"))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/** An argument as @npmcli/run-script quotes it for sh. */
function quote(arg) {
  if (arg === "") return "''";
  return /[^\w@%+=:,./-]/.test(arg) ? `'${arg.replace(/'/g, "'\\''")}'` : arg;
}

function binPath(dir) {
  const dirs = [];
  for (let d = dir; ; d = path.dirname(d)) {
    dirs.push(path.join(d, "node_modules", ".bin"));
    if (path.dirname(d) === d) return dirs;
  }
}

function runScript(argv) {
  const rest = argv.slice(1);
  const dashes = rest.indexOf("--");
  const own = dashes < 0 ? rest : rest.slice(0, dashes);
  const extra = dashes < 0 ? [] : rest.slice(dashes + 1);
  const silent = own.some((a) => a === "-s" || a === "--silent" || a === "--loglevel=silent");
  const positional = own.filter((a) => !a.startsWith("-"));
  const [name, ...more] = positional;
  const dir = packageDir(process.cwd());
  const pkg = dir ? JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) : {};
  const scripts = pkg.scripts ?? {};
  if (!name || !(name in scripts)) {
    process.stderr.write(`npm error Missing script: "${name}"\n`);
    return 1;
  }
  const args = [...more, ...extra];
  for (const [event, withArgs] of [
    [`pre${name}`, false],
    [name, true],
    [`post${name}`, false],
  ]) {
    if (!(event in scripts)) continue;
    const command =
      withArgs && args.length > 0 ? `${scripts[event]} ${args.map(quote).join(" ")}` : scripts[event];
    if (!silent) process.stdout.write(`\n> ${pkg.name}@${pkg.version} ${event}\n> ${command}\n\n`);
    const result = spawnSync("sh", ["-c", command], {
      cwd: dir,
      stdio: "inherit",
      env: {
        ...process.env,
        PATH: [...binPath(dir), process.env.PATH].join(path.delimiter),
        INIT_CWD: process.cwd(),
        npm_command: "run-script",
        npm_lifecycle_event: event,
        npm_lifecycle_script: scripts[event],
        npm_package_json: path.join(dir, "package.json"),
        npm_package_name: pkg.name ?? "",
        npm_package_version: pkg.version ?? "",
      },
    });
    const code = result.status ?? 1;
    if (code !== 0) return code;
  }
  return 0;
}

main(() => {
  const argv = process.argv.slice(2);
  record("npm", argv);
  if (argv[0] === "ci") return 0;
  if (argv[0] === "run" || argv[0] === "run-script") return runScript(argv);
  const result = spawnSync(realExecutable("npm"), argv, { stdio: "inherit" });
  return result.status ?? 1;
});
