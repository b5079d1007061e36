import assert from "node:assert/strict";
import type { RecordedResource } from "../../engine/recording-monitor";
import { formatTable } from "../../plan/format/table";
import { breakLine } from "../../plan/format/text";
import { main, USAGE } from "../../plan/main";
import type { StackPlan } from "../../plan/plan";

const ARN =
  "arn:aws:iam::123456789012:role/pantstack/ci/a-role-name-long-enough-to-need-two-lines-0123456789";
const URL = "https://preview-pr-49000.a-rather-long-subdomain-of-the-platform.pantstack.dev/health";

const resource = (name: string, type: string, parent?: string): RecordedResource => ({
  urn: `urn:pulumi:demo::pantstack::${type}::${name}`,
  type,
  name,
  parent,
  custom: true,
  inputs: {},
  outputs: {},
  options: {} as RecordedResource["options"],
});

const LONG_NAME = "a-resource-whose-logical-name-is-far-longer-than-eighty-columns-allow-for";
const PLAN: StackPlan = {
  stack: "demo",
  resources: [resource(LONG_NAME, "aws:iam/role:Role")],
  outputs: { roleArn: ARN, url: URL, count: 3, anOutputWhoseNameIsLongerThanHalfOfTheWidthOfTheTable: ARN },
  policy: { violations: [] },
  cost: { monthlyUsd: 0, monthlyUsdMax: 0, lines: [], services: [] },
};

/** The value an output's lines hold, joined back: the first line after the key, the rest after the indent. */
function outputValue(table: string, key: string): string {
  const lines = table.split("\n");
  const start = lines.findIndex((line) => line.trimStart().startsWith(`${key} `) || line.trim() === key);
  const value = [lines[start].trimStart().slice(key.length).trim()];
  for (const line of lines.slice(start + 1)) {
    if (!/^ {6,}\S/.test(line)) break;
    value.push(line.trim());
  }
  return value.join("");
}

describe("the table view's width", () => {
  it("fits 80 columns by default and wraps ARNs and URLs in the outputs instead of cutting them", () => {
    const table = formatTable([PLAN]);
    for (const line of table.split("\n")) assert.ok(line.length <= 80, `too wide: ${line}`);
    assert.equal(outputValue(table, "roleArn"), ARN);
    assert.equal(outputValue(table, "url"), URL);
    assert.equal(outputValue(table, "anOutputWhoseNameIsLongerThanHalfOfTheWidthOfTheTable"), ARN);
    assert.match(table, /^ {4}count +3$/m);
    assert.doesNotMatch(table.slice(table.indexOf("Outputs:")), /…/, "no output is cut");
    assert.ok(
      table.includes(`\n  ${LONG_NAME}\n    aws:iam:Role\n`),
      "a resource line too long for the width goes on with its type on the next line",
    );
    assert.doesNotMatch(table, /…/, "nothing is cut");
  });

  it("uses a wider terminal's width", () => {
    const table = formatTable([PLAN], { width: 200 });
    assert.match(table, new RegExp(`  ${LONG_NAME}  aws:iam:Role$`, "m"));
    assert.match(table, new RegExp(`^ {4}roleArn +${ARN}$`, "m"), "the ARN on one line");
    assert.ok(table.split("\n").some((line) => line.length > 80));
  });

  it("gets the width from the terminal through main, 80 when stdout is not one", async () => {
    let wide = "";
    await main(["--stack", "shared"], { stdout: (t) => (wide += t), stderr: () => undefined, columns: 200 });
    assert.match(
      wide,
      /^ {4}oidcProviderArn +arn:aws:iam::123456789012:oidc-provider\/token\.actions\.githubusercontent\.com$/m,
    );
    let piped = "";
    await main(["--stack", "shared"], { stdout: (t) => (piped += t), stderr: () => undefined });
    for (const line of piped.split("\n")) assert.ok(line.length <= 80, `too wide: ${line}`);
  });

  it("breaks a line at spaces, and inside a word longer than the width, losing nothing", () => {
    assert.deepEqual(breakLine("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    assert.deepEqual(breakLine("ab cd ef", 5), ["ab cd", "ef"]);
    assert.deepEqual(breakLine("", 5), [""]);
  });

  it("keeps every line of --help within 80 columns", () => {
    for (const line of USAGE.split("\n")) assert.ok(line.length <= 80, `too wide: ${line}`);
  });
});
