import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type DescribeServiceDeploymentsCommand,
  ECSServiceException,
  ListServiceDeploymentsCommand,
} from "@aws-sdk/client-ecs";
import { main, parseCommandLine } from "../../../delivery/deployment/cli";
import type { EcsDeploymentsSend } from "../../../delivery/deployment/ecs";
import type { ServiceDeployment } from "../../../delivery/deployment/wait";
import { plannedStack } from "../../support/planned";

const ARN = "arn:aws:ecs:us-east-1:123456789012:service-deployment/pantstack-prod/api/r4nd0m";
const OLD = "arn:aws:ecs:us-east-1:123456789012:service-deployment/pantstack-prod/api/0ld";

/**
 * Answers as ECS documents. ListServiceDeployments returns ServiceDeploymentBrief items (arn, status,
 * createdAt, ...) filtered by `createdAt.after`
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServiceDeployments.html);
 * DescribeServiceDeployments returns the full ServiceDeployment with `rollback.reason`, `alarms` and
 * `deploymentCircuitBreaker` (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeployment.html).
 * A wrong service name is a `ServiceNotFoundException`. Each describe moves to the next status.
 */
function fakeEcs(
  statuses: ServiceDeployment[],
  opts: { missing?: "service" | "cluster"; service?: string; denied?: boolean } = {},
) {
  const arnOf = (arn: string) => arn.replace("/api/", `/${opts.service ?? "api"}/`);
  const sent: { name: string; input: unknown }[] = [];
  let i = 0;
  const current = () => statuses[Math.min(i, statuses.length - 1)];
  const send = async (command: ListServiceDeploymentsCommand | DescribeServiceDeploymentsCommand) => {
    sent.push({ name: command.constructor.name, input: command.input });
    if (command instanceof ListServiceDeploymentsCommand) {
      if (opts.denied) {
        // ECS's answer to a role without the action (AccessDeniedException, a client fault).
        throw new ECSServiceException({
          name: "AccessDeniedException",
          $fault: "client",
          $metadata: {},
          message:
            "User: arn:aws:sts::123456789012:assumed-role/deploy-prod/GitHubActions is not authorized to perform: ecs:ListServiceDeployments on resource: arn:aws:ecs:us-east-1:123456789012:service/pantstack-prod/api because no identity-based policy allows the ecs:ListServiceDeployments action",
        });
      }
      if (opts.missing) {
        const name = opts.missing === "service" ? "ServiceNotFoundException" : "ClusterNotFoundException";
        throw new ECSServiceException({ name, $fault: "client", $metadata: {}, message: `${name}` });
      }
      const after = command.input.createdAt?.after?.getTime() ?? 0;
      const all = [
        {
          serviceDeploymentArn: arnOf(OLD),
          status: "SUCCESSFUL",
          createdAt: new Date("2026-12-03T09:00:00Z"),
        },
        {
          serviceDeploymentArn: arnOf(ARN),
          status: current().status,
          createdAt: new Date("2026-12-03T10:00:05Z"),
        },
      ];
      return { serviceDeployments: all.filter((d) => d.createdAt.getTime() >= after), $metadata: {} };
    }
    const d = current();
    i += 1;
    return {
      serviceDeployments: (command.input.serviceDeploymentArns ?? []).map((arn) => ({
        serviceDeploymentArn: arn,
        ...(arn === arnOf(ARN) ? d : { status: "SUCCESSFUL" }),
      })),
      failures: [],
      $metadata: {},
    };
  };
  return { ecs: { send } as unknown as EcsDeploymentsSend, sent };
}

function io() {
  const out = { stdout: "", stderr: "" };
  return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t) } };
}

function clock() {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}

const summaryFile = () => join(mkdtempSync(join(tmpdir(), "deployment-summary-")), "summary.md");
const WAIT = ["wait", "--cluster", "pantstack-prod", "--service", "api"];

describe("npm run deployment -- wait", () => {
  it("exits 1 when ECS rolls the deployment back, saying why in one line and in the job summary", async () => {
    const { ecs } = fakeEcs([
      { status: "IN_PROGRESS" },
      { status: "ROLLBACK_IN_PROGRESS" },
      {
        status: "ROLLBACK_SUCCESSFUL",
        statusReason: "ECS deployment circuit breaker: alarm detected.",
        alarms: { status: "TRIGGERED", alarmNames: ["prod-api-5xx"], triggeredAlarmNames: ["prod-api-5xx"] },
        rollback: { reason: "Rolled back because alarm prod-api-5xx was triggered." },
      },
    ]);
    const { out, io: stream } = io();
    const stepSummary = summaryFile();
    const code = await main(WAIT, stream, { ecs: () => ecs, ...clock(), stepSummary });
    assert.equal(code, 1);
    const lines = out.stdout.trimEnd().split("\n");
    assert.equal(lines.length, 1);
    assert.match(
      lines[0],
      /^rolled back: pantstack-prod\/api status ROLLBACK_SUCCESSFUL; alarm fired: prod-api-5xx/,
    );
    assert.match(lines[0], /rollback: Rolled back because alarm prod-api-5xx was triggered\./);
    assert.match(out.stderr, /api: IN_PROGRESS .*\napi: ROLLBACK_IN_PROGRESS .*\napi: ROLLBACK_SUCCESSFUL /);
    const summary = readFileSync(stepSummary, "utf8");
    assert.match(summary, /^### ❌ ECS deployment of `api` \(pantstack-prod\)/);
    assert.match(summary, /- status: `ROLLBACK_SUCCESSFUL`/);
    assert.match(summary, /- why: .*alarm fired: prod-api-5xx/);
  });

  it("exits 0 once the newest deployment is SUCCESSFUL, not an older one", async () => {
    const { ecs, sent } = fakeEcs([
      { status: "PENDING" },
      { status: "IN_PROGRESS" },
      { status: "SUCCESSFUL" },
    ]);
    const { out, io: stream } = io();
    const stepSummary = summaryFile();
    const code = await main(WAIT, stream, { ecs: () => ecs, ...clock(), stepSummary });
    assert.equal(code, 0, out.stderr);
    assert.equal(out.stdout, `deployed: pantstack-prod/api SUCCESSFUL ${ARN}\n`);
    assert.match(readFileSync(stepSummary, "utf8"), /### ✅ ECS deployment of `api`/);
    const describes = sent.filter((s) => s.name === "DescribeServiceDeploymentsCommand");
    assert.equal(describes.length, 3);
    assert.deepEqual(describes[0].input, { serviceDeploymentArns: [ARN] });
    // Without --since, no createdAt filter is sent.
    assert.deepEqual(sent[0].input, {
      cluster: "pantstack-prod",
      service: "api",
      maxResults: 100,
      nextToken: undefined,
    });
    // Listed once: then only the followed deployment is described.
    assert.equal(sent.filter((s) => s.name === "ListServiceDeploymentsCommand").length, 1);
  });

  it("follows several services at once: one rollback fails the step, each service has its line", async () => {
    const api = fakeEcs([{ status: "IN_PROGRESS" }, { status: "SUCCESSFUL" }]);
    const web = fakeEcs(
      [{ status: "IN_PROGRESS" }, { status: "ROLLBACK_SUCCESSFUL", statusReason: "tasks failed" }],
      {
        service: "web",
      },
    );
    // ListServiceDeployments names the service; a deployment's ARN ends in <cluster>/<service>/<id>.
    const byService: EcsDeploymentsSend = {
      send: (async (command: ListServiceDeploymentsCommand | DescribeServiceDeploymentsCommand) => {
        const service =
          command instanceof ListServiceDeploymentsCommand
            ? command.input.service
            : (command.input.serviceDeploymentArns ?? [])[0].split("/")[2];
        return (service === "web" ? web : api).ecs.send(command as ListServiceDeploymentsCommand);
      }) as EcsDeploymentsSend["send"],
    };
    const { out, io: stream } = io();
    const argv = [...WAIT, "--service", "web", "--service", "api"];
    const code = await main(argv, stream, { ecs: () => byService, ...clock(), stepSummary: undefined });
    assert.equal(code, 1);
    assert.deepEqual(out.stdout.trimEnd().split("\n"), [
      `deployed: pantstack-prod/api SUCCESSFUL ${ARN}`,
      "rolled back: pantstack-prod/web status ROLLBACK_SUCCESSFUL; tasks failed",
    ]);
  });

  it("exits 1 when ECS stops the deployment or its rollback fails", async () => {
    for (const status of ["STOPPED", "ROLLBACK_FAILED"]) {
      const { ecs } = fakeEcs([{ status, statusReason: "stopped by a newer deployment" }]);
      const { out, io: stream } = io();
      assert.equal(await main(WAIT, stream, { ecs: () => ecs, ...clock(), stepSummary: undefined }), 1);
      assert.match(
        out.stdout,
        new RegExp(`: pantstack-prod/api status ${status}; stopped by a newer deployment\\n$`),
      );
    }
  });

  it("exits 1 with no outcome when nothing is final within --timeout-minutes, polling every --poll-seconds", async () => {
    const { ecs, sent } = fakeEcs([{ status: "IN_PROGRESS" }]);
    const { out, io: stream } = io();
    const argv = [...WAIT, "--timeout-minutes", "2", "--poll-seconds", "30"];
    assert.equal(await main(argv, stream, { ecs: () => ecs, ...clock(), stepSummary: undefined }), 1);
    assert.match(
      out.stdout,
      /^no outcome: pantstack-prod\/api no final status within 2 minutes \(last: IN_PROGRESS\)/,
    );
    // Looks at 0, 30, 60, 90 and 120 seconds.
    assert.equal(sent.filter((s) => s.name === "DescribeServiceDeploymentsCommand").length, 5);
  });

  it("--since sends createdAt.after and ignores the deployments created before it", async () => {
    const { ecs, sent } = fakeEcs([{ status: "SUCCESSFUL" }]);
    const { io: stream } = io();
    const argv = [...WAIT, "--since", "2026-12-03T10:00:00Z", "--timeout-minutes", "1"];
    assert.equal(await main(argv, stream, { ecs: () => ecs, ...clock(), stepSummary: undefined }), 0);
    assert.deepEqual((sent[0].input as { createdAt: unknown }).createdAt, {
      after: new Date("2026-12-03T10:00:00Z"),
    });
    const late = fakeEcs([{ status: "SUCCESSFUL" }]);
    const { out } = io();
    const lateIo = { stdout: (t: string) => (out.stdout += t), stderr: () => {} };
    const code = await main([...WAIT, "--since", "2026-12-03T11:00:00Z", "--timeout-minutes", "1"], lateIo, {
      ecs: () => late.ecs,
      ...clock(),
      stepSummary: undefined,
    });
    assert.equal(code, 1);
    assert.match(out.stdout, /last: no deployment/);
    assert.equal(
      late.sent.some((s) => s.name === "DescribeServiceDeploymentsCommand"),
      false,
    );
  });

  it("--outputs follows every ECS service the planned prod stack outputs, from `pulumi stack output --json`", async () => {
    const dir = mkdtempSync(join(tmpdir(), "deployment-outputs-"));
    const file = join(dir, "outputs.json");
    // What `pulumi stack output --json` prints for prod: one object of every output the program exports.
    const { outputs } = await plannedStack("prod");
    writeFileSync(file, JSON.stringify(outputs));
    const services = outputs.services as Record<string, { kind: string; serviceName: string }>;
    const expected = Object.values(services)
      .filter((x) => x.kind === "web")
      .map((x) => x.serviceName);
    assert.ok(expected.length > 0);
    const { ecs, sent } = fakeEcs([{ status: "SUCCESSFUL" }]);
    const { out, io: stream } = io();
    const code = await main(["wait", "--outputs", file], stream, {
      ecs: () => ecs,
      ...clock(),
      stepSummary: undefined,
    });
    assert.equal(code, 0, out.stderr);
    const listed = sent.filter((x) => x.name === "ListServiceDeploymentsCommand").map((x) => x.input);
    assert.deepEqual(listed.map((x) => (x as { service: string }).service).sort(), [...expected].sort());
    assert.ok(listed.every((x) => (x as { cluster: string }).cluster === outputs.clusterName));

    // A scheduled job has no ECS service; a stack from before the catalog has one serviceName.
    const mixed = join(dir, "mixed.json");
    writeFileSync(
      mixed,
      JSON.stringify({
        clusterName: "pantstack-prod",
        serviceName: "api-service",
        services: {
          api: { kind: "web", serviceName: "api-service" },
          admin: { kind: "web", serviceName: "admin-service" },
          nightly: { kind: "job", serviceName: "nightly-task" },
        },
      }),
    );
    const legacy = join(dir, "legacy.json");
    writeFileSync(legacy, JSON.stringify({ clusterName: "pantstack-prod", serviceName: "api-service-1a2b" }));
    for (const [f, names] of [
      [mixed, ["admin-service", "api-service"]],
      [legacy, ["api-service-1a2b"]],
    ] as const) {
      const again = fakeEcs([{ status: "SUCCESSFUL" }]);
      const quiet = io();
      assert.equal(await main(["wait", "--outputs", f], quiet.io, { ecs: () => again.ecs, ...clock() }), 0);
      assert.deepEqual(
        again.sent
          .filter((x) => x.name === "ListServiceDeploymentsCommand")
          .map((x) => (x.input as { service: string }).service)
          .sort(),
        names,
      );
    }

    const partial = join(dir, "partial.json");
    writeFileSync(partial, JSON.stringify({ url: "https://api.pantstack.dev" }));
    for (const [argv, expected] of [
      [
        ["wait", "--outputs", partial],
        /^error: --outputs: ".*partial\.json" is not allowed; expected the stack outputs clusterName and services \(or serviceName\) \(found: url\)\n$/,
      ],
      [
        ["wait", "--outputs", join(dir, "none.json")],
        /^error: --outputs: ".*none\.json" is not allowed; expected a readable file/,
      ],
      [
        ["wait", "--outputs", file, "--cluster", "c"],
        /^error: --outputs: .* give --outputs or --cluster and --service, not both\n$/,
      ],
    ] as [string[], RegExp][]) {
      const again = fakeEcs([{ status: "SUCCESSFUL" }]);
      const bad = io();
      assert.equal(await main(argv, bad.io, { ecs: () => again.ecs, ...clock() }), 2);
      assert.match(bad.out.stderr, expected);
      assert.equal(again.sent.length, 0);
    }
  });

  it("a cluster or service ECS does not know is one line naming the flag, exit 2", async () => {
    for (const missing of ["service", "cluster"] as const) {
      const { ecs } = fakeEcs([{ status: "SUCCESSFUL" }], { missing });
      const { out, io: stream } = io();
      assert.equal(await main(WAIT, stream, { ecs: () => ecs, ...clock(), stepSummary: undefined }), 2);
      assert.equal(out.stdout, "");
      assert.match(
        out.stderr,
        new RegExp(`\\nerror: --${missing}: "(api|pantstack-prod)" is not allowed; no such ECS ${missing}`),
      );
    }
  });

  it("a role without the ECS actions is one line naming the action, exit 2", async () => {
    const { ecs } = fakeEcs([{ status: "SUCCESSFUL" }], { denied: true });
    const { out, io: stream } = io();
    assert.equal(await main(WAIT, stream, { ecs: () => ecs, ...clock(), stepSummary: undefined }), 2);
    assert.match(
      out.stderr,
      /\nerror: AWS refused: User: .* is not authorized to perform: ecs:ListServiceDeployments on resource: .*\n$/,
    );
  });

  it("bad usage is one line naming the flag, exit 2, before any ECS call", async () => {
    const cases: [string[], RegExp][] = [
      [["deploy"], /^error: command: "deploy" is not allowed; the command is wait\n$/],
      [["wait", "--service", "api"], /^error: --cluster: \(missing\) is not allowed/],
      [["wait", "--cluster", "c", "--service", "a b"], /^error: --service: "a b" is not allowed/],
      [
        [...WAIT, "--timeout-minutes", "0"],
        /^error: --timeout-minutes: "0" is not allowed; expected a number from 1 to 360\n$/,
      ],
      [
        [...WAIT, "--since", "yesterday"],
        /^error: --since: "yesterday" is not allowed; expected an ISO 8601 time/,
      ],
      [[...WAIT, "--region", "mars-1"], /^error: --region: "mars-1" is not allowed/],
      [[...WAIT, "--timeout", "5"], /^error: arguments: "--timeout" is not allowed; the flags are/],
    ];
    for (const [argv, expected] of cases) {
      const { ecs, sent } = fakeEcs([{ status: "SUCCESSFUL" }]);
      const { out, io: stream } = io();
      assert.equal(await main(argv, stream, { ecs: () => ecs, ...clock() }), 2, argv.join(" "));
      assert.match(out.stderr, expected);
      assert.equal(sent.length, 0);
    }
    assert.equal(parseCommandLine(["--help"]), "help");
  });
});
