// The world of the many-services scenarios: a two-service catalog (tests/fixtures/services/two-web.yaml:
// web `api`, web `web` calling it) released as v1.2.0 on dev and main, each service's release repository
// holding its v1.2.0 image, test and prod running that set by digest, and an ECS endpoint for every service.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { parseDocument } from "yaml";
import { DEFAULT_VARS, Scenario } from "../workflow-runner/scenario";
import type { DeploymentState } from "./deploy-rollback-ecs";

const ecr: {
  manifestFor(id: string): string;
  sha256(text: string): string;
} = require("../workflow-runner/fakes/ecr.cjs");

export const REGISTRY = DEFAULT_VARS.ECR_REGISTRY;
export const CATALOG = fs.readFileSync(path.resolve(__dirname, "../fixtures/services/two-web.yaml"), "utf8");
/** Each service's release repository, as `npm run services -- list --repository pantstack` names them. */
export const REPOSITORIES = { api: "pantstack", web: "pantstack/web" } as const;
export type ServiceName = keyof typeof REPOSITORIES;

/** A local image ID, and the digest ECR gives its manifest once pushed. */
export const imageId = (c: string) => `sha256:${c.repeat(64)}`;
export const digestOf = (id: string) => ecr.sha256(ecr.manifestFor(id));
/** The images `pants package` builds now: `api` as BUILT_IMAGE (pantstack:latest), `web` as web:latest. */
export const BUILT = { api: imageId("a"), web: imageId("b") };
/** v1.2.0's images, built earlier. */
export const V120 = { api: imageId("c"), web: imageId("d") };

const WORKFLOWS = path.resolve(__dirname, "../../.github/workflows");

/**
 * ECS's two service-deployment calls for any service (AWS JSON 1.1, as in deploy-rollback-ecs.ts): each
 * service's followed deployment moves through `states[service]` (default: SUCCESSFUL) one look at a time.
 */
async function ecsForAll(states: Partial<Record<string, DeploymentState[]>>) {
  const looks: Record<string, number> = {};
  const followed: string[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const input = JSON.parse(Buffer.concat(chunks).toString() || "{}") as {
      service?: string;
      cluster?: string;
    };
    const operation = String(req.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
    const service =
      input.service ??
      String((input as { serviceDeploymentArns?: string[] }).serviceDeploymentArns?.[0]).split("/")[2];
    const list = states[service] ?? [{ status: "SUCCESSFUL" }];
    const state = list[Math.min(looks[service] ?? 0, list.length - 1)];
    const arn = `arn:aws:ecs:eu-west-1:123456789012:service-deployment/${input.cluster ?? "pantstack"}/${service}/New1`;
    res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
    if (operation === "ListServiceDeployments") {
      followed.push(service);
      return res.end(
        JSON.stringify({
          serviceDeployments: [{ serviceDeploymentArn: arn, status: state.status, createdAt: 1764806400 }],
        }),
      );
    }
    looks[service] = (looks[service] ?? 0) + 1;
    res.end(
      JSON.stringify({
        serviceDeployments: [{ serviceDeploymentArn: arn, createdAt: 1764806400, ...state }],
        failures: [],
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    followed,
    /** Each service's deployment states from now on (a test may change them between runs). */
    states,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** `{api: {image, version}, web: ...}` for images by digest. */
export function imagesAt(digests: Record<ServiceName, string>, version: string) {
  return Object.fromEntries(
    Object.entries(REPOSITORIES).map(([name, repository]) => [
      name,
      { image: `${REGISTRY}/${repository}@${digests[name as ServiceName]}`, version },
    ]),
  ) as Record<ServiceName, { image: string; version: string }>;
}

/** The world; `ecs` gives services' deployment states. `dispose` closes all of it. */
export async function servicesWorld(options: { secrets?: Record<string, string> } = {}) {
  const s = await Scenario.create({
    ...(options.secrets ? { secrets: options.secrets } : {}),
    pants: {
      goals: {},
      images: { "pantstack:latest": BUILT.api, "web:latest": BUILT.web },
      targets: { "services/api:image": "pantstack:latest", "services/web:image": "web:latest" },
    },
  });
  const ecs = await ecsForAll({});
  s.runner.defaults.env = { ...s.runner.defaults.env, AWS_ENDPOINT_URL_ECS: ecs.url };
  const base = String(s.pulumi().outputs?.url).replace("/{stack}", "");
  const urn = (stack: string, kind: string, name: string) =>
    `urn:pulumi:${stack}::pantstack::pantstack:ecs:EcsApiService$aws:ecs/${kind}::${name}`;
  const servicesOutput = (stack: string) =>
    Object.fromEntries(
      (["api", "web"] as const).map((n) => [
        n,
        {
          kind: "web",
          address: `${base}/${stack}/${n}`,
          serviceName: n,
          serviceUrn: urn(stack, "service:Service", `${n}-service`),
          taskDefinitionUrn: urn(stack, "taskDefinition:TaskDefinition", `${n}-task`),
        },
      ]),
    );
  // What an `up` leaves: the services with their addresses and URNs, and the images it was given.
  s.setPulumi((p) => {
    p.outputs = {
      url: `${base}/{stack}`,
      clusterName: "pantstack-{stack}",
      services: servicesOutput("{stack}"),
      images: "{json:pantstack:images}",
    };
  });
  // The catalog, released as v1.2.0 on dev and main (main fast-forwarded to it).
  const head = s.commit("dev", ["chore: the web front end joins the catalog"], {
    files: { "services.yaml": CATALOG },
  });
  execFileSync("git", ["update-ref", "refs/heads/main", head], { cwd: s.remote });
  s.tag("v1.2.0", head);
  s.setEcr((e) => {
    for (const [name, repository] of Object.entries(REPOSITORIES)) {
      e.repositories[repository] ??= { immutable: true, images: [] };
      const manifest = ecr.manifestFor(V120[name as ServiceName]);
      e.repositories[repository].images.push({
        digest: ecr.sha256(manifest),
        manifest,
        tags: ["v1.2.0"],
        pushedAt: 1764720000,
      });
    }
  });
  const running = imagesAt({ api: digestOf(V120.api), web: digestOf(V120.web) }, "v1.2.0");
  for (const name of ["test", "prod"])
    s.addStack({
      name,
      config: { "pantstack:images": { value: JSON.stringify(running), secret: false } },
      outputs: { clusterName: `pantstack-${name}`, services: servicesOutput(name), images: running },
    });
  return {
    s,
    ecs,
    dispose: async () => {
      await s.dispose();
      await ecs.close();
    },
  };
}

/**
 * `.github/workflows/<file>` without the `npx semantic-release` step: the scenario tags the pushed commit
 * itself, as semantic-release would, so the release job's own "version just released" step finds the tag.
 * The image and deploy jobs are as written. (tests/scenarios/release-*.int.test.ts run the real release.)
 */
export function withoutSemanticRelease(file: string): { file: string; content: string } {
  const doc = parseDocument(fs.readFileSync(path.join(WORKFLOWS, file), "utf8"));
  const steps = doc.getIn(["jobs", "release", "steps"]) as { items: { get(k: string): unknown }[] };
  const index = steps.items.findIndex((st) => st.get("run") === "npx semantic-release");
  if (index < 0) throw new Error(`${file}: no npx semantic-release step`);
  doc.deleteIn(["jobs", "release", "steps", index]);
  return { file, content: doc.toString() };
}

/** What semantic-release leaves for `tag`: the tag on `sha` in the remote and its GitHub release. */
export function released(s: Scenario, tag: string, sha: string, branch: string): void {
  s.tag(tag, sha);
  const at = new Date().toISOString();
  s.github.releases.push({
    id: s.github.releases.length + 1,
    tag_name: tag,
    target_commitish: branch,
    name: tag,
    body: "",
    draft: false,
    prerelease: tag.includes("-"),
    created_at: at,
    published_at: at,
    html_url: `https://github.com/acme/app/releases/tag/${tag}`,
  });
}
