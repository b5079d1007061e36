// `npm`: `npm ci` is a recorded no-op (the checkout links the project's installed node_modules); so are
// `npm install -g` (the runner's own npm stands in for the one a job installs) and `npm publish` (no
// registry is modelled: the recorded call is what a test checks). Every other command runs the real npm,
// so `npm run previews|images|smoke|plan|pr-title|rollback` run the project's tools and `npm version` edits
// the checkout's package.json.
const { spawnSync } = require("node:child_process");
const { record, realExecutable, main } = require("./state.cjs");

main(() => {
  const argv = process.argv.slice(2);
  record("npm", argv);
  if (argv[0] === "ci") return 0;
  if (argv[0] === "install" && (argv.includes("-g") || argv.includes("--global"))) return 0;
  if (argv[0] === "publish") {
    const { name, version } = require(`${process.cwd()}/package.json`);
    process.stdout.write(`+ ${name}@${version}\n`);
    return 0;
  }
  const result = spawnSync(realExecutable("npm"), argv, { stdio: "inherit" });
  return result.status ?? 1;
});
