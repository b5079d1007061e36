// Entry of `npm run plan`.
import { main } from "./main";

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
