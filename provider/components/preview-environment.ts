import * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "../../lib/errors";
import {
  PreviewEnvironment as LibPreviewEnvironment,
  type PreviewEnvironmentArgs as LibPreviewEnvironmentArgs,
  type PreviewPlatform,
} from "../../lib/preview/preview-environment";

/** Arguments of the `pantstack:index:PreviewEnvironment` component. */
export interface PreviewEnvironmentArgs {
  /** The pull request number (1 to 49000). */
  prNumber: number;
  /** What the preview borrows from the `test` platform (the `test` stack's outputs). */
  platform: PreviewPlatform;
  /** The image repository URL. */
  repositoryUrl: pulumi.Input<string>;
  /** The PR's image tag, e.g. `pr-42-abc1234`. */
  imageTag: string;
  /**
   * Task CPU units.
   * @default 256
   */
  cpu?: number;
  /**
   * Task memory in MiB.
   * @default 512
   */
  memory?: number;
  /**
   * Tasks to run.
   * @default 1
   */
  desiredCount?: number;
  /**
   * Run on Fargate Spot (a preview can afford an interruption).
   * @default true
   */
  spot?: boolean;
  /**
   * Log retention in days.
   * @default 3
   */
  logRetentionDays?: number;
  /**
   * When this deploy happens, as an ISO 8601 time (`2026-11-29T22:00:00Z`); the preview expires `ttlDays` later.
   * @default - now
   */
  deployedAt?: string;
  /**
   * Days without a deploy before the sweep destroys the preview.
   * @default 7
   */
  ttlDays?: number;
  /**
   * When the preview runs: `always`, or days and a daily window such as `Mon-Fri 07:00-20:00`; outside it
   * the service is scaled to zero by Application Auto Scaling scheduled actions.
   * @default "Mon-Fri 07:00-20:00"
   */
  awakeHours?: string;
  /**
   * The IANA time zone of `awakeHours`, e.g. `Europe/Berlin`.
   * @default "UTC"
   */
  timeZone?: string;
  /**
   * Plain environment variables of the service.
   * @default {}
   */
  environment?: Record<string, pulumi.Input<string>>;
  /**
   * Which of the PR's services this is, when a preview runs several: names its ECS service
   * `pr-<N>-<service>`, its host `preview-pr-<N>-<service>.<domain>` and its log group.
   * @default - the PR's primary service: `pr-<N>` at `preview-pr-<N>.<domain>`
   */
  service?: string;
  /**
   * The listener rule priority (unique on the shared listener).
   * @default - `1000 + prNumber`
   */
  priority?: number;
  /**
   * The port the container listens on.
   * @default 8000
   */
  containerPort?: number;
  /**
   * The path the load balancer probes.
   * @default "/health"
   */
  healthPath?: string;
  /**
   * Join this Cloud Map namespace (the `test` stack's `serviceConnectNamespaceArn`) as a Service Connect
   * client, to call backends at `http://<backend>:<port>`.
   * @default - none: no Service Connect
   */
  serviceConnectNamespaceArn?: pulumi.Input<string>;
}

/**
 * One pull request's running copy of the API on the shared `test` platform, owning only per-PR resources,
 * all tagged with the PR and its expiry. Wraps the TypeScript `PreviewEnvironment`.
 */
export class PreviewEnvironment extends pulumi.ComponentResource {
  /** `https://preview-pr-<N>.<domain>`. */
  declare readonly url: pulumi.Output<string>;
  /** The pull request number. */
  declare readonly prNumber: pulumi.Output<number>;
  /** The ECS service name. */
  declare readonly serviceName: pulumi.Output<string>;
  /** The log group name. */
  declare readonly logGroupName: pulumi.Output<string>;
  /** ISO 8601 UTC: when the sweep may destroy this preview. */
  declare readonly expiresAt: pulumi.Output<string>;
  /** Hours per week the preview runs (168 when it never sleeps). */
  declare readonly awakeHoursPerWeek: pulumi.Output<number>;
  /** ISO 8601 UTC: when the preview next goes to sleep after this deploy; empty if it never sleeps. */
  declare readonly sleepsAt: pulumi.Output<string>;
  /** ISO 8601 UTC: when it wakes after that; empty if it never sleeps. */
  declare readonly wakesAt: pulumi.Output<string>;

  constructor(name: string, args: PreviewEnvironmentArgs, opts?: pulumi.ComponentResourceOptions) {
    const libArgs = toLibPreviewArgs(name, args);
    super("pantstack:index:PreviewEnvironment", name, {}, opts);
    const preview = new LibPreviewEnvironment(name, libArgs, { parent: this });
    this.url = preview.url;
    this.prNumber = pulumi.output(preview.prNumber);
    this.serviceName = preview.serviceName;
    this.logGroupName = preview.logGroupName;
    this.expiresAt = pulumi.output(preview.expiresAt);
    // Other languages get strings, never a missing output: empty means the preview never sleeps.
    this.awakeHoursPerWeek = pulumi.output(preview.awakeHoursPerWeek);
    this.sleepsAt = pulumi.output(preview.sleepsAt ?? "");
    this.wakesAt = pulumi.output(preview.wakesAt ?? "");
    this.registerOutputs({
      url: this.url,
      prNumber: this.prNumber,
      serviceName: this.serviceName,
      logGroupName: this.logGroupName,
      expiresAt: this.expiresAt,
      awakeHoursPerWeek: this.awakeHoursPerWeek,
      sleepsAt: this.sleepsAt,
      wakesAt: this.wakesAt,
    });
  }
}

const ISO_8601_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

/** The TypeScript component's arguments for the facade's (`deployedAt` parsed into a date). */
export function toLibPreviewArgs(name: string, args: PreviewEnvironmentArgs): LibPreviewEnvironmentArgs {
  const { deployedAt, ...rest } = args;
  if (deployedAt === undefined) return rest;
  const date = new Date(deployedAt);
  if (!ISO_8601_UTC.test(deployedAt) || Number.isNaN(date.getTime())) {
    throw new ValidationError(
      `PreviewEnvironment(${name}).deployedAt`,
      deployedAt,
      "expected an ISO 8601 UTC time such as 2026-11-29T22:00:00Z",
    );
  }
  return { ...rest, deployedAt: date };
}
