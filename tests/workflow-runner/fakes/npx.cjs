// `npx`: `npx semantic-release` is the scripted release (semantic-release-stub.cjs, since the real one needs
// GitHub's API and a push URL on github.com); anything else runs the real npx.
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const { record, realExecutable, main } = require("./state.cjs");

main(() => {
  const argv = process.argv.slice(2);
  record("npx", argv);
  const [command, ...rest] = argv;
  if (command === "semantic-release")
    return require(path.join(__dirname, "semantic-release-stub.cjs")).release(rest);
  const result = spawnSync(realExecutable("npx"), argv, { stdio: "inherit" });
  return result.status ?? 1;
});
