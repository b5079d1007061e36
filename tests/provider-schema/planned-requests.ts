import type { PlanRequest } from "../../plan/plan";
import { EXAMPLE_PREVIEW, PLANNED_STACKS } from "../../stacks/programs";

/** The default catalog: every stack `npm run plan` plans, with its committed config. */
export const DEFAULT_CATALOG: PlanRequest = { stacks: [...PLANNED_STACKS] };

export const EXAMPLE_CATALOG_FILE = "examples/services.yaml";
// The example's backend, worker and job run in private subnets behind NAT: `single`, as test's default for
// this catalog (pantstack:natGateways follows the catalog), set explicitly.
const NAT = { "pantstack:natGateways": "single" };

// Alarms also reach Slack through AWS Chatbot when a channel is configured.
const SLACK = { "pantstack:slackWorkspaceId": "T07EA123LEP", "pantstack:slackChannelId": "C07EZ1ABC23" };

/**
 * The example catalog (web `api` and `web`, backend `auth`, worker `events`, job `nightly`) in every stack,
 * prod with Slack delivery of its alarms, and a preview whose PR changed `api`, so it runs `api` and `web`
 * (which calls it), and one whose PR changed `auth`, `events` and `nightly`, so it runs every kind.
 */
export const EXAMPLE_CATALOG: readonly PlanRequest[] = [
  {
    stacks: [...PLANNED_STACKS],
    services: EXAMPLE_CATALOG_FILE,
    stackOverrides: { test: NAT, prod: SLACK },
  },
  {
    stacks: ["test", EXAMPLE_PREVIEW],
    services: EXAMPLE_CATALOG_FILE,
    stackOverrides: { test: NAT, [EXAMPLE_PREVIEW]: { "pantstack:changedServices": "api" } },
  },
  // A preview running every kind: its own backend, worker (queue and DLQ) and job (schedule).
  {
    stacks: ["test", EXAMPLE_PREVIEW],
    services: EXAMPLE_CATALOG_FILE,
    stackOverrides: {
      test: NAT,
      [EXAMPLE_PREVIEW]: { "pantstack:changedServices": "auth,events,nightly" },
    },
  },
];
