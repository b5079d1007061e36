// Entry of `npm run plan`. Importing it (as the workflow tests do, for `parseCommandLine`) runs nothing.
import { main } from "./main";

export { parseCommandLine } from "./main";

if (require.main === module) {
  main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      // Not a user error: a bug in a program or in the engine, so the stack trace helps.
      console.error(err);
      process.exitCode = 3;
    },
  );
}
