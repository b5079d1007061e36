// A `pants` for scenarios: answers each goal as $FAKE_STATE_DIR/pants.json scripts it
// (`{ goals: { lint: { exitCode, stdout, stderr } }, images: { "pantstack:latest": "sha256:…" } }`).
// `package` also puts the scripted images in the fake Docker's store, as a `docker_image` target would.
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
    update("docker", { images: {} }, (docker) => {
      for (const [ref, id] of Object.entries(state.images ?? {})) docker.images[ref] = id;
    });
  }
}

main(() => run(process.argv.slice(2)));
