// `npm`: `npm ci` is a recorded no-op (the checkout links the project's installed node_modules); every other
// command runs the real npm, so `npm run previews|images|smoke|plan|pr-title|rollback` run the project's tools.
const { spawnSync } = require("node:child_process");
const { record, realExecutable, main } = require("./state.cjs");

main(() => {
  const argv = process.argv.slice(2);
  record("npm", argv);
  if (argv[0] === "ci") return 0;
  const result = spawnSync(realExecutable("npm"), argv, { stdio: "inherit" });
  return result.status ?? 1;
});
