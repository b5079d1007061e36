// A `docker` CLI for scenarios: local images in $FAKE_STATE_DIR/docker.json (`{ images: { ref: id } }`), pushes
// to the fake ECR (ecr.cjs). Messages are the daemon's and the registry's own.
const { read, update, record, fail, main } = require("./state.cjs");
const { push, sha256, EcrError } = require("./ecr.cjs");

const emptyDocker = () => ({ images: {} });

/** `registry/repo:tag` → its parts (ECR: `<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>`). */
function parseRef(ref) {
  const slash = ref.indexOf("/");
  const registry = slash > 0 && /[.:]/.test(ref.slice(0, slash)) ? ref.slice(0, slash) : "";
  const rest = registry ? ref.slice(slash + 1) : ref;
  const colon = rest.lastIndexOf(":");
  return colon > 0
    ? { registry, repository: rest.slice(0, colon), tag: rest.slice(colon + 1) }
    : { registry, repository: rest, tag: "latest" };
}

function normalize(ref) {
  return ref.includes(":") && !ref.endsWith("/") && ref.lastIndexOf(":") > ref.lastIndexOf("/")
    ? ref
    : `${ref}:latest`;
}

function noImage(ref) {
  fail(`Error response from daemon: No such image: ${ref}`, 1);
}

function run(argv) {
  record("docker", argv);
  const [command, ...args] = argv;
  if (command === "login") return void process.stdout.write("Login Succeeded\n");
  if (command === "image" && args[0] === "inspect") return inspect(args.slice(1));
  if (command === "inspect") return inspect(args);
  if (command === "tag") return tag(args);
  if (command === "push") return pushImage(args);
  if (command === "build") return build(args);
  if (command === "manifest" && args[0] === "inspect") return manifestInspect(args.slice(1));
  if (command === "save") return save(args);
  if (command === "load") return load(args);
  fail(`docker: '${command}' is not a docker command the fake models.`, 1);
}

function inspect(args) {
  const formatIndex = args.indexOf("--format");
  const format = formatIndex >= 0 ? args[formatIndex + 1] : undefined;
  const refs = args.filter((_, i) => i !== formatIndex && i !== formatIndex + 1 && !args[i].startsWith("-"));
  const { images } = read("docker", emptyDocker());
  const out = refs.map((ref) => {
    const id = images[normalize(ref)];
    if (!id) fail(`Error: No such image: ${ref}`, 1);
    return { Id: id, RepoTags: Object.keys(images).filter((r) => images[r] === id) };
  });
  if (format === "{{.Id}}") process.stdout.write(out.map((o) => `${o.Id}\n`).join(""));
  else if (format) fail(`the fake models --format '{{.Id}}' only, not ${format}`, 1);
  else process.stdout.write(`${JSON.stringify(out, null, 4)}\n`);
}

function tag([source, target]) {
  update("docker", emptyDocker(), (state) => {
    const id = state.images[normalize(source)];
    if (!id) noImage(source);
    state.images[normalize(target)] = id;
  });
}

/** `docker build -t T [-t T2] ...`: the image ID the scenario gives (docker.json `nextBuild`), else derived. */
function build(args) {
  const tags = args.filter((_, i) => args[i - 1] === "-t" || args[i - 1] === "--tag");
  update("docker", emptyDocker(), (state) => {
    const id = state.nextBuild ?? sha256(`build:${process.cwd()}`);
    for (const t of tags) state.images[normalize(t)] = id;
  });
}

function pushImage([ref]) {
  const { images } = read("docker", emptyDocker());
  const id = images[normalize(ref)];
  const { repository, tag: imageTag } = parseRef(ref);
  if (!id) fail(`An image does not exist locally with the tag: ${ref.replace(/:[^:/]*$/, "")}`, 1);
  process.stdout.write(`The push refers to repository [${ref.replace(/:[^:/]*$/, "")}]\n`);
  try {
    const { digest, size } = push(repository, imageTag, id);
    process.stdout.write(`${imageTag}: digest: ${digest} size: ${size}\n`);
  } catch (err) {
    if (err instanceof EcrError && err.type === "RepositoryNotFoundException")
      fail(`name unknown: ${err.message}`, 1);
    if (err instanceof EcrError) fail(err.message, 1);
    throw err;
  }
}

/** `docker save IMAGE` (stdout, or `-o FILE`): here the archive is the refs and their image IDs, as JSON. */
function save(args) {
  const out = args.indexOf("-o") >= 0 ? args[args.indexOf("-o") + 1] : undefined;
  const refs = args.filter((a, i) => !a.startsWith("-") && args[i - 1] !== "-o");
  const { images } = read("docker", emptyDocker());
  const archive = {};
  for (const ref of refs) {
    const id = images[normalize(ref)];
    if (!id) noImage(ref);
    archive[normalize(ref)] = id;
  }
  const text = `${JSON.stringify({ fakeDockerArchive: archive })}\n`;
  if (out) require("node:fs").writeFileSync(out, text);
  else process.stdout.write(text);
}

/** `docker load` (stdin, or `-i FILE`) of an archive {@link save} wrote. */
function load(args) {
  const fs = require("node:fs");
  const input = args.indexOf("-i") >= 0 ? args[args.indexOf("-i") + 1] : 0;
  const { fakeDockerArchive } = JSON.parse(fs.readFileSync(input, "utf8"));
  update("docker", emptyDocker(), (state) => Object.assign(state.images, fakeDockerArchive));
  for (const [ref, id] of Object.entries(fakeDockerArchive))
    process.stdout.write(`Loaded image: ${ref}\nLoaded image ID: ${id}\n`);
}

function manifestInspect([ref]) {
  const { repository, tag: imageTag } = parseRef(ref);
  const ecr = read("ecr", { repositories: {} });
  const image = ecr.repositories[repository]?.images.find((i) => i.tags.includes(imageTag));
  if (!image) fail(`no such manifest: ${ref}`, 1);
  process.stdout.write(`${JSON.stringify(JSON.parse(image.manifest), null, 3)}\n`);
}

main(() => run(process.argv.slice(2)));
