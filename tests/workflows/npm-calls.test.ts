import assert from "node:assert/strict";
import { npmRunCalls, withExamples } from "./npm-calls";

const env: Record<string, string> = { PR_NUMBER: "42", URL: "https://x.example", TITLE: "feat: a b" };
const resolve = (name: string) => env[name];

describe("npmRunCalls: the tool calls in a workflow's shell script", () => {
  it("returns the arguments after --, with quotes removed and variables expanded", () => {
    const calls = npmRunCalls('npm run previews -- slots --pr "$PR_NUMBER" --limit 3', resolve);
    assert.deepEqual(calls, [{ script: "previews", args: ["slots", "--pr", "42", "--limit", "3"] }]);
  });

  it("skips npm's own flags and stops at redirections and operators", () => {
    const script =
      'status=0\nnpm run -s previews -- cleanup --idle-days 7 > sweep.txt || status=$?\necho "$URL"';
    assert.deepEqual(npmRunCalls(script, resolve), [
      { script: "previews", args: ["cleanup", "--idle-days", "7"] },
    ]);
  });

  it("keeps a quoted argument with spaces as one argument and joins line continuations", () => {
    const calls = npmRunCalls('npm run pr-title -- \\\n  --title "$TITLE"', resolve);
    assert.deepEqual(calls, [{ script: "pr-title", args: ["--title", "feat: a b"] }]);
  });

  it("finds calls inside subshells and after &&, and a call without --", () => {
    const calls = npmRunCalls(
      '(cd base && npm run -s plan -- --stack "x" > ../b.json)\nnpm run lint',
      resolve,
    );
    assert.deepEqual(calls, [
      { script: "plan", args: ["--stack", "x"] },
      { script: "lint", args: [] },
    ]);
  });

  it("refuses a variable it cannot resolve and a command substitution", () => {
    assert.throws(
      () => npmRunCalls('npm run smoke -- --url "$NOPE"', resolve),
      /unresolved shell variable \$NOPE/,
    );
    assert.throws(() => npmRunCalls('npm run smoke -- --url "$(cat u)"', resolve), /command substitution/);
  });

  it("ignores lines without npm run", () => {
    assert.deepEqual(npmRunCalls('echo "tag=pr-${PR_NUMBER}-${HEAD_SHA::7}"\nnpm ci', resolve), []);
  });
});

describe("withExamples: env values with expressions", () => {
  it("replaces each expression with its example, inside longer strings too", () => {
    const examples = { "github.event.pull_request.number": "42" };
    assert.equal(
      withExamples("preview-pr-${{ github.event.pull_request.number }}", examples),
      "preview-pr-42",
    );
  });

  it("refuses an expression without an example", () => {
    assert.throws(() => withExamples("${{ github.event.issue.title }}", {}), /no example value/);
  });
});
