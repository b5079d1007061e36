// Entry of `npm run plan`. Importing it (as the workflow tests do, for `parseCommandLine`) runs nothing.
import { runEntry } from "../delivery/cli/command-line";
import { main } from "./main";

export { parseCommandLine } from "./main";

if (require.main === module) runEntry(main);
