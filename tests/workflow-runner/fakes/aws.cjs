// An `aws` CLI for scenarios: the ECR calls (through ecr.cjs, the same state as `docker push`) and STS.
// Output is the API's JSON, as `aws --output json` prints it; an API error is the CLI's one line on stderr,
// "An error occurred (<Code>) when calling the <Operation> operation: <message>", exit 254
// (https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-returncodes.html). Usage errors exit 252.
const { read, record, fail, main } = require("./state.cjs");
const { operations, EcrError, emptyEcr } = require("./ecr.cjs");

/** `--repository-name r --image-ids imageTag=t` → `{ repositoryName: "r", imageIds: [{ imageTag: "t" }] }`. */
function input(args) {
  const out = {};
  for (let i = 0; i < args.length; i++) {
    if (!args[i].startsWith("--")) continue;
    const key = args[i].slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    const values = [];
    while (i + 1 < args.length && !args[i + 1].startsWith("--")) values.push(args[++i]);
    if (key === "imageIds")
      out.imageIds = values.map((v) =>
        Object.fromEntries(v.split(",").map((pair) => pair.split("=").map((x, j) => (j === 0 ? x : x)))),
      );
    else if (key === "repositoryNames") out.repositoryNames = values;
    else out[key] = values.length === 0 ? true : values.join(" ");
  }
  return out;
}

const ECR = {
  "batch-get-image": "BatchGetImage",
  "describe-images": "DescribeImages",
  "describe-repositories": "DescribeRepositories",
  "get-authorization-token": "GetAuthorizationToken",
};

function run(argv) {
  record("aws", argv);
  const args = argv.filter(
    (a, i) =>
      !["--region", "--output", "--query", "--profile"].includes(argv[i - 1]) &&
      !["--region", "--output", "--profile"].includes(a),
  );
  const [service, command, ...rest] = args;
  if (service === "ecr" && command === "get-login-password") {
    process.stdout.write("fake-ecr-password\n");
    return;
  }
  if (service === "ecr" && ECR[command]) {
    try {
      const answer = operations[ECR[command]](input(rest));
      process.stdout.write(`${JSON.stringify(answer, null, 4)}\n`);
    } catch (err) {
      if (err instanceof EcrError)
        fail(
          `\nAn error occurred (${err.type}) when calling the ${ECR[command]} operation: ${err.message}`,
          254,
        );
      throw err;
    }
    return;
  }
  if (service === "sts" && command === "get-caller-identity") {
    const { account } = read("ecr", emptyEcr());
    const role = process.env.FAKE_AWS_ROLE ?? "pantstack-ci";
    process.stdout.write(
      `${JSON.stringify({ UserId: "AROAFAKE:GitHubActions", Account: account, Arn: `arn:aws:sts::${account}:assumed-role/${role}/GitHubActions` }, null, 4)}\n`,
    );
    return;
  }
  fail(`aws: the fake does not model 'aws ${service} ${command}'`, 252);
}

main(() => run(process.argv.slice(2)));
