// Loaded by Stryker's mocha runner only (stryker.config.json): it cannot take mocha's `timeout` option, and
// a plan under instrumentation takes longer than mocha's default 2 s.
exports.mochaHooks = {
  beforeEach() {
    this.currentTest?.timeout(20000);
  },
  // Stryker attributes the code a test runs to the test named last. Code run in a suite's `before` hook
  // (the planned stacks the permission tests share) belongs to no test: without this it would count as
  // covered only by whichever test ran before it, and the mutant would run that test alone. Counted as
  // static, its mutants run every test in scope in a fresh process (where no plan is cached yet).
  afterEach() {
    if (globalThis.__stryker__) globalThis.__stryker__.currentTestId = undefined;
  },
};
