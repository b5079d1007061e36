// Preloaded (`--require`) into a process a test spawns: on exit, writes the CPU time the process used as a
// last stderr line, `cpu-ms <N>`. CPU time, unlike wall time, does not grow when the machine is busy.
const { writeSync } = require("node:fs");

process.on("exit", () => {
  const { user, system } = process.cpuUsage();
  writeSync(2, `cpu-ms ${Math.round((user + system) / 1000)}\n`);
});
