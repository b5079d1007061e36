import { main } from "../../plan/main";

/** Runs the plan CLI in-process, as `npm run plan -- …` would, and captures what it prints. */
export async function plan(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}
