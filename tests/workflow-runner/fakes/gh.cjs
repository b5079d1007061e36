// A `gh` CLI for scenarios: each command becomes the REST call gh makes, sent to the scenario's GitHub fake
// ($FAKE_GITHUB_URL, served by github-fake.ts in the test process), so `gh` and github-script see one GitHub.
// As gh does: `--jq` filters the JSON (here with the real jq); an HTTP error prints
// "gh: <message> (HTTP <status>)" on stderr and exits 1 (https://cli.github.com/manual/gh_api).
const { spawnSync } = require("node:child_process");
const { record } = require("./state.cjs");

function option(args, ...names) {
  const values = [];
  for (let i = 0; i < args.length; i++) if (names.includes(args[i])) values.push(args[++i]);
  return values;
}

function fields(args) {
  const out = {};
  for (const pair of [...option(args, "-f", "--raw-field"), ...option(args, "-F", "--field")]) {
    const eq = pair.indexOf("=");
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** The REST call of a gh command, and how to print its answer. */
function toRequest(argv) {
  const [command, sub, ...rest] = argv;
  const repo = option(argv, "-R", "--repo")[0] ?? process.env.GH_REPO ?? process.env.GITHUB_REPOSITORY;
  if (command === "api") {
    const body = fields(rest);
    const method = option(rest, "-X", "--method")[0] ?? (Object.keys(body).length > 0 ? "POST" : "GET");
    return { method, path: `/${sub.replace(/^\//, "")}`, body };
  }
  if (command === "pr" && sub === "list") {
    const owner = repo.split("/")[0];
    const query = new URLSearchParams();
    for (const [flag, key] of [
      ["--base", "base"],
      ["--state", "state"],
    ]) {
      const value = option(rest, flag)[0];
      if (value) query.set(key, value);
    }
    const head = option(rest, "--head")[0];
    if (head) query.set("head", head.includes(":") ? head : `${owner}:${head}`);
    const json = option(rest, "--json")[0];
    return { method: "GET", path: `/repos/${repo}/pulls?${query}`, pick: json ? json.split(",") : undefined };
  }
  if (command === "pr" && sub === "create") {
    const body = { base: option(rest, "--base", "-B")[0], head: option(rest, "--head", "-H")[0] };
    body.title = option(rest, "--title", "-t")[0];
    body.body = option(rest, "--body", "-b")[0] ?? "";
    return { method: "POST", path: `/repos/${repo}/pulls`, body, print: (data) => `${data.html_url}\n` };
  }
  if (command === "release" && sub === "view") {
    // gh's JSON fields are camelCase names of the REST fields (`gh release view --json` lists them).
    const fields = {
      createdAt: "created_at",
      publishedAt: "published_at",
      tagName: "tag_name",
      name: "name",
      body: "body",
      isDraft: "draft",
      isPrerelease: "prerelease",
      targetCommitish: "target_commitish",
      url: "html_url",
    };
    const json = option(rest, "--json")[0];
    return {
      method: "GET",
      path: `/repos/${repo}/releases/tags/${encodeURIComponent(rest[0])}`,
      shape: json
        ? (data) => Object.fromEntries(json.split(",").map((k) => [k, data[fields[k] ?? k]]))
        : undefined,
      // Without --json gh prints a text view; the workflows always ask for JSON.
      notFound: "release not found",
    };
  }
  if (command === "workflow" && sub === "run") {
    const inputs = fields(rest);
    const ref = option(rest, "--ref", "-r")[0];
    return {
      method: "POST",
      path: `/repos/${repo}/actions/workflows/${rest[0]}/dispatches`,
      body: { ref, inputs },
      print: () => "",
      stderr: `✓ Created workflow_dispatch event for ${rest[0]} at ${ref}\n`,
    };
  }
  return undefined;
}

async function main() {
  const argv = process.argv.slice(2);
  record("gh", argv);
  const request = toRequest(argv);
  if (!request) {
    process.stderr.write(`gh: the fake does not model 'gh ${argv.slice(0, 2).join(" ")}'\n`);
    return 1;
  }
  const base = process.env.FAKE_GITHUB_URL;
  if (!base) {
    process.stderr.write("gh: FAKE_GITHUB_URL is not set\n");
    return 1;
  }
  const response = await fetch(`${base}${request.path}`, {
    method: request.method,
    headers: {
      "content-type": "application/json",
      authorization: `token ${process.env.GH_TOKEN ?? process.env.GITHUB_TOKEN ?? ""}`,
    },
    body: request.method === "GET" ? undefined : JSON.stringify(request.body ?? {}),
  });
  const text = await response.text();
  let data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    // `gh release view` of a missing tag prints "release not found" and exits 1 (no HTTP detail).
    if (request.notFound && response.status === 404) {
      process.stderr.write(`${request.notFound}\n`);
      return 1;
    }
    process.stdout.write(`${text}\n`);
    process.stderr.write(`gh: ${data?.message ?? response.statusText} (HTTP ${response.status})\n`);
    return 1;
  }
  if (request.pick && Array.isArray(data))
    data = data.map((item) => Object.fromEntries(request.pick.map((k) => [k, item[k]])));
  if (request.shape) data = request.shape(data);
  if (request.stderr) process.stderr.write(request.stderr);
  const jq = option(argv, "--jq", "-q")[0];
  if (jq !== undefined) {
    const result = spawnSync("jq", ["-r", jq], { input: JSON.stringify(data), encoding: "utf8" });
    process.stdout.write(result.stdout);
    if (result.status !== 0) process.stderr.write(result.stderr);
    return result.status ?? 1;
  }
  process.stdout.write(request.print ? request.print(data) : `${JSON.stringify(data, null, 2)}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`${err.stack ?? err}\n`);
    process.exitCode = 1;
  },
);
