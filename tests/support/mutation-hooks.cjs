// Loaded by Stryker's mocha runner only (stryker.config.json): it cannot take mocha's `timeout` option, and
// a plan under instrumentation takes longer than mocha's default 2 s.
exports.mochaHooks = {
  beforeEach() {
    this.currentTest?.timeout(20000);
  },
};
