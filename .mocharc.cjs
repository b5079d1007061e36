// The fast suite (`npm test`, `npx mocha`). Slow tests (spawned processes, > ~1 s) are `*.int.test.ts`
// (`npm run test:integration`); the packaging check is `npm run test:package`.
const { loadOptions } = require("mocha/lib/cli/options");

// Mocha appends a config's `spec` to the paths on the command line, so `npm test -- tests/ecr` would
// run everything: the default spec applies only when the command line names no path.
const named = loadOptions([...process.argv.slice(2), "--no-config", "--no-package"])._.map(String);
const namesIntegration = named.some((path) => path.endsWith(".int.test.ts"));

module.exports = {
  require: ["tsx/cjs"],
  extension: ["ts"],
  recursive: true,
  spec: named.length > 0 ? [] : ["tests/**/*.test.ts"],
  // A folder given on the command line still runs only its fast tests, unless a slow file is named.
  ignore: namesIntegration ? [] : ["tests/**/*.int.test.ts", "tests/package/**"],
  // A --grep (or path) that selects no test is a mistake, not a pass.
  "fail-zero": true,
  timeout: 20000,
  reporter: "./tests/support/totals-reporter.js",
};
