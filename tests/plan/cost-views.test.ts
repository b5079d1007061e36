import assert from "node:assert/strict";
import { formatJson } from "../../plan/format/json";
import { formatMarkdown } from "../../plan/format/markdown";
import { formatTable } from "../../plan/format/table";
import { main } from "../../plan/main";
import type { StackPlan } from "../../plan/plan";
import type { StackJson } from "../../plan/plan-json";
import { plannedStack } from "../support/planned";

/** One cost line as a view shows it: the amount as printed, the resource's name and what is priced. */
interface ShownLine {
  amount: string;
  name: string;
  item: string;
}

const AMOUNT = String.raw`\$\d+\.\d{2}(?:–\$\d+\.\d{2})?`;

/** The cost lines of the table view, with the "N more" line's amount last. */
function tableLines(table: string): { shown: ShownLine[]; rest?: string } {
  const lines = table.split("\n");
  const start = lines.findIndex((l) => l.trimStart().startsWith("Monthly cost"));
  const shown: ShownLine[] = [];
  let rest: string | undefined;
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === "") break;
    const row = new RegExp(`^ +(${AMOUNT}) {2}(\\S+) \\(([^)]+)\\): `).exec(line);
    if (row) shown.push({ amount: row[1], name: row[2], item: row[3] });
    const more = new RegExp(`^ +(${AMOUNT}) {2}\\d+ more$`).exec(line);
    if (more) rest = more[1];
  }
  return { shown, rest };
}

/** The cost rows of the markdown view, with the "N more" row's amount last. */
function markdownLines(markdown: string): { shown: ShownLine[]; rest?: string } {
  const shown: ShownLine[] = [];
  let rest: string | undefined;
  for (const line of markdown.split("\n")) {
    const row = new RegExp(`^\\| (${AMOUNT}) \\| \`([^\`]+)\` \\| ([^|]+) \\| `).exec(line);
    if (row) shown.push({ amount: row[1], name: row[2], item: row[3].trim() });
    const more = new RegExp(`^\\| (${AMOUNT}) \\| \\d+ more \\|`).exec(line);
    if (more) rest = more[1];
  }
  return { shown, rest };
}

const dollars = (min: number, max: number) =>
  max === min ? `$${min.toFixed(2)}` : `$${min.toFixed(2)}–$${max.toFixed(2)}`;

describe("the plan's three cost views", () => {
  for (const name of ["prod", "test", "preview-pr-1"]) {
    it(`${name}: table, markdown and JSON show the same lines, amounts and totals`, async () => {
      const plan = (await plannedStack(name)) as StackPlan;
      const [json] = (JSON.parse(formatJson([plan])) as { stacks: StackJson[] }).stacks;
      const table = tableLines(formatTable([plan], { width: 200 }));
      const markdown = markdownLines(formatMarkdown([plan]));

      assert.ok(table.shown.length > 0, "the table shows cost lines");
      assert.deepEqual(markdown, table, "markdown and table agree line by line");
      const fromJson = json.cost.lines.map((l) => ({
        amount: dollars(l.monthlyUsd, l.monthlyUsdMax),
        name: l.urn.split("::").pop() as string,
        item: l.item,
      }));
      assert.deepEqual(
        table.shown,
        fromJson.slice(0, table.shown.length),
        "JSON's first lines are the table's",
      );
      const others = json.cost.lines.slice(table.shown.length);
      const sum = (pick: (l: StackJson["cost"]["lines"][number]) => number) =>
        Math.round(others.reduce((t, l) => t + pick(l), 0) * 100) / 100;
      if (others.length > 0) {
        assert.equal(
          table.rest,
          dollars(
            sum((l) => l.monthlyUsd),
            sum((l) => l.monthlyUsdMax),
          ),
        );
      }
      const total = (pick: (l: StackJson["cost"]["lines"][number]) => number) =>
        Math.round(json.cost.lines.reduce((t, l) => t + pick(l), 0) * 100) / 100;
      assert.equal(
        total((l) => l.monthlyUsd),
        json.cost.monthlyUsd,
        "the lines add up to the minimum",
      );
      assert.equal(
        total((l) => l.monthlyUsdMax),
        json.cost.monthlyUsdMax,
        "and to the maximum",
      );
    });
  }

  it("gives an autoscaled service's maximum in JSON, as the table does", async () => {
    const [json] = (JSON.parse(formatJson([await plannedStack("prod")])) as { stacks: StackJson[] }).stacks;
    const compute = json.cost.lines.find((l) => l.type === "aws:ecs/service:Service" && l.item === "compute");
    assert.ok(compute, "prod has a compute line");
    assert.ok(compute.monthlyUsdMax > compute.monthlyUsd, JSON.stringify(compute));
  });

  it("tells a resource's lines apart by what they price: a public IPv4 is not compute", async () => {
    for (const name of ["prod", "test", "preview-pr-1"]) {
      const { lines } = (await plannedStack(name)).cost;
      const labels = lines.map((l) => `${l.urn} ${l.item}`);
      assert.equal(new Set(labels).size, labels.length, `${name}: two lines with one label: ${labels}`);
    }
    const test = (await plannedStack("test")).cost.lines;
    const edge = test.filter((l) => l.urn.endsWith("::edge")).map((l) => l.item);
    assert.deepEqual(edge.sort(), ["load balancer", "public IPv4"]);
    const service = test.filter((l) => l.type === "aws:ecs/service:Service").map((l) => l.item);
    assert.deepEqual(service.sort(), ["compute", "public IPv4"]);
  });
});

/** Runs the plan CLI in-process with an environment, as `npm run plan` would in a shell. */
async function planWith(argv: string[], env: Record<string, string> = {}, columns?: number) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env,
    columns,
  });
  return { code, stdout, stderr, widest: Math.max(...stdout.split("\n").map((l) => l.length)) };
}

describe("the table's width: --width, then COLUMNS, then the terminal, then 80", () => {
  it("uses --width, over COLUMNS and the terminal", async () => {
    const run = await planWith(["--stack", "shared", "--width", "120"], { COLUMNS: "60" }, 200);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.widest <= 120 && run.widest > 80, `widest line ${run.widest}`);
  });

  it("uses COLUMNS when there is no --width, in a pipe or a CI log", async () => {
    const run = await planWith(["--stack", "shared"], { COLUMNS: "60" });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.widest <= 60, `widest line ${run.widest}`);
    assert.doesNotMatch(run.stdout, /…/, "nothing is cut at 60 columns");
    const empty = await planWith(["--stack", "shared"], { COLUMNS: "" }, 100);
    assert.ok(empty.widest <= 100 && empty.widest > 80, "an empty COLUMNS counts as unset");
  });

  for (const [flag, value] of [
    ["--width", "39"],
    ["--width", "1001"],
    ["--width", "wide"],
    ["--width", "80.5"],
  ] as const) {
    it(`refuses --width ${value} in one line, exit 2`, async () => {
      const run = await planWith(["--stack", "shared", flag, value]);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, "");
      assert.equal(
        run.stderr,
        `error: --width: "${value}" is not allowed; expected a whole number of columns from 40 to 1000\n`,
      );
    });
  }

  it("refuses a COLUMNS it cannot use, naming it, before planning anything", async () => {
    const run = await planWith(["--stack", "shared"], { COLUMNS: "abc" });
    assert.equal(run.code, 2);
    assert.equal(run.stdout, "");
    assert.match(
      run.stderr,
      /^error: COLUMNS: "abc" is not allowed; expected a whole number of columns from 40/,
    );
    assert.equal(run.stderr.split("\n").length, 2, "one line");
  });
});
