import assert from "node:assert/strict";
import {
  MAX_PREVIEW_PR,
  parsePreviewStack,
  previewExpiry,
  previewHostname,
  previewPriority,
} from "../../lib/preview/naming";

describe("preview naming", () => {
  it("gives every supported PR a distinct listener priority within 1001 to 50000", () => {
    const seen = new Set<number>();
    for (let pr = 1; pr <= MAX_PREVIEW_PR; pr++) {
      const priority = previewPriority(pr);
      assert.ok(priority >= 1001 && priority <= 50000, `PR ${pr} → ${priority}`);
      seen.add(priority);
    }
    assert.equal(seen.size, MAX_PREVIEW_PR);
    assert.equal(previewPriority(42), 1042);
  });

  it("refuses PR numbers outside 1 to 49000", () => {
    for (const pr of [0, -1, 1.5, 49001]) {
      assert.throws(
        () => previewPriority(pr),
        new RegExp(`prNumber: ${pr} is not allowed; expected an integer from 1 to 49000`),
      );
    }
  });

  it("parses preview stack names and refuses malformed ones", () => {
    assert.equal(parsePreviewStack("preview-pr-42"), 42);
    assert.equal(parsePreviewStack("prod"), undefined);
    for (const bad of ["preview-pr-0", "preview-pr-abc", "preview-pr-", "preview-pr-007", "preview-pr-4 2"]) {
      assert.throws(
        () => parsePreviewStack(bad),
        /stack: ".*" is not allowed; a preview stack is named preview-pr-<N>/,
      );
    }
    for (const stack of ["preview-pr-49001", "preview-pr-99999999"]) {
      assert.throws(
        () => parsePreviewStack(stack),
        new RegExp(
          `^ValidationError: stack: "${stack}" is not allowed; its PR number \\d+ is out of range; previews take PR numbers 1 to 49000$`,
        ),
      );
    }
    assert.equal(parsePreviewStack("preview-pr-49000"), 49000);
  });

  it("puts previews at preview-pr-<N>.<domain> and expires them 7 days after a deploy", () => {
    assert.equal(previewHostname(7, "pantstack.dev"), "preview-pr-7.pantstack.dev");
    assert.equal(previewExpiry(new Date("2026-11-27T10:00:00Z")).toISOString(), "2026-12-04T10:00:00.000Z");
  });
});
