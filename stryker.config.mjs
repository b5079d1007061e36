// `npm run test:mutation`: StrykerJS over the modules whose logic the tests must pin down. Slow, and not part
// of .ci/run. Run one folder at a time, with the tests that exercise it (a mutant in module-level code,
// such as a policy's definition, runs every test in scope):
//   STRYKER_TESTS=tests/policies npm run test:mutation -- --mutate 'policies/**/*.ts'
//   STRYKER_TESTS=tests/plan/stack-config.test.ts npm run test:mutation -- --mutate plan/stack-config.ts
// Incremental: a rerun tests only the mutants whose code or covering tests changed.
// STRYKER_TESTS may list several paths, comma-separated; a `*.int.test.ts` named there runs (the CI roles'
// evaluation tests are the honest tests of stacks/shared), every other integration test stays out:
//   STRYKER_TESTS=tests/stacks,tests/stacks/permissions.int.test.ts npm run test:mutation -- \
//     --mutate 'stacks/shared/**/*.ts'
// Their mutants are static (the plan is built in `before` hooks), so incremental mode keeps a survivor when
// only new tests were added: rerun survivors with `--force` (and a separate `--incrementalFile`), e.g.
// `--mutate 'stacks/shared/preview-permissions.ts:106-106'`. The full stacks/shared run takes ~20 min.
import { readdirSync } from "node:fs";

const tests = process.env.STRYKER_TESTS ?? "tests";
const paths = tests.split(",");
const unnamedIntegrationTests = readdirSync("tests", { recursive: true })
  .map((file) => `tests/${String(file).replaceAll("\\", "/")}`)
  .filter((file) => file.endsWith(".int.test.ts") && !paths.includes(file));

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "mocha",
  coverageAnalysis: "perTest",
  concurrency: 2,
  incremental: true,
  incrementalFile: `reports/stryker-incremental-${tests.replace(/\W+/g, "-")}.json`,
  mutate: [
    "lib/**/*.ts",
    "policies/**/*.ts",
    "!policies/support/aws-taggable-types.ts",
    "stacks/shared/**/*.ts",
    "plan/stack-config.ts",
  ],
  mochaOptions: {
    "no-config": true,
    "no-package": true,
    spec: paths.map((path) => (path.endsWith(".ts") ? path : `${path}/**/*.test.ts`)),
    ignore: [...unnamedIntegrationTests, "tests/package/**"],
    extension: ["ts"],
    require: ["tsx/cjs", "./tests/support/mutation-hooks.cjs"],
  },
  // tsx does not type-check, and the generated files are compared byte for byte by a test.
  disableTypeChecks: false,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { allowColor: false, logTests: false },
  ignorePatterns: ["dist", "coverage", "reports", ".stryker-tmp"],
  tempDirName: ".stryker-tmp",
  thresholds: { high: 85, low: 80, break: null },
};
