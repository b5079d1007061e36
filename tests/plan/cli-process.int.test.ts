import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

describe("npm run plan as a real process", () => {
  it("exits 2 with one line and no stack trace for a user error", function () {
    this.timeout(30000);
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", "plan/cli.ts", "--stack", "shared", "--config", "pantstack:githubRepository=*"],
      { encoding: "utf8" },
    );
    assert.equal(child.status, 2);
    assert.match(child.stderr, /githubRepository/);
    assert.doesNotMatch(child.stderr, /\n\s+at /, "no stack trace");
  });
});
