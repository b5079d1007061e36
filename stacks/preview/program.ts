import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { previewExpiry } from "../../lib/preview/naming";
import { PreviewEnvironment } from "../../lib/preview/preview-environment";
import { standardTags } from "../../lib/tags";
import { qualifiedStackName, readOutputNow, readStack } from "../references";
import type { SharedOutputs } from "../shared/program";
import { tagEveryResource } from "../tagging";
import type { TestOutputs } from "../test/program";
import { readPreviewConfig } from "./config";
import { checkPreviewRegion } from "./region";

/** The outputs of a `preview-pr-<N>` stack (the PR comment shows them). */
export interface PreviewOutputs {
  url: pulumi.Output<string>;
  prNumber: number;
  serviceName: pulumi.Output<string>;
  logGroupName: pulumi.Output<string>;
  expiresAt: string;
  imageTag: string;
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
    const preview = new PreviewEnvironment(`preview-pr-${pr}`, {
      prNumber: pr,
      repositoryUrl: shared.previewRepositoryUrl,
      imageTag: config.imageTag,
      cpu: config.cpu,
      memory: config.memory,
      desiredCount: config.desiredCount,
      deployedAt,
      awakeHours: config.previewAwakeHours,
      timeZone: config.previewTimeZone,
      // PreviewPlatform's fields are the test stack's output names.
      platform: test,
    });
    return {
      url: preview.url,
      prNumber: pr,
      serviceName: preview.serviceName,
      logGroupName: preview.logGroupName,
      expiresAt: preview.expiresAt,
      imageTag: config.imageTag,
      awakeHoursPerWeek: preview.awakeHoursPerWeek,
      // Absent rather than undefined: Pulumi warns of every undefined stack output ("Undefined value").
      ...(preview.sleepsAt !== undefined ? { sleepsAt: preview.sleepsAt } : {}),
      ...(preview.wakesAt !== undefined ? { wakesAt: preview.wakesAt } : {}),
    };
  };
}
