// `npm run test:integration`: the slow tests (spawned processes, the real CLI paths), `*.int.test.ts`.
const base = require("./.mocharc.cjs");

// Spawned tools and scenarios may print what they show a user; only the fast suite must be silent.
module.exports = {
  ...base,
  require: ["tsx/cjs"],
  spec: base.spec.length > 0 ? ["tests/**/*.int.test.ts"] : [],
  ignore: [],
};
