import { readFileSync } from "node:fs";
import { ValidationError } from "../lib/errors";
import { type BasePlan, basePlanSchema } from "./plan-json";

const EXPECTED = "expected a file written by `npm run -s plan -- --format json`";

/** Reads the base plan of `--against`; a missing or foreign file is a usage error naming the flag. */
export function readBasePlan(path: string): BasePlan {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ValidationError(
      "--against",
      path,
      `the file cannot be read (${(err as NodeJS.ErrnoException).code}); ${EXPECTED}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ValidationError("--against", path, `it is not JSON; ${EXPECTED}`);
  }
  const parsed = basePlanSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(
      "--against",
      path,
      `${issue.path.join(".") || "(top)"}: ${issue.message}; ${EXPECTED}`,
    );
  }
  return parsed.data;
}
