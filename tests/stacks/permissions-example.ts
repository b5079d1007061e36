import type { StackPlan } from "../../plan/plan";
import type { Principal } from "../support/iam-evaluation";
import { plannedStacks } from "../support/planned";
import { ACCOUNT, find, identityOf, REGION, type RoleName } from "./permissions-fixture";
import type { PlannedWorld } from "./provider-calls";

/**
 * The example catalog (`examples/services.yaml`: web `api` and `web`, backend `auth`, worker `events`, job
 * `nightly`) planned for `shared`, `test`, `prod` and `preview-pr-1` of a pull request that changed every
 * service, with the CI roles `shared` plans for it: what the service permission tests evaluate.
 */

export const EXAMPLE = "examples/services.yaml";

/** A pull request that changed every service: its preview runs one of each kind, its job scheduled. */
export const EVERY_KIND = {
  "pantstack:changedServices": "api,web,auth,events,nightly",
  "pantstack:previewJobs": "scheduled",
};

/** The planned stacks and the CI roles of the example catalog. */
export interface Example {
  plans: Record<"shared" | "test" | "prod" | "preview", StackPlan>;
  world: PlannedWorld;
  roles: Record<RoleName, Principal>;
}

let example: Promise<Example> | undefined;

/** Plans the example catalog's stacks once per process. */
export function loadExample(): Promise<Example> {
  example ??= (async () => {
    const [shared, test, prod, preview] = await plannedStacks({
      stacks: ["shared", "test", "prod", "preview-pr-1"],
      services: EXAMPLE,
      stackOverrides: { "preview-pr-1": EVERY_KIND },
    });
    const role = (name: RoleName): Principal => ({
      arn: String(find(shared, "aws:iam/role:Role", name).outputs.arn),
      identity: identityOf(shared, name),
    });
    return {
      plans: { shared, test, prod, preview },
      world: {
        region: REGION,
        account: ACCOUNT,
        resources: [shared, test, prod, preview].flatMap((p) => p.resources),
      },
      roles: {
        "image-push": role("image-push"),
        "deploy-test": role("deploy-test"),
        "deploy-prod": role("deploy-prod"),
        preview: role("preview"),
      },
    };
  })();
  return example;
}
