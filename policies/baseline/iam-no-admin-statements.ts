import { list, parseDocument, resourcePolicy } from "../support/policy-helpers";

interface Statement {
  Effect?: string;
  Action?: string | string[];
  Resource?: string | string[];
}

const POLICY_TYPES = [
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/policy:Policy",
  "aws:iam/userPolicy:UserPolicy",
  "aws:iam/groupPolicy:GroupPolicy",
];

/** No policy grants every action on every resource. */
export const iamNoAdminStatements = resourcePolicy({
  name: "iam-no-admin-statements",
  description: 'No IAM policy statement allows "*" actions on "*" resources.',
  enforcementLevel: "mandatory",
  types: [...POLICY_TYPES, "aws:iam/role:Role"],
  defaults: {},
  check: (props, _config, report, args) => {
    const documents =
      args.type === "aws:iam/role:Role"
        ? list(props.inlinePolicies as { policy?: unknown }[] | undefined).map((p) => p.policy)
        : [props.policy];
    for (const document of documents.map(parseDocument) as (
      | { Statement?: Statement | Statement[] }
      | undefined
    )[]) {
      for (const statement of list(document?.Statement)) {
        const everyAction = list(statement.Action).some((a) => a === "*" || a === "*:*");
        const everyResource = list(statement.Resource).includes("*");
        if (statement.Effect === "Allow" && everyAction && everyResource) {
          report('a statement allows "*" actions on "*": grant the actions and resources the job needs');
        }
      }
    }
  },
});
