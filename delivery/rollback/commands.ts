// The commands a rollback runs, as argument lists and as the shell lines an operator can paste.
import type { RollbackTargets } from "./targets";

/** What to roll back to. */
export interface RollbackRequest {
  /** `prod` or `test`. */
  stack: string;
  /** The image tag to put back, e.g. `v1.2.3`. */
  imageTag: string;
  /** An untargeted `pulumi up` instead of targeting the task definition and the service. */
  full: boolean;
  /**
   * A policy pack folder the update runs with, as every deploy does (`--policy-pack`).
   * @default - none
   */
  policyPack?: string;
}

/** The Pulumi CLI arguments, one list per command, without the leading `pulumi`. */
export function rollbackCommands(request: RollbackRequest, targets: RollbackTargets): string[][] {
  return [
    ["config", "set", "pantstack:imageTag", request.imageTag, "--stack", request.stack],
    upCommand(request, [targets.taskDefinitionUrn, targets.serviceUrn]),
  ];
}

/** The rollback's `pulumi up` arguments: refreshed, with the policy pack, targeting `urns` unless `--full`. */
export function upCommand(request: RollbackRequest, urns: string[]): string[] {
  // Refresh first: after a failed deploy (the circuit breaker rolled the service back) the state is stale.
  return [
    "up",
    "--stack",
    request.stack,
    "--refresh",
    ...(request.policyPack ? ["--policy-pack", request.policyPack] : []),
    ...(request.full ? [] : urns.flatMap((urn) => ["--target", urn])),
  ];
}

/**
 * Quotes an argument for a POSIX shell when it needs it. URNs contain `$` (`EcsApiService$aws:ecs/...`):
 * inside double quotes the shell would expand `$aws`, so they are single-quoted.
 */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** `pulumi <args>` as one pasteable line. */
export function shellLine(args: string[]): string {
  return ["pulumi", ...args].map(shellQuote).join(" ");
}
