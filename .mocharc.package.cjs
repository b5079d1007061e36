// `npm run test:package`: pack the library, install it into a fresh project, type-check and run it there.
const base = require("./.mocharc.cjs");

module.exports = { ...base, spec: base.spec.length > 0 ? ["tests/package/**/*.test.ts"] : [], ignore: [] };
