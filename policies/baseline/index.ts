import type { Policies } from "@pulumi/policy";
import { albDeletionProtectionProd } from "./alb-deletion-protection-prod";
import { albDropInvalidHeaders } from "./alb-drop-invalid-headers";
import { albHttpRedirectOnly } from "./alb-http-redirect-only";
import { albHttpsTlsPolicy } from "./alb-https-tls-policy";
import { cloudwatchAlarmHasAction } from "./cloudwatch-alarm-has-action";
import { ecrImmutableTags } from "./ecr-immutable-tags";
import { ecrScanOnPush } from "./ecr-scan-on-push";
import { ecsCircuitBreaker } from "./ecs-circuit-breaker";
import { ecsNoPrivilegedContainers } from "./ecs-no-privileged-containers";
import { ecsNoPublicIp } from "./ecs-no-public-ip";
import { ecsProdSafeRollout } from "./ecs-prod-safe-rollout";
import { ecsReadOnlyRootFilesystem } from "./ecs-read-only-root-filesystem";
import { iamGithubOidcTrust } from "./iam-github-oidc-trust";
import { iamNoAdminStatements } from "./iam-no-admin-statements";
import { iamNoUsers } from "./iam-no-users-or-access-keys";
import { iamRunTaskScoped } from "./iam-run-task-scoped";
import { iamServiceTrustSourceAccount } from "./iam-service-trust-source-account";
import { logsRetention } from "./logs-retention";
import { requiredTags } from "./required-tags";
import { sgNoPublicIngress } from "./sg-no-public-ingress";

/** The security baseline every stack is held to. */
export const baselinePolicies: Policies = [
  ecrImmutableTags,
  ecrScanOnPush,
  iamGithubOidcTrust,
  iamNoUsers,
  iamNoAdminStatements,
  iamServiceTrustSourceAccount,
  iamRunTaskScoped,
  albHttpsTlsPolicy,
  albHttpRedirectOnly,
  albDropInvalidHeaders,
  albDeletionProtectionProd,
  sgNoPublicIngress,
  ecsNoPrivilegedContainers,
  ecsReadOnlyRootFilesystem,
  ecsCircuitBreaker,
  ecsNoPublicIp,
  ecsProdSafeRollout,
  cloudwatchAlarmHasAction,
  logsRetention,
  requiredTags,
];
