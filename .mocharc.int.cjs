// `npm run test:integration`: the slow tests (spawned processes, the real CLI paths), `*.int.test.ts`.
const base = require("./.mocharc.cjs");

module.exports = { ...base, spec: base.spec.length > 0 ? ["tests/**/*.int.test.ts"] : [], ignore: [] };
