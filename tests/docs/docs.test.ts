import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize } from "node:path";

const ROOT = join(__dirname, "../..");

/**
 * Pages other branches write, linked before they land. Must be emptied at merge, once they exist: then a
 * link to a missing page fails again.
 */
const PENDING_PAGES = new Set<string>();

const PAGES = ["README.md", ...readdirSync(join(ROOT, "docs")).map((f) => `docs/${f}`)].filter((f) =>
  f.endsWith(".md"),
);
const text = (page: string) => readFileSync(join(ROOT, page), "utf8");

/** Markdown text outside fenced code blocks (a link in code is an example, not a link). */
const prose = (markdown: string) =>
  markdown
    .split(/^```.*$/m)
    .filter((_, i) => i % 2 === 0)
    .join("\n");

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of prose(markdown).matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

describe("the docs", () => {
  it("keep the README at most 15 KB", () => {
    const size = statSync(join(ROOT, "README.md")).size;
    assert.ok(size <= 15 * 1024, `README.md is ${size} bytes`);
  });

  it("link only to files that exist, and to headings that exist", () => {
    const broken: string[] = [];
    for (const page of PAGES) {
      for (const [, target] of prose(text(page)).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
        const [path, anchor] = target.split("#");
        const file = path === "" ? page : normalize(join(dirname(page), path));
        if (PENDING_PAGES.has(file)) continue;
        if (!existsSync(join(ROOT, file))) {
          broken.push(`${page}: ${target} (no ${file})`);
        } else if (anchor && file.endsWith(".md") && !anchors(text(file)).has(anchor)) {
          broken.push(`${page}: ${target} (no heading #${anchor} in ${file})`);
        }
      }
    }
    assert.deepEqual(broken, []);
  });

  it("do not link to pending pages that exist already (empty PENDING_PAGES)", () => {
    assert.deepEqual(
      [...PENDING_PAGES].filter((page) => existsSync(join(ROOT, page))),
      [],
    );
  });

  it("map in the README every top-level folder of the repository, and nothing else", () => {
    const tracked = execFileSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" }).split("\n");
    const folders = new Set(tracked.filter((f) => f.includes("/")).map((f) => `${f.split("/")[0]}/`));
    const readme = text("README.md");
    const section = readme.slice(
      readme.indexOf("## Layout"),
      readme.indexOf("\n## ", readme.indexOf("## Layout") + 1),
    );
    const mapped = section
      .split("\n")
      .filter((line) => line.startsWith("| `"))
      .map((line) => /^\| `([^`]+)`/.exec(line)?.[1]);
    assert.deepEqual([...mapped].sort(), [...folders].sort());
  });

  it("give every long page a table of contents", () => {
    for (const page of PAGES.filter((p) => p !== "README.md")) {
      const markdown = text(page);
      if (markdown.length < 6000) continue;
      const own = anchors(markdown);
      const toc = [...markdown.slice(0, 3000).matchAll(/^\s*- \[[^\]]+\]\(#([^)]+)\)/gm)].map((m) => m[1]);
      assert.ok(toc.length >= 3, `${page}: no table of contents`);
      assert.deepEqual(
        toc.filter((a) => !own.has(a)),
        [],
        `${page}: table of contents entries without a heading`,
      );
    }
  });
});
