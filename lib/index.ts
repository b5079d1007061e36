export { type EcrEncryption, EcrRepository, type EcrRepositoryArgs } from "./ecr/ecr-repository";
export {
  checkImageTag,
  checkImageTagForStack,
  DOCKER_TAG_PATTERN,
  type ImageTagRule,
  imageTagRule,
  type TagVersion,
  tagVersion,
} from "./ecr/image-tag";
export {
  defaultLifecycleRules,
  type LifecycleRule,
  lifecyclePolicyJson,
  PREVIEW_RETENTION,
  previewLifecycleRules,
  type RetentionSettings,
} from "./ecr/lifecycle";
export { repositoryPolicyDocument } from "./ecr/repository-policy";
export { type AutoscalingArgs, type NormalizedAutoscaling, normalizeAutoscaling } from "./ecs/autoscaling";
export { CONTAINER_NAME, type ContainerSpec, containerDefinitions } from "./ecs/container-definition";
export {
  DEPLOYMENT_STRATEGIES,
  type DeploymentStrategyArgs,
  type DeploymentStrategyType,
  type ServiceAlarmsArgs,
  TEST_TRAFFIC_HEADER,
} from "./ecs/deployment-strategy";
export { EcsApiService } from "./ecs/ecs-api-service";
export type {
  EcsApiServiceArgs,
  EcsApiServiceTransforms,
  ServiceNetwork,
  ServiceRouting,
} from "./ecs/ecs-api-service-args";
export { EcsBackendService, SERVICE_CONNECT_PORT_NAME } from "./ecs/ecs-backend-service";
export type { EcsBackendServiceArgs, EcsBackendServiceTransforms } from "./ecs/ecs-backend-service-args";
export { EcsWorkerService } from "./ecs/ecs-worker-service";
export {
  type EcsWorkerServiceArgs,
  type EcsWorkerServiceTransforms,
  QUEUE_URL_VARIABLE,
  type WorkerQueueArgs,
  type WorkerScalingArgs,
} from "./ecs/ecs-worker-service-args";
export { checkFargateSize, FARGATE_CPU, FARGATE_MEMORY } from "./ecs/fargate-sizes";
export type { FargateTaskArgs, PrivateTaskNetwork } from "./ecs/fargate-task-args";
export type { ContainerHealthCheck, TargetHealthCheck } from "./ecs/health-checks";
export { isTimeZone, scheduleProblem } from "./ecs/schedule-expression";
export { ScheduledTask } from "./ecs/scheduled-task";
export {
  type ScheduledTaskArgs,
  type ScheduledTaskTransforms,
  TIMEOUT_VARIABLE,
  timeoutEntryPoint,
} from "./ecs/scheduled-task-args";
export {
  type SchedulerPermissions,
  schedulerRolePolicy,
  schedulerTrustPolicy,
} from "./ecs/scheduler-permissions";
export {
  type ExecutionPermissions,
  ecsTasksTrustPolicy,
  executionRolePolicy,
  repositoryArnFromUrl,
} from "./ecs/task-permissions";
export {
  QUEUE_CONSUME_ACTIONS,
  QUEUE_SEND_ACTIONS,
  queueAccessPolicy,
  redriveAllowPolicy,
  redrivePolicy,
} from "./ecs/worker-queue";
export { isValidationError, ValidationError } from "./errors";
export { createGithubOidcProvider, githubOidcProviderArn } from "./github/github-oidc-provider";
export { GithubOidcRole, type GithubOidcRoleArgs } from "./github/github-oidc-role";
export {
  checkGithubRepository,
  type GithubSubject,
  githubTrustPolicy,
  subjectClaim,
} from "./github/trust-policy";
export { type PolicyDocument, type PolicyStatement, policyDocument } from "./iam/policy-document";
export { checkLogRetention, LOG_RETENTION_DAYS } from "./logs/retention";
export { AlarmSet, type AlarmSetArgs } from "./monitoring/alarm-set";
export {
  type AlarmQuery,
  type AlarmSpec,
  DEFAULT_JOB_THRESHOLDS,
  DEFAULT_WEB_THRESHOLDS,
  DEFAULT_WORKER_THRESHOLDS,
  type JobAlarmThresholds,
  jobAlarmSpecs,
  type TargetGroupDimensions,
  type WebAlarmThresholds,
  type WorkerAlarmThresholds,
  webAlarmSpecs,
  workerAlarmSpecs,
} from "./monitoring/alarm-specs";
export { AlarmTopic, type AlarmTopicArgs, type SlackChannel } from "./monitoring/alarm-topic";
export {
  type EventPattern,
  failedTaskNotification,
  failedTaskPattern,
  type InputTransformer,
} from "./monitoring/task-failure-events";
export { TaskFailureRule, type TaskFailureRuleArgs } from "./monitoring/task-failure-rule";
export { checkName, NAME_LIMITS, type NamedKind, type NameRule } from "./names";
export { subnetCidrs } from "./network/cidr";
export { HttpsLoadBalancer, type HttpsLoadBalancerArgs } from "./network/https-load-balancer";
export { NAT_STRATEGIES, type NatStrategy, Network, type NetworkArgs } from "./network/network";
export { ServiceNamespace, type ServiceNamespaceArgs } from "./network/service-namespace";
export { DEFAULT_TLS_POLICY, MODERN_TLS_POLICIES } from "./network/tls-policies";
export {
  ALWAYS_AWAKE,
  type AwakeHours,
  type AwakeState,
  awakeHoursPerWeek,
  awakeState,
  DEFAULT_AWAKE_HOURS,
  DEFAULT_TIME_ZONE,
  parseAwakeHours,
  type SleepSchedule,
  sleepSchedule,
} from "./preview/awake-hours";
export {
  MAX_PREVIEW_PR,
  PREVIEW_PRIORITY_BASE,
  parsePreviewStack,
  previewExpiry,
  previewHostname,
  previewPriority,
} from "./preview/naming";
export {
  PreviewEnvironment,
  type PreviewEnvironmentArgs,
  type PreviewPlatform,
} from "./preview/preview-environment";
export type { PreviewSleep } from "./preview/preview-sleep";
export { type Environment, type StandardTagsArgs, standardTags, TAG_KEYS } from "./tags";
