import { resourcePolicy } from "../support/policy-helpers";

/** People and CI use roles (SSO, OIDC); long-lived users and keys are never created. */
export const iamNoUsers = resourcePolicy({
  name: "iam-no-users-or-access-keys",
  description: "No IAM users, login profiles or access keys: use roles (SSO, GitHub OIDC).",
  enforcementLevel: "mandatory",
  types: ["aws:iam/user:User", "aws:iam/accessKey:AccessKey", "aws:iam/userLoginProfile:UserLoginProfile"],
  defaults: {},
  check: (_props, _config, report, args) => {
    report(`${args.type} creates long-lived credentials; use a role assumed through SSO or GitHub OIDC`);
  },
});
