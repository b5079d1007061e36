import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "../../lib/errors";
import { previewExpiry } from "../../lib/preview/naming";
import { PreviewEnvironment } from "../../lib/preview/preview-environment";
import { standardTags } from "../../lib/tags";
import { previewOverlay } from "../catalog";
import { VERSION_VARIABLE } from "../environment/services";
import { qualifiedStackName, readOutputNow, readStack } from "../references";
import type { SharedOutputs } from "../shared/program";
import { primaryService, readStackCatalog } from "../stack-catalog";
import { tagEveryResource } from "../tagging";
import type { TestOutputs } from "../test/program";
import { readPreviewConfig } from "./config";
import { checkPreviewRegion } from "./region";
import { CHANGED_KEY, parseChangedServices, previewPriorities } from "./services";

/** The outputs of a `preview-pr-<N>` stack (the PR comment shows them). */
export interface PreviewOutputs {
  url: pulumi.Output<string>;
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
  /** Hours per week the preview runs: 65 with the default awake hours, 168 with `always`. */
  awakeHoursPerWeek: number;
  /** ISO 8601 UTC: when it next goes to sleep after this deploy (absent when it never sleeps). */
  sleepsAt?: string;
  /** ISO 8601 UTC: when it wakes after that (absent when it never sleeps). */
  wakesAt?: string;
}

/**
 * The program of `preview-pr-<N>`: one PR's API on the `test` platform, which it reads with `shared`
 * through stack references. It creates only per-PR resources; see `PreviewEnvironment`.
 */
export function previewProgram(pr: number): () => Promise<PreviewOutputs> {
  return async () => {
    const config = readPreviewConfig();
    const deployedAt = config.deployedAt ?? new Date();
    // Tag first: the transformation applies to resources registered after it.
    tagEveryResource(
      standardTags({
        environment: "preview",
        stack: pulumi.getStack(),
        pr,
        expiresAt: previewExpiry(deployedAt),
      }),
    );
    const test = readStack<TestOutputs>("test", qualifiedStackName("pantstack:testStack", config.testStack));
    // The provider's region: `aws:region`, else the environment's AWS_REGION, as the provider reads it.
    checkPreviewRegion(aws.config.region, await readOutputNow(test, "region"));
    const shared = readStack<SharedOutputs>(
      "shared",
      qualifiedStackName("pantstack:sharedStack", config.sharedStack),
    );
    const catalog = readStackCatalog(config);
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
    const environments = overlay.runs.map(({ service, environment }) => {
      if (service.kind !== "web") {
        throw new ValidationError(
          CHANGED_KEY,
          config.changedServices,
          `the preview would run ${service.kind} ${service.name}; previews run web services only so far`,
        );
      }
      const isPrimary = service.name === primary;
      return new PreviewEnvironment(isPrimary ? `preview-pr-${pr}` : `preview-pr-${pr}-${service.name}`, {
        prNumber: pr,
        repositoryUrl: shared.previewRepositoryUrl,
        // One preview repository: the primary's images are `pr-<N>-<sha>`, the others' `<service>-pr-<N>-<sha>`.
        imageTag: isPrimary ? config.imageTag : `${service.name}-${config.imageTag}`,
        cpu: config.cpu,
        memory: config.memory,
        desiredCount: config.desiredCount,
        deployedAt,
        awakeHours: config.previewAwakeHours,
        timeZone: config.previewTimeZone,
        environment: { ...service.environment, ...environment, [VERSION_VARIABLE]: config.imageTag },
        containerPort: service.port,
        healthPath: service.healthPath,
        priority: priorities[service.name],
        ...(isPrimary ? {} : { service: service.name }),
        // PreviewPlatform's fields are the test stack's output names.
        platform: test,
      });
    });
    const preview = environments[0];
    return {
      url: preview.url,
      prNumber: pr,
      serviceName: preview.serviceName,
      logGroupName: preview.logGroupName,
      expiresAt: preview.expiresAt,
      imageTag: config.imageTag,
      runs: overlay.runs.map((r) => r.service.name),
      borrows: overlay.borrows,
      urls: Object.fromEntries(overlay.runs.map((r, i) => [r.service.name, environments[i].url])),
      awakeHoursPerWeek: preview.awakeHoursPerWeek,
      // Absent rather than undefined: Pulumi warns of every undefined stack output ("Undefined value").
      ...(preview.sleepsAt !== undefined ? { sleepsAt: preview.sleepsAt } : {}),
      ...(preview.wakesAt !== undefined ? { wakesAt: preview.wakesAt } : {}),
    };
  };
}
