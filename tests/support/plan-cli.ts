import { main } from "../../plan/main";
import { plannedStacks } from "./planned";

/**
 * Runs the plan CLI in-process, as `npm run plan -- …` would, and captures what it prints. The CLI plans
 * through {@link plannedStacks}: a request another test (or file in this worker) planned already is reused.
 */
export async function plan(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(
    argv,
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
    plannedStacks,
  );
  return { code, stdout, stderr };
}
