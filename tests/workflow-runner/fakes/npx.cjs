// `npx`: recorded. `npx <command> [args]` whose command is a bin of the checkout's node_modules runs that bin
// as npm exec does for a locally installed package (https://docs.npmjs.com/cli/commands/npm-exec: "If any
// requested packages are present in the local project dependencies, then they are executed"), with every
// ancestor's node_modules/.bin first on PATH, without starting npm itself (about 0.3 s of CPU per call); any
// other form goes to the real npx. So `npx semantic-release` is the real semantic-release with
// release.config.cjs: it reaches the scenario's GitHub fake through GITHUB_API_URL and pushes its tag to the
// bare remote through the git URL rewrite that scenario.ts sets (see README.md).
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { record, realExecutable, main } = require("./state.cjs");

/** The local bin `command` resolves to, and the .bin folders npm puts on PATH; undefined if none. */
function localBin(command) {
  if (!command || command.startsWith("-") || command.includes("@") || command.includes("/")) return undefined;
  const bins = [];
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    bins.push(path.join(dir, "node_modules", ".bin"));
    if (path.dirname(dir) === dir) break;
  }
  const file = bins.map((bin) => path.join(bin, command)).find((f) => fs.existsSync(f));
  return file ? { file, bins } : undefined;
}

main(() => {
  const argv = process.argv.slice(2);
  record("npx", argv);
  const local = localBin(argv[0]);
  if (local) {
    const env = {
      ...process.env,
      PATH: [...local.bins, process.env.PATH ?? ""].join(path.delimiter),
      npm_command: "exec",
    };
    const result = spawnSync(local.file, argv.slice(1), { stdio: "inherit", env });
    return result.status ?? 1;
  }
  const result = spawnSync(realExecutable("npx"), argv, { stdio: "inherit" });
  return result.status ?? 1;
});
