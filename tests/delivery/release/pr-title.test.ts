import assert from "node:assert/strict";
import { main, parseCommandLine } from "../../../delivery/release/pr-title-cli";

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, env);
  return { code, stdout, stderr };
}

describe("npm run pr-title", () => {
  const table: [title: string, problem: RegExp | undefined][] = [
    ["feat: add orders", undefined],
    ["fix(api): return 404 for a missing order", undefined],
    ["feat(api)!: drop the v1 routes", undefined],
    ["refactor!: one module per policy", undefined],
    ...["docs", "chore", "refactor", "test", "ci", "perf", "build", "revert"].map(
      (type): [string, undefined] => [`${type}: something`, undefined],
    ),
    [
      "feature: add orders",
      /type must be one of \[feat, fix, docs, chore, refactor, test, ci, perf, build, revert\]/,
    ],
    ["style: reformat", /type must be one of/],
    ["Feat: add orders", /type must be lower-case/],
    ["add orders", /type may not be empty/],
    ["feat add orders", /type may not be empty/],
    ["feat:add orders", /type may not be empty/],
    ["feat: ", /subject may not be empty/],
    ["fix: trailing stop.", /subject may not end with full stop/],
    [` feat: padded`, /header must not start with whitespace/],
    [`feat: ${"x".repeat(100)}`, /header must not be longer than 100 characters/],
    ["feat: one\nsecond line", /a title is one line/],
  ];
  for (const [title, problem] of table) {
    it(`${problem ? "refuses" : "accepts"} ${JSON.stringify(title.slice(0, 40))}`, async () => {
      const { code, stderr } = await run(["--title", title]);
      if (problem === undefined) {
        assert.equal(code, 0, stderr);
        return;
      }
      assert.equal(code, 1);
      assert.match(stderr, problem);
      assert.match(stderr, /e\.g\. "feat\(api\): add the \/orders endpoint"/);
    });
  }

  for (const title of ["", "   ", "\t"]) {
    it(`refuses the empty or blank title ${JSON.stringify(title)} in one line, exit 1`, async () => {
      const { code, stderr } = await run(["--title", title]);
      assert.equal(code, 1);
      assert.equal(
        stderr,
        `PR title ${JSON.stringify(title)} is empty; write e.g. "feat(api): add the /orders endpoint".\n`,
      );
    });
  }

  it("reads PR_TITLE when --title is absent, and --title wins over it", async () => {
    assert.equal((await run([], { PR_TITLE: "fix: ok" })).code, 0);
    assert.equal((await run([], { PR_TITLE: "nope" })).code, 1);
    assert.deepEqual(parseCommandLine(["--title", "feat: a"], { PR_TITLE: "nope" }), { title: "feat: a" });
  });

  it("exits 2 naming the flag without a title, and on an unknown flag", async () => {
    const missing = await run([]);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, "error: --title: (missing) is not allowed; give --title or set PR_TITLE\n");
    const unknown = await run(["--titel", "feat: x"]);
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.stderr,
      /^error: arguments: "--titel" is not allowed; the flags are --title, --help; did you mean --title\?\n$/,
    );
  });

  it("prints its usage with the exit codes on --help", async () => {
    const { code, stdout } = await run(["--help"]);
    assert.equal(code, 0);
    assert.match(stdout, /Exit 0: valid; 1: not valid .*; 2: bad usage/);
    for (const line of stdout.split("\n")) assert.ok(line.length <= 80, line);
  });
});
