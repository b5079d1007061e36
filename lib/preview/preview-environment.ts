import * as pulumi from "@pulumi/pulumi";
import { checkImageTag } from "../ecr/image-tag";
import { EcsApiService } from "../ecs/ecs-api-service";
import { type EcsApiServiceArgs, normalizeServiceArgs } from "../ecs/ecs-api-service-args";
import { repositoryArnFromUrl } from "../ecs/task-permissions";
import { asArgumentsOf, requireIntegerInRange } from "../errors";
import { standardTags } from "../tags";
import {
  awakeHoursPerWeek,
  awakeState,
  DEFAULT_AWAKE_HOURS,
  DEFAULT_TIME_ZONE,
  parseAwakeHours,
} from "./awake-hours";
import { checkedInput } from "./checked-input";
import {
  checkPrNumber,
  PREVIEW_HOST_PREFIX,
  PREVIEW_LOG_GROUP_PREFIX,
  PREVIEW_TTL_DAYS,
  previewExpiry,
  previewHostname,
  previewPriority,
  previewStackName,
} from "./naming";
import { createPreviewSleep, type PreviewSleep } from "./preview-sleep";

/**
 * What a preview borrows from the `test` platform. The field names are the `test` stack's output names, so a
 * consumer passes those outputs straight through (`platform: testStackOutputs`).
 */
export interface PreviewPlatform {
  /** The domain previews live under: `preview-pr-<N>.<domain>`, covered by the platform's wildcard certificate. */
  domain: pulumi.Input<string>;
  /** The Route 53 zone of `domain`. */
  hostedZoneId: pulumi.Input<string>;
  /** The platform's VPC. */
  vpcId: pulumi.Input<string>;
  /** Subnets for the preview's task. */
  taskSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Whether tasks need a public IP there (no NAT). */
  assignPublicIp: pulumi.Input<boolean>;
  /** The platform's security group for preview tasks (admits the load balancer on the container port). */
  previewSecurityGroupId: pulumi.Input<string>;
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
  /** The execution role of preview tasks, created by the platform: a preview may not create IAM roles. */
  previewExecutionRoleArn: pulumi.Input<string>;
  /** The application role of preview tasks, created by the platform. */
  previewTaskRoleArn: pulumi.Input<string>;
}

/** Arguments of {@link PreviewEnvironment}. */
export interface PreviewEnvironmentArgs {
  /** The pull request number (1 to 49000). */
  prNumber: number;
  /** What the preview borrows from the `test` platform. */
  platform: PreviewPlatform;
  /** The ECR repository URL of the PR's image, `ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME`. */
  repositoryUrl: pulumi.Input<string>;
  /**
   * The PR's image tag, e.g. `pr-42-abc1234`: checked up front when a string, when it resolves otherwise
   * (a tag read from another stack or computed by the program).
   */
  imageTag: pulumi.Input<string>;
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
   * When the preview runs: `always`, or days and a daily window such as `Mon-Fri 07:00-20:00`. Outside it
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
   * Join this Cloud Map namespace (test's, output `serviceConnectNamespaceArn`) as a Service Connect client,
   * so the service reaches backends at `http://<backend>:<port>`: test's, and the preview's own
   * `<backend>-pr-<N>`. The platform's preview security group must be admitted by those backends.
   * @default - none: no Service Connect
   */
  serviceConnectNamespaceArn?: pulumi.Input<string>;
}

/**
 * One pull request's running copy of the API on the shared `test` platform. It owns only per-PR resources
 * (target group, host rule on the shared listener, task definition, service, log group, DNS record, and the
 * scalable target and scheduled actions that let it sleep outside awake hours), all tagged with the PR and
 * its expiry, nothing protected or retained, so destroying it leaves nothing behind and cannot touch what
 * `test` owns.
 */
export class PreviewEnvironment extends pulumi.ComponentResource {
  /** The preview's web service. */
  declare readonly service: EcsApiService;
  /** `https://preview-pr-<N>.<domain>`. */
  declare readonly url: pulumi.Output<string>;
  /** The pull request the preview serves. */
  declare readonly prNumber: number;
  /** The ECS service's name. */
  declare readonly serviceName: pulumi.Output<string>;
  /** The log group of the preview's container. */
  declare readonly logGroupName: pulumi.Output<string>;
  /** ISO 8601 UTC: when the sweep may destroy this preview. */
  declare readonly expiresAt: string;
  /** Hours per week the preview runs (168 when it never sleeps). */
  declare readonly awakeHoursPerWeek: number;
  /** ISO 8601 UTC: when the preview next goes to sleep after this deploy; undefined if it never sleeps. */
  declare readonly sleepsAt: string | undefined;
  /** ISO 8601 UTC: when it wakes after that; undefined if it never sleeps. */
  declare readonly wakesAt: string | undefined;
  /** The sleep schedule's resources; undefined if it never sleeps. */
  declare readonly sleep: PreviewSleep | undefined;

  constructor(name: string, args: PreviewEnvironmentArgs, opts?: pulumi.ComponentResourceOptions) {
    const key = `PreviewEnvironment(${name})`;
    const pr = checkPrNumber(`${key}.prNumber`, args.prNumber);
    const ttl = requireIntegerInRange(`${key}.ttlDays`, args.ttlDays ?? PREVIEW_TTL_DAYS, 1, 365);
    const hours = parseAwakeHours(
      { hours: `${key}.awakeHours`, timeZone: `${key}.timeZone` },
      args.awakeHours ?? DEFAULT_AWAKE_HOURS,
      args.timeZone ?? DEFAULT_TIME_ZONE,
    );
    const deployedAt = args.deployedAt ?? new Date();
    const expires = previewExpiry(deployedAt, ttl);
    const tags = standardTags({
      environment: "preview",
      stack: previewStackName(pr),
      pr,
      expiresAt: expires,
    });
    const serviceName = args.service === undefined ? `pr-${pr}` : `pr-${pr}-${args.service}`;
    const serviceArgs = previewServiceArgs(pr, key, args, tags);
    // The service checks its arguments itself, but only after this component exists: check them first.
    asArgumentsOf(`EcsApiService(${serviceName})`, key, () =>
      normalizeServiceArgs(serviceName, pulumi.getStack(), serviceArgs),
    );
    super("pantstack:preview:PreviewEnvironment", name, {}, opts);

    const service = new EcsApiService(serviceName, serviceArgs, { parent: this });
    const awakeCapacity = serviceArgs.desiredCount ?? 1;
    // Nothing to wake when the preview is meant to run no task at all.
    const sleep =
      hours && awakeCapacity > 0
        ? createPreviewSleep(args.service === undefined ? previewStackName(pr) : name, {
            cluster: args.platform.clusterArn,
            serviceName: service.serviceName,
            awakeCapacity,
            hours,
            deployedAt,
            tags,
            parent: this,
          })
        : undefined;
    const nextSleep = sleep?.stateAtDeploy.nextSleep;

    this.service = service;
    this.url = service.url;
    this.prNumber = pr;
    this.serviceName = service.serviceName;
    this.logGroupName = service.logGroupName;
    this.expiresAt = tags["pantstack:expires-at"];
    this.sleep = sleep;
    this.awakeHoursPerWeek = sleep && hours ? awakeHoursPerWeek(hours) : 168;
    this.sleepsAt = nextSleep && isoSeconds(nextSleep);
    this.wakesAt = nextSleep && hours && isoSeconds(awakeState(hours, nextSleep).nextWake);
    this.registerOutputs({
      url: this.url,
      prNumber: pr,
      serviceName: this.serviceName,
      expiresAt: this.expiresAt,
      awakeHoursPerWeek: this.awakeHoursPerWeek,
      sleepsAt: this.sleepsAt,
      wakesAt: this.wakesAt,
    });
  }
}

/** `2026-11-27T20:00:00Z`, the format of the expiry tag. */
function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * The repository URL is checked up front when known (a URL that is not ECR's would fail only at the first
 * task start), when it resolves otherwise; the image tag likewise, both under this component's key.
 */
function checkedImage(key: string, args: PreviewEnvironmentArgs) {
  return {
    repositoryUrl: checkedInput(args.repositoryUrl, (url: string) =>
      repositoryArnFromUrl(`${key}.repositoryUrl`, url),
    ),
    imageTag: checkedInput(args.imageTag, (tag: string) => checkImageTag(`${key}.imageTag`, tag)),
  };
}

/** The reduced service a preview runs: small, one Spot task, short logs, the platform's roles and group. */
function previewServiceArgs(
  pr: number,
  key: string,
  args: PreviewEnvironmentArgs,
  tags: Record<string, string>,
): EcsApiServiceArgs {
  const platform = args.platform;
  const { repositoryUrl, imageTag } = checkedImage(key, args);
  return {
    cluster: platform.clusterArn,
    repositoryUrl,
    imageTag,
    cpu: args.cpu ?? 256,
    memory: args.memory ?? 512,
    desiredCount: args.desiredCount ?? 1,
    spot: args.spot ?? true,
    environment: args.environment,
    logRetentionDays: args.logRetentionDays ?? 3,
    logGroupName: `${PREVIEW_LOG_GROUP_PREFIX}pr-${pr}${args.service === undefined ? "" : `-${args.service}`}`,
    ...(args.containerPort !== undefined ? { containerPort: args.containerPort } : {}),
    ...(args.healthPath !== undefined ? { healthCheck: { path: args.healthPath } } : {}),
    ...(args.serviceConnectNamespaceArn !== undefined
      ? { serviceConnectNamespaceArn: args.serviceConnectNamespaceArn }
      : {}),
    executionRoleArn: platform.previewExecutionRoleArn,
    taskRoleArn: platform.previewTaskRoleArn,
    // Previews are short-lived: a faster, less cautious rollout is fine; the breaker still rolls back.
    healthCheckGracePeriodSeconds: 30,
    network: {
      vpcId: platform.vpcId,
      subnetIds: platform.taskSubnetIds,
      assignPublicIp: platform.assignPublicIp,
      securityGroupIds: [platform.previewSecurityGroupId],
    },
    routing: {
      listenerArn: platform.httpsListenerArn,
      loadBalancerSecurityGroupId: platform.loadBalancerSecurityGroupId,
      hostname: pulumi
        .output(platform.domain)
        .apply((domain) =>
          args.service === undefined
            ? previewHostname(pr, domain)
            : `${PREVIEW_HOST_PREFIX}${pr}-${args.service}.${domain}`,
        ),
      priority: args.priority ?? previewPriority(pr),
      dns: {
        zoneId: platform.hostedZoneId,
        loadBalancerDnsName: platform.loadBalancerDnsName,
        loadBalancerZoneId: platform.loadBalancerZoneId,
      },
    },
    tags,
  };
}
