import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { USAGE } from "../../plan/main";

const ROOT = join(__dirname, "../..");
/** The README and every docs page: where a reader copies commands from. */
const PAGES = ["README.md", ...readdirSync(join(ROOT, "docs")).map((f) => `docs/${f}`)].filter((f) =>
  f.endsWith(".md"),
);

/** The lines of the docs' fenced code blocks: the commands a reader copies. */
const codeLines = PAGES.flatMap((page) =>
  readFileSync(join(ROOT, page), "utf8")
    .split(/^```.*$/m)
    .filter((_, i) => i % 2 === 1)
    .flatMap((block) => block.split("\n")),
);

describe("the plan's documented commands", () => {
  // Without -s, npm prints "> pantstack-infra@0.1.0 plan" on stdout before the JSON, and jq fails on it.
  it("run npm silently (-s) wherever the docs pipe or redirect the plan's output", () => {
    const piped = codeLines.filter((line) => /npm run\b.*\bplan\b.*(\||>\s*\S)/.test(line));
    assert.ok(piped.length >= 2, "the docs show the plan's output piped and saved");
    assert.deepEqual(
      piped.filter((line) => !/npm run -s plan\b/.test(line)),
      [],
    );
  });

  it("show the silent form in --help", () => {
    assert.match(USAGE, /^usage: npm run -s plan -- /);
  });
});
