// A `pants` for scenarios: answers each goal as $FAKE_STATE_DIR/pants.json scripts it
// (`{ goals: { lint: { exitCode, stdout, stderr } }, images: { "pantstack:latest": "sha256:…" } }`).
// `package` also puts the scripted images in the fake Docker's store, as a `docker_image` target would: every
// one for `::`, or, when `targets` maps addresses to local images (`{ "services/api:image": "api:latest" }`),
// only those of the addresses given (`pants package services/web:image`). `list --changed-since` answers from
// the checkout's diff when `owners` is given and `goals.list` is not (see changedList).
const { read, update, record, fail, main } = require("./state.cjs");

function run(argv) {
  record("pants", argv);
  const goal = argv.find((a) => !a.startsWith("-"));
  if (!goal) fail("pants: no goal given", 1);
  const state = read("pants", { goals: {}, images: {} });
  if (goal === "list" && !state.goals?.list && state.owners) return changedList(argv, state.owners);
  const answer = state.goals?.[goal] ?? {};
  if (answer.stdout) process.stdout.write(answer.stdout);
  if (answer.exitCode) fail(answer.stderr ?? `pants ${goal} failed`, answer.exitCode);
  if (goal === "package") {
    const addresses = argv.slice(argv.indexOf(goal) + 1).filter((a) => !a.startsWith("-"));
    const wanted =
      state.targets && !addresses.includes("::")
        ? addresses.map((a) => {
            const ref = state.targets[a.replace(/^\/\//, "")];
            // Pants's own answer for an address no BUILD file defines.
            if (!ref) fail(`ResolveError: The address ${a} from the command line was not found.`, 1);
            return ref;
          })
        : Object.keys(state.images ?? {});
    update("docker", { images: {} }, (docker) => {
      for (const ref of wanted) docker.images[ref] = state.images[ref];
    });
  }
}

/**
 * `list --changed-since=REF` derived from the change itself: `owners` maps a path prefix to the addresses
 * Pants prints for a change under it (the targets owning the files and, with --changed-dependents, the
 * docker_image packaging them); every file `git diff --name-only REF...HEAD` lists in the checkout counts.
 */
function changedList(argv, owners) {
  const since = argv.find((a) => a.startsWith("--changed-since="))?.slice("--changed-since=".length);
  if (!since) return;
  const files = require("node:child_process")
    .execFileSync("git", ["diff", "--name-only", `${since}...HEAD`], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean);
  const listed = new Set();
  for (const [prefix, addresses] of Object.entries(owners))
    if (files.some((f) => f.startsWith(prefix))) for (const a of addresses) listed.add(a);
  process.stdout.write(
    [...listed]
      .sort()
      .map((a) => `${a}\n`)
      .join(""),
  );
}

main(() => run(process.argv.slice(2)));
