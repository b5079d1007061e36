// `npm run test:package`: pack the library, install it into a fresh project, type-check and run it there.
const base = require("./.mocharc.cjs");

// Spawned tools and scenarios may print what they show a user; only the fast suite must be silent.
module.exports = {
  ...base,
  require: ["tsx/cjs"],
  spec: base.spec.length > 0 ? ["tests/package/**/*.test.ts"] : [],
  ignore: [],
};
