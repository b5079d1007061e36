import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "../../lib/errors";
import { parseAwakeHours } from "../../lib/preview/awake-hours";
import { previewExpiry } from "../../lib/preview/naming";
import { PreviewEnvironment } from "../../lib/preview/preview-environment";
import { standardTags } from "../../lib/tags";
import { dependencyVariable, previewOverlay } from "../catalog";
import { checkDeployable, VERSION_VARIABLE } from "../environment/services";
import { qualifiedStackName, readOutputNow, readStack, type StackOutputs } from "../references";
import type { SharedOutputs } from "../shared/program";
import { primaryService, readStackCatalog } from "../stack-catalog";
import { tagEveryResource } from "../tagging";
import type { TestOutputs } from "../test/program";
import { readPreviewConfig } from "./config";
import {
  createPreviewBackend,
  createPreviewJob,
  createPreviewWorker,
  neededTestOutputs,
  type PreviewContext,
  type PreviewPrivateService,
  sleepOutputs,
} from "./private-services";
import { checkPreviewRegion } from "./region";
import { parseChangedServices, previewPriorities, resolveQueueUrls } from "./services";

/** The outputs of a `preview-pr-<N>` stack (the PR comment shows them). */
export interface PreviewOutputs {
  /** The URL of the primary web service it runs, else of the first it runs (absent when it runs none). */
  url?: pulumi.Output<string>;
  prNumber: number;
  serviceName: pulumi.Output<string>;
  logGroupName: pulumi.Output<string>;
  expiresAt: string;
  imageTag: string;
  /** The services this preview runs (those the PR changed and their callers), in dependency order. */
  runs: string[];
  /** The services it borrows from test. */
  borrows: string[];
  /** Each running web service's URL. */
  urls: Record<string, pulumi.Output<string>>;
  /**
   * Each running service: its kind, ECS service name (a job's schedule name) and log group, and how its
   * callers reach it (a web service's URL, a backend's `http://<name>-pr-<N>:<port>`, a worker's queue URL).
   */
  services: Record<string, PreviewServiceOutput>;
  /** Hours per week the preview runs: 65 with the default awake hours, 168 with `always`. */
  awakeHoursPerWeek: number;
  /** ISO 8601 UTC: when it next goes to sleep after this deploy (absent when it never sleeps). */
  sleepsAt?: string;
  /** ISO 8601 UTC: when it wakes after that (absent when it never sleeps). */
  wakesAt?: string;
}

/** One running service in a preview's outputs. */
export interface PreviewServiceOutput {
  kind: string;
  address?: pulumi.Output<string>;
  serviceName: pulumi.Output<string>;
  logGroupName: pulumi.Output<string>;
}

/**
 * The program of `preview-pr-<N>`: the services one PR changed and their callers, on the `test` platform,
 * which it reads with `shared` through stack references; everything else is borrowed from test. Web services
 * are `PreviewEnvironment`s; backends, workers and jobs the library's components at the preview's size, in
 * test's preview security group and Service Connect namespace. It creates only per-PR resources.
 */
export function previewProgram(pr: number): () => Promise<PreviewOutputs> {
  return async () => {
    const config = readPreviewConfig();
    const deployedAt = config.deployedAt ?? new Date();
    // Tag first: the transformation applies to resources registered after it.
    const tags = standardTags({
      environment: "preview",
      stack: pulumi.getStack(),
      pr,
      expiresAt: previewExpiry(deployedAt),
    });
    tagEveryResource(tags);
    const test = readStack<TestOutputs>("test", qualifiedStackName("pantstack:testStack", config.testStack));
    // The provider's region: `aws:region`, else the environment's AWS_REGION, as the provider reads it.
    checkPreviewRegion(aws.config.region, await readOutputNow(test, "region"));
    const shared = readStack<SharedOutputs>(
      "shared",
      qualifiedStackName("pantstack:sharedStack", config.sharedStack),
    );
    const catalog = readStackCatalog(config);
    checkDeployable(catalog, config.servicesFile);
    const changed = parseChangedServices(config.changedServices, catalog);
    const testServices = (await readOutputNow(test, "services")) as
      | Record<string, { address?: string }>
      | undefined;
    const overlay = previewOverlay(catalog, changed, {
      pr,
      domain: String(await readOutputNow(test, "domain")),
      testAddress: (s) => {
        const address = testServices?.[s.name]?.address;
        if (address === undefined) {
          throw new ValidationError(
            "pantstack:testStack",
            config.testStack,
            `expected a test stack that outputs the address of ${s.name} (services.${s.name}.address); update test first`,
          );
        }
        return address;
      },
    });
    const priorities = previewPriorities(catalog, pr);
    const primary = primaryService(catalog).name;
    const kinds = new Map(catalog.services.map((s) => [s.name, s.kind]));
    const running = overlay.runs.map((r) => ({
      ...r,
      callsBackend: r.service.dependsOn.some((d) => kinds.get(d) === "backend"),
    }));
    await checkTestOffers(test, config.testStack, neededTestOutputs(running));
    const hours = parseAwakeHours(
      { hours: "pantstack:previewAwakeHours", timeZone: "pantstack:previewTimeZone" },
      config.previewAwakeHours,
      config.previewTimeZone,
    );
    const context: PreviewContext = {
      pr,
      test,
      repositoryUrl: shared.previewRepositoryUrl,
      cpu: config.cpu,
      memory: config.memory,
      desiredCount: config.desiredCount,
      hours,
      deployedAt,
      tags,
      jobs: config.previewJobs,
    };
    // Dependencies first: a worker's queue exists before its callers' variables name it.
    const queues: Record<string, pulumi.Output<string>> = {};
    const environments: Record<string, PreviewEnvironment> = {};
    const privates: Record<string, PreviewPrivateService> = {};
    for (const { service, environment, callsBackend } of running) {
      const isPrimary = service.name === primary;
      // One preview repository: the primary's images are `pr-<N>-<sha>`, the others' `<service>-pr-<N>-<sha>`.
      const imageTag = isPrimary ? config.imageTag : `${service.name}-${config.imageTag}`;
      const variables: Record<string, pulumi.Input<string>> = {
        ...service.environment,
        ...resolveQueueUrls(environment, queues),
        [VERSION_VARIABLE]: config.imageTag,
      };
      // A preview backend's address carries its service: callers start once its endpoint exists.
      for (const dependency of service.dependsOn) {
        const backend = privates[dependency];
        if (backend?.kind === "backend" && backend.address) {
          variables[dependencyVariable(dependency, "backend")] = backend.address;
        }
      }
      if (service.kind === "web") {
        environments[service.name] = new PreviewEnvironment(
          isPrimary ? `preview-pr-${pr}` : `preview-pr-${pr}-${service.name}`,
          {
            prNumber: pr,
            repositoryUrl: shared.previewRepositoryUrl,
            imageTag,
            cpu: config.cpu,
            memory: config.memory,
            desiredCount: config.desiredCount,
            deployedAt,
            awakeHours: config.previewAwakeHours,
            timeZone: config.previewTimeZone,
            environment: variables,
            containerPort: service.port,
            healthPath: service.healthPath,
            priority: priorities[service.name],
            ...(isPrimary ? {} : { service: service.name }),
            ...(callsBackend
              ? { serviceConnectNamespaceArn: test.serviceConnectNamespaceArn as pulumi.Output<string> }
              : {}),
            // PreviewPlatform's fields are the test stack's output names.
            platform: test,
          },
        );
      } else if (service.kind === "backend") {
        privates[service.name] = createPreviewBackend(service, context, imageTag, variables);
      } else if (service.kind === "worker") {
        const worker = createPreviewWorker(service, context, imageTag, variables, callsBackend);
        privates[service.name] = worker;
        queues[service.name] = worker.address as pulumi.Output<string>;
      } else {
        privates[service.name] = createPreviewJob(service, context, imageTag, variables);
      }
    }
    const first = overlay.runs[0].service.name;
    // The primary web service when it runs, else the first web service that does.
    const web = environments[primary] ? primary : Object.keys(environments)[0];
    const preview = web === undefined ? undefined : environments[web];
    const main = preview ?? privates[first];
    const sleepState = preview ?? sleepOutputs(privates[first], hours);
    return {
      ...(preview ? { url: preview.url } : {}),
      prNumber: pr,
      serviceName: main.serviceName,
      logGroupName: main.logGroupName,
      expiresAt: tags["pantstack:expires-at"],
      imageTag: config.imageTag,
      runs: overlay.runs.map((r) => r.service.name),
      borrows: overlay.borrows,
      urls: Object.fromEntries(Object.entries(environments).map(([name, e]) => [name, e.url])),
      services: Object.fromEntries(
        overlay.runs.map(({ service: { name, kind } }) => {
          const e = environments[name];
          const p = privates[name];
          const address = e ? e.url : p.address;
          const output: PreviewServiceOutput = {
            kind,
            ...(address ? { address } : {}),
            serviceName: e ? e.serviceName : p.serviceName,
            logGroupName: e ? e.logGroupName : p.logGroupName,
          };
          return [name, output];
        }),
      ),
      awakeHoursPerWeek: sleepState.awakeHoursPerWeek,
      // Absent rather than undefined: Pulumi warns of every undefined stack output ("Undefined value").
      ...(sleepState.sleepsAt !== undefined ? { sleepsAt: sleepState.sleepsAt } : {}),
      ...(sleepState.wakesAt !== undefined ? { wakesAt: sleepState.wakesAt } : {}),
    };
  };
}

/**
 * Refuses, before anything exists, a preview that needs what its test stack does not output (a test
 * updated before its catalog had that kind): one line naming the output and why it is needed.
 */
async function checkTestOffers(
  test: StackOutputs<TestOutputs>,
  testStack: string,
  needs: Partial<Record<"serviceConnectNamespaceArn" | "previewSchedulerRoleArn", string>>,
): Promise<void> {
  for (const [output, why] of Object.entries(needs)) {
    if ((await readOutputNow(test, output as keyof TestOutputs & string)) === undefined) {
      throw new ValidationError(
        "pantstack:testStack",
        testStack,
        `expected a test stack that outputs ${output} (${why}); update test with this catalog first`,
      );
    }
  }
}
