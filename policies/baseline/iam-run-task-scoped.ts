import { PREVIEW_FAMILY_PREFIX } from "../support/constants";
import { resourcePolicy } from "../support/policy-helpers";

interface Statement {
  Effect?: string;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

const list = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());
const FAMILY = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]+(:(\d+|\*))?$/;
// test's one scheduler role for every preview's jobs: preview families are known only by their prefix. It
// passes only the named preview roles (checked below), so it can start nothing a preview could not.
const PREVIEW_FAMILIES = new RegExp(
  `^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\\d{12}:task-definition\\/${PREVIEW_FAMILY_PREFIX}\\*:\\*$`,
);

/**
 * A role that may `ecs:RunTask` (a Scheduler schedule's role) runs only named task definition families (or
 * every preview's, `preview-pr-*`), in a named cluster, and passes only named roles: a schedule that could run
 * any task or pass any role would let whoever edits it escalate. A policy document is judged as the role of a job when it allows `ecs:RunTask`.
 */
export const iamRunTaskScoped = resourcePolicy({
  name: "iam-run-task-scoped",
  description:
    "Role policies allowing ecs:RunTask name the task definition family, condition on ecs:cluster, and pass no wildcard role.",
  enforcementLevel: "mandatory",
  types: ["aws:iam/rolePolicy:RolePolicy"],
  defaults: {},
  check: (props, _config, report, args) => {
    const raw = props.policy;
    if (typeof raw !== "string") return;
    let statements: Statement[];
    try {
      statements = [(JSON.parse(raw) as { Statement?: Statement | Statement[] }).Statement ?? []].flat();
    } catch {
      return;
    }
    const allows = statements.filter((s) => s.Effect === "Allow");
    const runTask = allows.filter((s) => list(s.Action).includes("ecs:RunTask"));
    if (runTask.length === 0) return;
    for (const s of runTask) {
      for (const resource of list(s.Resource).filter((r) => !FAMILY.test(r) && !PREVIEW_FAMILIES.test(r)))
        report(
          `role policy ${args.name}: ecs:RunTask on ${resource}; allowed: arn:aws:ecs:<region>:<account>:task-definition/<family>[:*]`,
        );
      if (s.Condition?.ArnEquals?.["ecs:cluster"] === undefined)
        report(
          `role policy ${args.name}: ecs:RunTask has no ArnEquals ecs:cluster condition; allowed: one cluster`,
        );
    }
    for (const s of allows.filter((x) => list(x.Action).includes("iam:PassRole")))
      for (const resource of list(s.Resource).filter((r) => r.includes("*")))
        report(
          `role policy ${args.name}: iam:PassRole on ${resource}; allowed: the task's role ARNs, no wildcard`,
        );
  },
});
