import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { schedulerTrustPolicy } from "../../lib/ecs/scheduler-permissions";
import { QUEUE_CONSUME_ACTIONS, QUEUE_SEND_ACTIONS } from "../../lib/ecs/worker-queue";
import { type PolicyDocument, policyDocument } from "../../lib/iam/policy-document";
import type { Catalog } from "../catalog";
import type { DeployedService } from "../environment/services";
import { ROLE_PATHS, TASK_FAMILY_PREFIXES } from "../shared/scope";

/** SQS queues of previews: `pantstack-preview-pr-<N>-<worker>` (and `-dlq`), see stacks/preview. */
export const PREVIEW_QUEUE_PREFIX = "pantstack-preview-pr-";

/**
 * Lets preview tasks call test's backends and each other's. Every preview task runs in test's one preview
 * security group (a preview may create no network resources, and one group keeps test's rules independent of
 * how many previews run), so each backend admits that group as `<backend>-from-previews`, and the group admits
 * itself on each backend port (`preview-from-previews-<port>`) for the backends a preview runs itself
 * (`<backend>-pr-<N>`). Previews of different PRs can therefore reach each other's backends: they run code
 * under review with the same roles already, and none can reach anything test's callers could not.
 */
export function admitPreviews(
  catalog: Catalog,
  deployed: Record<string, DeployedService>,
  previewGroupId: pulumi.Output<string>,
): void {
  const ports = new Set<number>();
  for (const service of catalog.services) {
    const backend = deployed[service.name];
    if (backend.kind !== "backend" || !backend.securityGroupId || backend.port === undefined) continue;
    ports.add(backend.port);
    new aws.vpc.SecurityGroupIngressRule(
      `${service.name}-from-previews`,
      {
        securityGroupId: backend.securityGroupId,
        referencedSecurityGroupId: previewGroupId,
        ipProtocol: "tcp",
        fromPort: backend.port,
        toPort: backend.port,
        description: `Service Connect calls from previews to ${service.name}`,
      },
      { parent: backend.component },
    );
  }
  for (const port of ports) {
    new aws.vpc.SecurityGroupIngressRule(`preview-from-previews-${port}`, {
      securityGroupId: previewGroupId,
      referencedSecurityGroupId: previewGroupId,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      description: "Service Connect calls between preview tasks (a preview's own backends)",
    });
  }
}

/**
 * The preview task role's queue access: consume and send on every preview's own queues (a preview runs a
 * changed worker with its own queue, and its callers send to it), and send to test's queues, which previews
 * borrow for unchanged workers. The preview boundary must allow the same for it to take effect.
 */
export function previewQueuePolicy(region: string, account: string, testQueueArns: string[]): PolicyDocument {
  const own = `arn:aws:sqs:${region}:${account}:${PREVIEW_QUEUE_PREFIX}*`;
  return policyDocument(
    {
      Sid: "OwnQueues",
      Effect: "Allow",
      Action: [...new Set([...QUEUE_CONSUME_ACTIONS, ...QUEUE_SEND_ACTIONS])].sort(),
      Resource: own,
    },
    ...(testQueueArns.length > 0
      ? [
          {
            Sid: "SendToTestQueues",
            Effect: "Allow" as const,
            Action: QUEUE_SEND_ACTIONS,
            Resource: testQueueArns,
          },
        ]
      : []),
  );
}

/**
 * The role of every preview's job schedule: a preview may create no role, so test creates it. It may run
 * preview task definitions (`preview-pr-*`, every revision) in test's cluster only, pass the two preview task
 * roles to ECS only, and tag the tasks RunTask creates. `schedulerRolePolicy` scopes a job's own role to
 * one family; previews' families are known only by prefix.
 * Source: https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role
 */
export function previewSchedulerPolicy(args: {
  region: string;
  account: string;
  clusterArn: string;
  clusterName: string;
  taskRoleArns: string[];
}): PolicyDocument {
  const { region, account } = args;
  return policyDocument(
    {
      Effect: "Allow",
      Action: "ecs:RunTask",
      Resource: `arn:aws:ecs:${region}:${account}:task-definition/${TASK_FAMILY_PREFIXES.preview}*:*`,
      Condition: { ArnEquals: { "ecs:cluster": args.clusterArn } },
    },
    {
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: args.taskRoleArns,
      Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
    },
    {
      Effect: "Allow",
      Action: "ecs:TagResource",
      Resource: `arn:aws:ecs:${region}:${account}:task/${args.clusterName}/*`,
      Condition: { StringEquals: { "ecs:CreateAction": "RunTask" } },
    },
  );
}

/** What {@link createPreviewServiceAccess} needs from test. */
export interface PreviewAccessArgs {
  catalog: Catalog;
  region: string;
  deployed: Record<string, DeployedService>;
  cluster: aws.ecs.Cluster;
  taskRole: aws.iam.Role;
  executionRole: aws.iam.Role;
  boundaryArn: pulumi.Output<string>;
}

/**
 * What previews of private kinds need from test, created only when the catalog has them (the default
 * catalog's test stack gains nothing): the task role's queue policy for workers, a scheduler role for jobs.
 */
export function createPreviewServiceAccess(args: PreviewAccessArgs): {
  schedulerRoleArn?: pulumi.Output<string>;
} {
  const { catalog, region, deployed } = args;
  const account = aws.getCallerIdentityOutput().accountId;
  const kinds = new Set(catalog.services.map((s) => s.kind));
  if (kinds.has("worker")) {
    const testQueues = catalog.services.flatMap((s) => {
      const component = deployed[s.name].component as { queueArn?: pulumi.Output<string> } | undefined;
      return s.kind === "worker" && component?.queueArn ? [component.queueArn] : [];
    });
    new aws.iam.RolePolicy("preview-task-queues", {
      role: args.taskRole.name,
      policy: pulumi
        .all([account, pulumi.all(testQueues)])
        .apply(([id, queues]) => JSON.stringify(previewQueuePolicy(region, id, queues))),
    });
  }
  if (!kinds.has("job")) return {};
  const role = new aws.iam.Role("preview-scheduler", {
    path: ROLE_PATHS.preview,
    assumeRolePolicy: account.apply((id) => JSON.stringify(schedulerTrustPolicy(id))),
    description: "EventBridge Scheduler for previews' jobs: runs preview tasks in test's cluster only",
    permissionsBoundary: args.boundaryArn,
  });
  new aws.iam.RolePolicy("preview-scheduler", {
    role: role.name,
    policy: pulumi
      .all([account, args.cluster.arn, args.cluster.name, args.executionRole.arn, args.taskRole.arn])
      .apply(([id, clusterArn, clusterName, execution, task]) =>
        JSON.stringify(
          previewSchedulerPolicy({
            region,
            account: id,
            clusterArn,
            clusterName,
            taskRoleArns: [execution, task],
          }),
        ),
      ),
  });
  return { schedulerRoleArn: role.arn };
}
