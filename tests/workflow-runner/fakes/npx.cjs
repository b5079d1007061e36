// `npx`: recorded, then the real npx, which runs the checkout's own `node_modules/.bin/<command>`. So
// `npx semantic-release` is the real semantic-release with release.config.cjs: it reaches the scenario's
// GitHub fake through GITHUB_API_URL and pushes its tag to the bare remote through the git URL rewrite that
// scenario.ts sets (see README.md).
const { spawnSync } = require("node:child_process");
const { record, realExecutable, main } = require("./state.cjs");

main(() => {
  const argv = process.argv.slice(2);
  record("npx", argv);
  const result = spawnSync(realExecutable("npx"), argv, { stdio: "inherit" });
  return result.status ?? 1;
});
