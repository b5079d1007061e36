// Mocha's dot reporter, plus the plain closing line CI reads: "N passed, N failed".
const Mocha = require("mocha");

const { EVENT_RUN_END } = Mocha.Runner.constants;

class TotalsReporter extends Mocha.reporters.Dot {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      const skipped = pending > 0 ? `, ${pending} skipped` : "";
      // Printed after the dot reporter's own summary, so it is the last line of the run.
      process.nextTick(() => process.stdout.write(`${passes} passed, ${failures} failed${skipped}\n`));
    });
  }
}

module.exports = TotalsReporter;
