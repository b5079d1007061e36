import { GITHUB_OIDC_HOST } from "../support/constants";
import { list, parseDocument, resourcePolicy } from "../support/policy-helpers";

interface Statement {
  Effect?: string;
  Principal?: { Federated?: string | string[] } | string;
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** `repo:<owner>/<repo>:...` with a fixed owner and repository. */
const SCOPED_SUBJECT = /^repo:([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+):[^\s]+$/;

/** Roles GitHub Actions assume are scoped to one repository, with the audience pinned. */
export const iamGithubOidcTrust = resourcePolicy({
  name: "iam-github-oidc-trust",
  description:
    "A role trusting GitHub's OIDC provider pins aud to sts.amazonaws.com with StringEquals and matches sub to one repository (no wildcard owner or repository).",
  enforcementLevel: "mandatory",
  types: ["aws:iam/role:Role"],
  defaults: { allowedRepositories: [] as string[] },
  configSchema: {
    properties: {
      allowedRepositories: {
        type: "array",
        items: { type: "string" },
        description: "If set, the only owner/repo values allowed",
      },
    },
  },
  check: (props, { allowedRepositories }, report) => {
    const document = parseDocument(props.assumeRolePolicy) as
      | { Statement?: Statement | Statement[] }
      | undefined;
    for (const statement of list(document?.Statement)) {
      const principal = typeof statement.Principal === "object" ? statement.Principal.Federated : undefined;
      if (statement.Effect !== "Allow" || !list(principal).some((p) => p.includes(GITHUB_OIDC_HOST)))
        continue;
      const conditions = statement.Condition ?? {};
      const audience = conditions.StringEquals?.[`${GITHUB_OIDC_HOST}:aud`];
      if (list(audience).length === 0 || list(audience).some((a) => a !== "sts.amazonaws.com")) {
        report(`GitHub trust must pin ${GITHUB_OIDC_HOST}:aud to sts.amazonaws.com with StringEquals`);
      }
      const subjects = [
        ...list(conditions.StringEquals?.[`${GITHUB_OIDC_HOST}:sub`]),
        ...list(conditions.StringLike?.[`${GITHUB_OIDC_HOST}:sub`]),
      ];
      if (subjects.length === 0)
        report(`GitHub trust has no ${GITHUB_OIDC_HOST}:sub condition: any repository could assume it`);
      for (const subject of subjects) {
        const match = SCOPED_SUBJECT.exec(subject);
        if (!match) {
          report(
            `GitHub trust subject "${subject}" is not scoped to one repository (expected repo:<owner>/<repo>:...)`,
          );
        } else if (
          allowedRepositories.length > 0 &&
          !allowedRepositories.includes(`${match[1]}/${match[2]}`)
        ) {
          report(
            `GitHub trust subject "${subject}" names a repository outside ${allowedRepositories.join(", ")}`,
          );
        }
      }
    }
  },
});
