// Sums the totals the test runs appended to a file (one JSON line per run, totals-reporter.js) and prints
// the combined plain line "N passed, N failed". Exits 1 when a run failed or a run expected is missing.
// Usage: node tests/support/sum-totals.js FILE EXPECTED_RUNS
const { existsSync, readFileSync } = require("node:fs");

const [file, expected] = process.argv.slice(2);
const runs = existsSync(file)
  ? readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line))
  : [];
const sum = (key) => runs.reduce((total, run) => total + run[key], 0);
const missing = Math.max(0, Number(expected) - runs.length);
// A suite that crashed before reporting counts as one failure, so the total never looks clean.
const failed = sum("failures") + missing;
const skipped = sum("pending") > 0 ? `, ${sum("pending")} skipped` : "";
process.stdout.write(`${sum("passes")} passed, ${failed} failed${skipped}\n`);
process.exitCode = failed > 0 ? 1 : 0;
