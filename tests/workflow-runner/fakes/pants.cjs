// A `pants` for scenarios: answers each goal as $FAKE_STATE_DIR/pants.json scripts it
// (`{ goals: { lint: { exitCode, stdout, stderr } }, images: { "pantstack:latest": "sha256:…" } }`).
// `package` also puts the scripted images in the fake Docker's store, as a `docker_image` target would: every
// one for `::`, or, when `targets` maps addresses to local images (`{ "services/api:image": "api:latest" }`),
// only those of the addresses given (`pants package services/web:image`).
const { read, update, record, fail, main } = require("./state.cjs");

function run(argv) {
  record("pants", argv);
  const goal = argv.find((a) => !a.startsWith("-"));
  if (!goal) fail("pants: no goal given", 1);
  const state = read("pants", { goals: {}, images: {} });
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

main(() => run(process.argv.slice(2)));
