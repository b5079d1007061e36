/**
 * Follows one ECS service deployment until ECS reports its outcome.
 *
 * Shapes follow the ECS API reference:
 * ListServiceDeployments https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServiceDeployments.html
 * DescribeServiceDeployments https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServiceDeployments.html
 * ServiceDeployment.status: PENDING | SUCCESSFUL | STOPPED | STOP_REQUESTED | IN_PROGRESS |
 * ROLLBACK_REQUESTED | ROLLBACK_IN_PROGRESS | ROLLBACK_SUCCESSFUL | ROLLBACK_FAILED.
 */

/** The subset of a ServiceDeploymentBrief the wait reads. */
export interface ServiceDeploymentBrief {
  serviceDeploymentArn?: string;
  status?: string;
  statusReason?: string;
  startedAt?: Date;
  createdAt?: Date;
}

/** The subset of a ServiceDeployment the wait reads. */
export interface ServiceDeployment {
  serviceDeploymentArn?: string;
  status?: string;
  statusReason?: string;
  rollback?: { reason?: string };
  alarms?: { status?: string; alarmNames?: string[]; triggeredAlarmNames?: string[] };
  deploymentCircuitBreaker?: { status?: string; failureCount?: number; threshold?: number };
}

/** The two ECS calls the wait makes; `@aws-sdk/client-ecs` answers these shapes. */
export interface DeploymentClient {
  listServiceDeployments(input: {
    cluster: string;
    service: string;
    createdAt?: { after?: Date };
    maxResults?: number;
    nextToken?: string;
  }): Promise<{ serviceDeployments?: ServiceDeploymentBrief[]; nextToken?: string }>;
  describeServiceDeployments(input: {
    serviceDeploymentArns: string[];
  }): Promise<{ serviceDeployments?: ServiceDeployment[] }>;
}

/** What the wait concluded. */
export interface WaitOutcome {
  /** `succeeded`: SUCCESSFUL; `failed`: rolled back, stopped or failed; `timeout`: no outcome in time. */
  result: "succeeded" | "failed" | "timeout";
  status?: string;
  deploymentArn?: string;
  /** One line saying why it failed (rollback reason, alarm that fired, circuit breaker). */
  reason?: string;
}

const SUCCESS = new Set(["SUCCESSFUL"]);
const FAILURE = new Set(["STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED"]);

/** True when a status is final: ECS changes it no more. */
export function isFinal(status: string | undefined): boolean {
  return status !== undefined && (SUCCESS.has(status) || FAILURE.has(status));
}

/** One line saying why a deployment did not succeed. */
export function failureReason(d: ServiceDeployment): string {
  const parts: string[] = [`status ${d.status ?? "unknown"}`];
  const fired = d.alarms?.triggeredAlarmNames ?? [];
  if (fired.length > 0) parts.push(`alarm fired: ${fired.join(", ")}`);
  if (d.deploymentCircuitBreaker?.status === "TRIGGERED") {
    parts.push(`circuit breaker triggered (${d.deploymentCircuitBreaker.failureCount ?? "?"} failed tasks)`);
  }
  if (d.rollback?.reason) parts.push(`rollback: ${d.rollback.reason}`);
  if (d.statusReason) parts.push(d.statusReason);
  return parts.join("; ").replace(/\s*\n\s*/g, " ");
}

/** What to follow, and for how long. */
export interface WaitOptions {
  /** The cluster's name or ARN. */
  cluster: string;
  /** The service's name or ARN. */
  service: string;
  /**
   * Only deployments created at or after this instant are followed.
   * @default - the service's newest deployment, whenever it was created
   */
  since?: Date;
  /** How long to wait for a final status. */
  timeoutMs: number;
  /**
   * Time between two looks.
   * @default 15000
   */
  pollMs?: number;
  /** The clock. @default Date.now */
  now?: () => number;
  /** Waits between looks. @default - setTimeout */
  sleep?: (ms: number) => Promise<void>;
  /** Told each status the followed deployment passes through (once per change). @default - nothing */
  onStatus?: (status: string, deploymentArn: string) => void;
}

/** The newest deployment created since `since`, or undefined. */
async function newest(client: DeploymentClient, o: WaitOptions): Promise<ServiceDeploymentBrief | undefined> {
  const all: ServiceDeploymentBrief[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.listServiceDeployments({
      cluster: o.cluster,
      service: o.service,
      ...(o.since ? { createdAt: { after: o.since } } : {}),
      // The most a page holds (the default is 20).
      maxResults: 100,
      nextToken,
    });
    all.push(...(page.serviceDeployments ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const at = (b: ServiceDeploymentBrief) => (b.createdAt ?? b.startedAt)?.getTime() ?? 0;
  const since = o.since?.getTime() ?? Number.NEGATIVE_INFINITY;
  return all.filter((b) => at(b) >= since).sort((a, b) => at(b) - at(a))[0];
}

/**
 * Polls until the newest deployment since `since` is final or the timeout passes. The deployments are
 * listed until one is found; from then on only that one is described (a service's history can run to many
 * pages, and a rollback by ECS is part of the same service deployment, not a new one).
 */
export async function waitForDeployment(client: DeploymentClient, o: WaitOptions): Promise<WaitOutcome> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = now() + o.timeoutMs;
  let last: WaitOutcome = { result: "timeout" };
  let followed: string | undefined;
  for (;;) {
    followed ??= (await newest(client, o))?.serviceDeploymentArn;
    if (followed) {
      const { serviceDeployments = [] } = await client.describeServiceDeployments({
        serviceDeploymentArns: [followed],
      });
      const d = serviceDeployments[0];
      if (d) {
        if (d.status && d.status !== last.status) o.onStatus?.(d.status, d.serviceDeploymentArn ?? "");
        last = { result: "timeout", status: d.status, deploymentArn: d.serviceDeploymentArn };
        if (d.status && SUCCESS.has(d.status)) return { ...last, result: "succeeded" };
        if (d.status && FAILURE.has(d.status)) return { ...last, result: "failed", reason: failureReason(d) };
      }
    }
    if (now() >= deadline) {
      return {
        ...last,
        reason: `no final status within ${Math.round(o.timeoutMs / 60000)} minutes (last: ${last.status ?? "no deployment"})`,
      };
    }
    await sleep(o.pollMs ?? 15000);
  }
}
