// A root hook for the fast suite: a test that prints (a Pulumi warning such as "Undefined value", a table
// for a human, a stray console.log) fails, naming what it printed. The progress dots stay readable in CI
// logs, and a warning the runtime gives a user is not lost among them.
//
// Only in mocha's parallel workers (MOCHA_WORKER_ID), where the reporter writes from the parent process:
// everything a worker writes while a test runs is the test's own. Serial runs (a --grep) write the
// reporter's dots from this process, so they are not checked.
let captured = "";
let restore;

function capture() {
  captured = "";
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((s) => s.write);
  for (const stream of streams) {
    stream.write = (chunk, encoding, callback) => {
      captured += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
      const done = typeof encoding === "function" ? encoding : callback;
      if (typeof done === "function") done();
      return true;
    };
  }
  restore = () => {
    for (const [i, stream] of streams.entries()) stream.write = originals[i];
  };
}

exports.mochaHooks =
  process.env.MOCHA_WORKER_ID === undefined
    ? {}
    : {
        beforeEach() {
          capture();
        },
        afterEach() {
          restore?.();
          restore = undefined;
          if (captured.trim() !== "") {
            const text = captured.trim().split("\n").slice(0, 5).join("\n");
            const title = this.currentTest?.fullTitle() ?? "a test";
            throw new Error(`${title} printed (tests print nothing; assert on it instead):\n${text}`);
          }
        },
      };
