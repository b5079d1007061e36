// Mocha's dot reporter, plus the plain closing line CI reads: "N passed, N failed".
// With PANTSTACK_TOTALS_FILE set, the run's totals are also appended to that file as one JSON line,
// so a script running several suites (.ci/run) can print their sum last (tests/support/sum-totals.js).
const { appendFileSync } = require("node:fs");
const Mocha = require("mocha");

const { EVENT_RUN_END } = Mocha.Runner.constants;

class TotalsReporter extends Mocha.reporters.Dot {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      const file = process.env.PANTSTACK_TOTALS_FILE;
      if (file) appendFileSync(file, `${JSON.stringify({ passes, failures, pending })}\n`);
      const skipped = pending > 0 ? `, ${pending} skipped` : "";
      // Printed after the dot reporter's own summary, so it is the last line of the run.
      process.nextTick(() => process.stdout.write(`${passes} passed, ${failures} failed${skipped}\n`));
    });
  }
}

module.exports = TotalsReporter;
