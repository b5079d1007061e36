// The fast suite (`npm test`, `npx mocha`). Slow tests (spawned processes, > ~1 s) are `*.int.test.ts`
// (`npm run test:integration`); the packaging check is `npm run test:package`.
const { loadOptions } = require("mocha/lib/cli/options");

// Mocha appends a config's `spec` to the paths on the command line, so `npm test -- tests/ecr` would
// run everything: the default spec applies only when the command line names no path.
const named = loadOptions([...process.argv.slice(2), "--no-config", "--no-package"])._.map(String);
const namesIntegration = named.some((path) => path.endsWith(".int.test.ts"));
// In parallel mode `fail-zero` applies to each file, so a --grep would fail every file it selects nothing in.
const greps = process.argv.some((arg) => /^(--grep|--fgrep|-g)(=|$)/.test(arg));

module.exports = {
  require: ["tsx/cjs", "./tests/support/quiet-tests.cjs"],
  extension: ["ts"],
  recursive: true,
  spec: named.length > 0 ? [] : ["tests/**/*.test.ts"],
  // A folder given on the command line still runs only its fast tests, unless a slow file is named.
  ignore: namesIntegration ? [] : ["tests/**/*.int.test.ts", "tests/package/**"],
  // A --grep (or path) that selects no test is a mistake, not a pass.
  "fail-zero": true,
  // Two workers (this machine's cores): each file still runs alone in its worker, as the Pulumi runtime is
  // global to a process; the whole suite takes about two thirds of the time. Serial with a --grep.
  parallel: !greps,
  jobs: 2,
  timeout: 20000,
  reporter: "./tests/support/totals-reporter.js",
};
