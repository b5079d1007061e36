import * as pulumi from "@pulumi/pulumi";
import { EcsApiService } from "../ecs/ecs-api-service";
import { type EcsApiServiceArgs, normalizeServiceArgs } from "../ecs/ecs-api-service-args";
import { asArgumentsOf, requireIntegerInRange } from "../errors";
import { standardTags } from "../tags";
import {
  checkPrNumber,
  PREVIEW_LOG_GROUP_PREFIX,
  PREVIEW_TTL_DAYS,
  previewExpiry,
  previewHostname,
  previewPriority,
  previewStackName,
} from "./naming";

/** What a preview borrows from the `test` platform (the `test` stack's outputs). */
export interface PreviewPlatform {
  /** The domain previews live under: `preview-pr-<N>.<domain>`, covered by the platform's wildcard certificate. */
  domain: pulumi.Input<string>;
  /** The Route 53 zone of `domain`. */
  hostedZoneId: pulumi.Input<string>;
  /** The platform's VPC. */
  vpcId: pulumi.Input<string>;
  /** Subnets for the preview's task. */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Whether tasks need a public IP there (no NAT). */
  assignPublicIp: pulumi.Input<boolean>;
  /** The platform's security group for preview tasks (admits the load balancer on the container port). */
  taskSecurityGroupId: pulumi.Input<string>;
  /** The platform's ECS cluster (with the FARGATE_SPOT capacity provider). */
  clusterArn: pulumi.Input<string>;
  /** The shared HTTPS listener the preview's host rule is added to. */
  httpsListenerArn: pulumi.Input<string>;
  /** The load balancer's security group (what the task group admits). */
  loadBalancerSecurityGroupId: pulumi.Input<string>;
  /** The load balancer's DNS name, the target of the preview's alias record. */
  loadBalancerDnsName: pulumi.Input<string>;
  /** The load balancer's canonical hosted zone ID. */
  loadBalancerZoneId: pulumi.Input<string>;
  /** Roles created by the platform: a preview may not create IAM roles. */
  executionRoleArn: pulumi.Input<string>;
  taskRoleArn: pulumi.Input<string>;
}

/** Arguments of {@link PreviewEnvironment}. */
export interface PreviewEnvironmentArgs {
  /** The pull request number (1 to 49000). */
  prNumber: number;
  /** What the preview borrows from the `test` platform. */
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
   * When this deploy happens; the preview expires `ttlDays` later.
   * @default - now
   */
  deployedAt?: Date;
  /**
   * Days without a deploy before the sweep destroys the preview.
   * @default 7
   */
  ttlDays?: number;
  /**
   * Plain environment variables of the service.
   * @default {}
   */
  environment?: Record<string, pulumi.Input<string>>;
}

/**
 * One pull request's running copy of the API on the shared `test` platform. It owns only per-PR resources
 * (target group, host rule on the shared listener, task definition, service, log group, DNS record), all
 * tagged with the PR and its expiry, nothing protected or retained, so destroying it leaves nothing behind
 * and cannot touch what `test` owns.
 */
export class PreviewEnvironment extends pulumi.ComponentResource {
  declare readonly service: EcsApiService;
  /** `https://preview-pr-<N>.<domain>`. */
  declare readonly url: pulumi.Output<string>;
  declare readonly prNumber: number;
  declare readonly serviceName: pulumi.Output<string>;
  declare readonly logGroupName: pulumi.Output<string>;
  /** ISO 8601 UTC: when the sweep may destroy this preview. */
  declare readonly expiresAt: string;

  constructor(name: string, args: PreviewEnvironmentArgs, opts?: pulumi.ComponentResourceOptions) {
    const key = `PreviewEnvironment(${name})`;
    const pr = checkPrNumber(`${key}.prNumber`, args.prNumber);
    const ttl = requireIntegerInRange(`${key}.ttlDays`, args.ttlDays ?? PREVIEW_TTL_DAYS, 1, 365);
    const expires = previewExpiry(args.deployedAt ?? new Date(), ttl);
    const tags = standardTags({
      environment: "preview",
      stack: previewStackName(pr),
      pr,
      expiresAt: expires,
    });
    const serviceName = `pr-${pr}`;
    const serviceArgs = previewServiceArgs(pr, args, tags);
    // The service checks its arguments itself, but only after this component exists: check them first.
    asArgumentsOf(`EcsApiService(${serviceName})`, key, () =>
      normalizeServiceArgs(serviceName, pulumi.getStack(), serviceArgs),
    );
    super("pantstack:preview:PreviewEnvironment", name, {}, opts);

    const service = new EcsApiService(serviceName, serviceArgs, { parent: this });

    this.service = service;
    this.url = service.url;
    this.prNumber = pr;
    this.serviceName = service.serviceName;
    this.logGroupName = service.logGroupName;
    this.expiresAt = tags["pantstack:expires-at"];
    this.registerOutputs({
      url: this.url,
      prNumber: pr,
      serviceName: this.serviceName,
      expiresAt: this.expiresAt,
    });
  }
}

/** The reduced service a preview runs: small, one Spot task, short logs, the platform's roles and group. */
function previewServiceArgs(
  pr: number,
  args: PreviewEnvironmentArgs,
  tags: Record<string, string>,
): EcsApiServiceArgs {
  const platform = args.platform;
  return {
    cluster: platform.clusterArn,
    repositoryUrl: args.repositoryUrl,
    imageTag: args.imageTag,
    cpu: args.cpu ?? 256,
    memory: args.memory ?? 512,
    desiredCount: args.desiredCount ?? 1,
    spot: args.spot ?? true,
    environment: args.environment,
    logRetentionDays: args.logRetentionDays ?? 3,
    logGroupName: `${PREVIEW_LOG_GROUP_PREFIX}pr-${pr}`,
    executionRoleArn: platform.executionRoleArn,
    taskRoleArn: platform.taskRoleArn,
    // Previews are short-lived: a faster, less cautious rollout is fine; the breaker still rolls back.
    healthCheckGracePeriodSeconds: 30,
    network: {
      vpcId: platform.vpcId,
      subnetIds: platform.subnetIds,
      assignPublicIp: platform.assignPublicIp,
      securityGroupIds: [platform.taskSecurityGroupId],
    },
    routing: {
      listenerArn: platform.httpsListenerArn,
      loadBalancerSecurityGroupId: platform.loadBalancerSecurityGroupId,
      hostname: pulumi.output(platform.domain).apply((domain) => previewHostname(pr, domain)),
      priority: previewPriority(pr),
      dns: {
        zoneId: platform.hostedZoneId,
        loadBalancerDnsName: platform.loadBalancerDnsName,
        loadBalancerZoneId: platform.loadBalancerZoneId,
      },
    },
    tags,
  };
}
