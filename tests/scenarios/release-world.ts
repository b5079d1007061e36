// The world of the release scenarios: this repository (pantstack/pantstack-infra, the package.json
// `repository` semantic-release pushes to) released up to v1.2.0, test and prod running it, an ECS endpoint
// whose deployments succeed, and helpers to run a workflow's jobs and read what one run called.
import fs from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";
import type { RunRecord } from "../workflow-runner/run";
import { Scenario, type ScenarioOptions, type StartEvent } from "../workflow-runner/scenario";
import { ecsServer } from "./deploy-rollback-ecs";

const WORKFLOWS = path.resolve(__dirname, "../../.github/workflows");
const ecr: {
  manifestFor(id: string): string;
  sha256(text: string): string;
} = require("../workflow-runner/fakes/ecr.cjs");

/** The image ID of v1.2.0, the release every stack of the world runs. */
export const RELEASED_IMAGE_ID = `sha256:${"2".repeat(64)}`;

/** A scenario with the release history and stacks described above; `dispose` closes all of it. */
export async function releaseWorld(
  options: ScenarioOptions & { stacks?: string[] } = {},
): Promise<{ s: Scenario; dispose: () => Promise<void> }> {
  const s = await Scenario.create({ repository: "pantstack/pantstack-infra", ...options });
  const ecs = await ecsServer("pantstack", "api", [{ status: "SUCCESSFUL" }]);
  s.runner.defaults.env = { ...s.runner.defaults.env, AWS_ENDPOINT_URL_ECS: ecs.url };
  // What an `up` leaves in the stack's outputs (the deployment wait reads the cluster and service).
  s.setPulumi((p) =>
    Object.assign(p.outputs ?? {}, {
      clusterName: "pantstack-{stack}",
      serviceName: "api",
      imageTag: "{config:pantstack:imageTag}",
    }),
  );
  s.tag("v1.2.0", "main");
  // v1.2.0's image, built earlier (another image ID than the one `pants package` builds now).
  const manifest = ecr.manifestFor(RELEASED_IMAGE_ID);
  s.setEcr((e) =>
    e.repositories.pantstack.images.push({
      digest: ecr.sha256(manifest),
      manifest,
      tags: ["v1.2.0"],
      pushedAt: 1764720000,
    }),
  );
  for (const name of options.stacks ?? ["test", "prod"])
    s.addStack({
      name,
      config: { "pantstack:imageTag": { value: "v1.2.0", secret: false } },
      outputs: { clusterName: `pantstack-${name}`, serviceName: "api", imageTag: "v1.2.0" },
    });
  return {
    s,
    dispose: async () => {
      await s.dispose();
      await ecs.close();
    },
  };
}

/**
 * `.github/workflows/<file>` with only `jobs` kept (and the `needs` among them): the same job definitions,
 * for a scenario whose assertions are all about those jobs (the release job's version, say), so it does
 * not pay for a build and a deploy it does not look at.
 */
export function onlyJobs(file: string, jobs: string[]): { file: string; content: string } {
  const doc = parseDocument(fs.readFileSync(path.join(WORKFLOWS, file), "utf8"));
  const all = doc.getIn(["jobs"]) as { items: { key: { value: string } }[] };
  for (const item of [...all.items]) {
    const id = item.key.value;
    if (!jobs.includes(id)) doc.deleteIn(["jobs", id]);
  }
  return { file, content: doc.toString() };
}

/** A finished run and the fakes' calls it made, as command lines (`pulumi up --yes -s prod ...`). */
export interface RunWithCalls {
  run: RunRecord;
  lines: string[];
}

/** Runs `workflow` (a file name, or {@link onlyJobs}) to its end; also returns the calls made meanwhile. */
export async function runWithCalls(
  s: Scenario,
  workflow: string | { file: string; content: string },
  event: StartEvent,
): Promise<RunWithCalls> {
  const mark = s.calls().length;
  const run =
    typeof workflow === "string"
      ? await s.run(workflow, event)
      : await (await s.runner.start(workflow, event)).finished;
  const lines = s
    .calls()
    .slice(mark)
    .map((c) => [c.tool, ...c.argv].join(" "));
  return { run, lines };
}
