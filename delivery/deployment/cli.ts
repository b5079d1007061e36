// Entry of `npm run deployment`: `wait` follows an ECS service's newest deployment to its outcome.
import { appendFileSync, readFileSync } from "node:fs";
import { ECSClient } from "@aws-sdk/client-ecs";
import { awsRegionAllowed, isAwsRegion } from "../../lib/aws-regions";
import { isValidationError, ValidationError } from "../../lib/errors";
import { EXIT, type Io, numberFlag, parseFlags, parseOrReport, runEntry } from "../cli/command-line";
import { type EcsDeploymentsSend, ecsDeploymentClient } from "./ecs";
import { type Targets, targetsFromOutputs } from "./stack-outputs";
import { summaryMarkdown, verdictLine } from "./summary";
import { waitForDeployment } from "./wait";

export const USAGE = `usage: npm run deployment -- wait --cluster C --service S [--service S2 ...]
       npm run deployment -- wait --outputs FILE
         [--timeout-minutes 30] [--since ISO-TIME] [--poll-seconds 15] [--region R]

Follows the newest ECS service deployment of each service S in cluster C (or
of the stack's service: --outputs names a \`pulumi stack output --json\` file,
read for clusterName and each web, backend or worker service) with ListServiceDeployments, then
DescribeServiceDeployments every --poll-seconds, until ECS reports a final
status: SUCCESSFUL, or STOPPED, ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED. --since
ignores deployments created before that instant. Each status on stderr; each
service's verdict on stdout in one line (with the alarm, circuit breaker or
reason when it did not succeed), and in the job summary when
$GITHUB_STEP_SUMMARY is set.
Exit 0: every one completed; 1: one rolled back, stopped, failed or had no
outcome within --timeout-minutes; 2: bad usage, no such cluster or service, no
region or credentials, or a role without the two ECS actions.`;

const OPTIONS = {
  cluster: { type: "string" },
  outputs: { type: "string" },
  service: { type: "string", multiple: true },
  "timeout-minutes": { type: "string" },
  since: { type: "string" },
  "poll-seconds": { type: "string" },
  region: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** The parsed command line. */
export interface WaitArgs {
  command: "wait";
  /** The cluster, or "" when read from `outputsFile`. */
  cluster: string;
  /** One or more services of the cluster, followed at once (none when read from `outputsFile`). */
  services: string[];
  /** A `pulumi stack output --json` file to read the cluster and service from. */
  outputsFile?: string;
  timeoutMs: number;
  pollMs: number;
  since?: Date;
  region?: string;
}

// ECS cluster and service names: up to 255 letters, digits, hyphens and underscores; or their ARNs
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html#ECS-CreateService-request-serviceName).
const NAME =
  /^(?:[A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:(?:cluster|service)\/[A-Za-z0-9_/-]+)$/;

/** Validates the command line (no side effects); throws a {@link ValidationError} naming the flag. */
export function parseCommandLine(argv: string[]): WaitArgs | "help" {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h") return "help";
  if (command !== "wait") throw new ValidationError("command", command, "the command is wait");
  const values = parseFlags(rest, OPTIONS);
  if (values.help) return "help";
  const name = (flag: "cluster" | "service", value: string | undefined) => {
    if (value === undefined || !NAME.test(value)) {
      throw new ValidationError(
        `--${flag}`,
        value,
        `expected an ECS ${flag} name (letters, digits, - and _) or ARN`,
      );
    }
    return value;
  };
  const outputsFile = values.outputs;
  const services = values.service ?? [];
  if (outputsFile !== undefined && (values.cluster !== undefined || services.length > 0)) {
    throw new ValidationError(
      "--outputs",
      outputsFile,
      "give --outputs or --cluster and --service, not both",
    );
  }
  const cluster = outputsFile === undefined ? name("cluster", values.cluster) : "";
  if (outputsFile === undefined && services.length === 0) name("service", undefined);
  for (const service of services) name("service", service);
  let since: Date | undefined;
  if (values.since !== undefined) {
    since = new Date(values.since);
    if (!/^\d{4}-\d\d-\d\dT/.test(values.since) || Number.isNaN(since.getTime())) {
      throw new ValidationError(
        "--since",
        values.since,
        "expected an ISO 8601 time such as 2026-12-03T10:00:00Z",
      );
    }
  }
  if (values.region !== undefined && !isAwsRegion(values.region)) {
    throw new ValidationError("--region", values.region, awsRegionAllowed(values.region));
  }
  return {
    command,
    cluster,
    services: [...new Set(services)],
    ...(outputsFile === undefined ? {} : { outputsFile }),
    timeoutMs: numberFlag("--timeout-minutes", values["timeout-minutes"], 30, 1, 360) * 60000,
    pollMs: numberFlag("--poll-seconds", values["poll-seconds"], 15, 1, 300) * 1000,
    since,
    region: values.region,
  };
}

/** What `main` talks to; each defaults to the real thing. */
export interface DeploymentEnvironment {
  /** Builds the ECS client for a region. @default - `new ECSClient({ region })` */
  ecs?: (region: string | undefined) => EcsDeploymentsSend;
  /** The clock. @default Date.now */
  now?: () => number;
  /** Waits between looks. @default - setTimeout */
  sleep?: (ms: number) => Promise<void>;
  /** The job summary file. @default process.env.GITHUB_STEP_SUMMARY */
  stepSummary?: string;
}

/** Runs the deployment CLI and returns the exit code. */
export async function main(argv: string[], io: Io, environment: DeploymentEnvironment = {}): Promise<number> {
  const args = parseOrReport(() => parseCommandLine(argv), io);
  if (args === undefined) return EXIT.usage;
  if (args === "help") {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  const targets = parseOrReport(() => readTargets(args), io);
  if (targets === undefined) return EXIT.usage;
  const client = ecsDeploymentClient((environment.ecs ?? realEcs)(args.region));
  const follow = async (service: string) => {
    io.stderr(`following the newest deployment of ${targets.cluster}/${service}\n`);
    const outcome = await waitForDeployment(client, {
      cluster: targets.cluster,
      service,
      since: args.since,
      timeoutMs: args.timeoutMs,
      pollMs: args.pollMs,
      now: environment.now,
      sleep: environment.sleep,
      onStatus: (status, arn) => io.stderr(`${service}: ${status} ${arn}\n`),
    });
    return { followed: { cluster: targets.cluster, service }, outcome };
  };
  let results: Awaited<ReturnType<typeof follow>>[];
  try {
    results = await Promise.all(targets.services.map(follow));
  } catch (err) {
    const problem = setUpProblem(err);
    if (problem === undefined) throw err;
    io.stderr(`error: ${problem}\n`);
    return EXIT.usage;
  }
  const summary = "stepSummary" in environment ? environment.stepSummary : process.env.GITHUB_STEP_SUMMARY;
  for (const { followed, outcome } of results) {
    io.stdout(`${verdictLine(followed, outcome)}\n`);
    if (summary) appendFileSync(summary, summaryMarkdown(followed, outcome));
  }
  return results.every((r) => r.outcome.result === "succeeded") ? EXIT.ok : EXIT.finding;
}

function readTargets(args: WaitArgs): Targets {
  if (args.outputsFile === undefined) return { cluster: args.cluster, services: args.services };
  let text: string;
  try {
    text = readFileSync(args.outputsFile, "utf8");
  } catch (err) {
    throw new ValidationError(
      "--outputs",
      args.outputsFile,
      `expected a readable file (${(err as Error).message})`,
    );
  }
  return targetsFromOutputs(args.outputsFile, text);
}

function realEcs(region: string | undefined): EcsDeploymentsSend {
  return new ECSClient({ region });
}

/**
 * A missing credential, or a cluster or service ECS does not know, is a set-up problem to report in one
 * line (exit 2). The AWS SDK names a failed credential chain `CredentialsProviderError`
 * (https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/setting-credentials-node.html).
 */
function setUpProblem(err: unknown): string | undefined {
  if ((err as Error | undefined)?.name === "CredentialsProviderError") {
    return "AWS credentials: none found; configure credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID or a role)";
  }
  // The SDK's region chain (--region, AWS_REGION, the profile) found nothing: its message is "Region is missing".
  if ((err as Error | undefined)?.message === "Region is missing") {
    return "AWS region: none configured; pass --region or set AWS_REGION";
  }
  if (isValidationError(err)) return err.message;
  // The role lacks ecs:ListServiceDeployments or ecs:DescribeServiceDeployments: AWS names the action.
  if ((err as Error | undefined)?.name === "AccessDeniedException") {
    return `AWS refused: ${(err as Error).message.split("\n")[0]}`;
  }
  return undefined;
}

if (require.main === module) runEntry((argv, io) => main(argv, io));
