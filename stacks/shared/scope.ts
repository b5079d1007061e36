import { PREVIEW_HOST_PREFIX, PREVIEW_LOG_GROUP_PREFIX } from "../../lib/preview/naming";
import { TAG_KEYS } from "../../lib/tags";

/**
 * What the CI permissions are scoped to: known in `shared` before any environment exists, because every
 * name below is fixed by convention (stack names, the cluster names, IAM paths, log group prefixes).
 */
export interface CiScope {
  account: string;
  region: string;
  /** The primary service's release repository (`v*` images from `dev` and `main`): test and prod run from it. */
  releaseRepositoryArn: string;
  /**
   * Every service's release repository, the primary's included.
   * @default - `[releaseRepositoryArn]`
   */
  releaseRepositoryArns?: string[];
  /** The pull-request repository (`pr-<N>-<sha>` images): previews run from it. */
  previewRepositoryArn: string;
  /** The domain every host name lives under, e.g. `pantstack.dev`. */
  domain: string;
  /** The Route 53 hosted zone of `domain`: the only zone any CI role may change. */
  hostedZoneId: string;
  /**
   * The catalog's web host labels (`hostLabel`): prod serves each at `<label>.<domain>`, test at
   * `test-<label>.<domain>` (stacks/environment/hostnames.ts).
   * @default []
   */
  webHostLabels?: string[];
}

/** The release repositories as an IAM `Resource`: one ARN, or the list when the catalog has several services. */
export function releaseRepositories(scope: CiScope): string | string[] {
  const arns = scope.releaseRepositoryArns ?? [scope.releaseRepositoryArn];
  return arns.length === 1 ? arns[0] : arns;
}

/** An environment whose stacks create roles (and so has a permissions boundary). */
export type BoundedEnvironment = "test" | "prod" | "preview";

/** The environments a GitHub deploy role deploys. */
export type DeployEnvironment = "test" | "prod";

/** IAM path of the roles each environment's stacks create; `iam:PassRole` grants are scoped to it. */
export const ROLE_PATHS = {
  test: "/pantstack/test/",
  prod: "/pantstack/prod/",
  preview: "/pantstack/preview/",
} as const;

/** ECS cluster names: fixed, so `ecs:cluster` conditions can name them before the clusters exist. */
export const CLUSTER_NAMES = { test: "pantstack-test", prod: "pantstack-prod" } as const;

/** The API's host label under the domain: `test.<domain>`, `api.<domain>`. */
export const HOST_LABELS = { test: "test", prod: "api" } as const;

/** Log group name prefixes (`/pantstack/<stack>/<service>`, previews `/pantstack/preview/pr-<N>`). */
export const LOG_GROUP_PREFIXES = {
  test: "/pantstack/test/",
  prod: "/pantstack/prod/",
  preview: PREVIEW_LOG_GROUP_PREFIX,
} as const;

/**
 * Prefixes of the physical names the service components derive, `pantstack-<stack>-<service>` (queues and their
 * DLQs, schedules; lib/ecs/fargate-task-args.ts `physicalName`): deploy roles are scoped to their own.
 */
export const NAME_PREFIXES = {
  test: "pantstack-test-",
  prod: "pantstack-prod-",
  preview: "pantstack-preview-pr-",
} as const;

/** Task definition family prefixes (`<stack>-<service>`). */
export const TASK_FAMILY_PREFIXES = { test: "test-", prod: "prod-", preview: "preview-pr-" } as const;

/** Where an environment's secrets live: SSM `/pantstack/<env>/...`, Secrets Manager `pantstack/<env>/...`. */
export const SECRET_PREFIXES = {
  test: "pantstack/test/",
  prod: "pantstack/prod/",
  preview: "pantstack/preview/",
} as const;

/** IAM path of the permissions boundaries (no CI role may change anything under it). */
export const BOUNDARY_PATH = "/pantstack/boundaries/";
/** IAM path of the GitHub roles (no CI role may change anything under it). */
export const CI_ROLE_PATH = "/pantstack/ci/";

/** The tag every resource carries with its environment. */
export const ENVIRONMENT_TAG = TAG_KEYS.environment;

/** The boundary policy's name for `environment`. */
export const boundaryName = (environment: BoundedEnvironment) => `pantstack-${environment}-boundary`;

/** ARN of `environment`'s permissions boundary: fixed, so deploy roles can require it before it exists. */
export const boundaryArn = (scope: CiScope, environment: BoundedEnvironment) =>
  `arn:aws:iam::${scope.account}:policy${BOUNDARY_PATH}${boundaryName(environment)}`;

/** Every role under `path`. */
export const rolesUnder = (scope: CiScope, path: string) => `arn:aws:iam::${scope.account}:role${path}*`;

/** ARN of `environment`'s ECS cluster. */
export const clusterArn = (scope: CiScope, environment: DeployEnvironment) =>
  `arn:aws:ecs:${scope.region}:${scope.account}:cluster/${CLUSTER_NAMES[environment]}`;

/** Log groups whose names start with `prefix` (and their streams, for the `logs:*LogStream*` calls). */
export const logGroupsUnder = (scope: CiScope, prefix: string) => [
  `arn:aws:logs:${scope.region}:${scope.account}:log-group:${prefix}*`,
  `arn:aws:logs:${scope.region}:${scope.account}:log-group:${prefix}*:*`,
];

/** The log streams of the log groups whose names start with `prefix` (what tasks write). */
export const logStreamsUnder = (scope: CiScope, prefix: string) =>
  `arn:aws:logs:${scope.region}:${scope.account}:log-group:${prefix}*:log-stream:*`;

/** The hosted zone's ARN. */
export const hostedZoneArn = (scope: CiScope) => `arn:aws:route53:::hostedzone/${scope.hostedZoneId}`;

/** The catalog's web host labels, sorted and without repeats. */
const labelsOf = (scope: CiScope) => [...new Set(scope.webHostLabels ?? [])].sort();

/**
 * The host names of `environment`'s web services: its own host, and one per catalog host label
 * (`<label>.<domain>` in prod; test's `test-<label>.<domain>` are under test's wildcard).
 */
export function webHostnames(scope: CiScope, environment: DeployEnvironment): string[] {
  const d = scope.domain;
  const own = `${HOST_LABELS[environment]}.${d}`;
  if (environment === "test") return [own];
  return [
    own,
    ...labelsOf(scope)
      .map((label) => `${label}.${d}`)
      .filter((h) => h !== own),
  ];
}

/**
 * The DNS names (as Route 53 normalizes them: lowercase, no trailing dot) a stack of `environment` may
 * write: its web services' host names and the ACM validation records of its certificate (`_<hash>.<name>`).
 * `test`'s wildcard certificate `*.<domain>` is validated by `_<hash>.<domain>`.
 */
export function ownedRecordNames(scope: CiScope, environment: DeployEnvironment | "preview"): string[] {
  const d = scope.domain;
  if (environment === "preview") return [`${PREVIEW_HOST_PREFIX}*.${d}`];
  const hosts = webHostnames(scope, environment);
  // test's other web services are `test-<label>.<domain>`, validated by its wildcard certificate's `_*.<domain>`.
  return environment === "test"
    ? [...hosts, `${HOST_LABELS.test}-*.${d}`, ...hosts.map((h) => `_*.${h}`), `_*.${d}`]
    : [...hosts, ...hosts.map((h) => `_*.${h}`)];
}

/** Names another environment owns, denied even where an own pattern (`_*.<domain>`) would match them. */
export function foreignRecordNames(scope: CiScope, environment: DeployEnvironment): string[] {
  const d = scope.domain;
  const prodLabels = webHostnames(scope, "prod").map((h) => h.slice(0, -(d.length + 1)));
  const others =
    environment === "test"
      ? prodLabels
      : [HOST_LABELS.test, `${HOST_LABELS.test}-*`, `${PREVIEW_HOST_PREFIX}*`];
  return others.flatMap((label) => [`${label}.${d}`, `*.${label}.${d}`]);
}
