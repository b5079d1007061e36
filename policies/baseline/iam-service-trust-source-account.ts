import { list, parseDocument, resourcePolicy } from "../support/policy-helpers";

interface Statement {
  Effect?: string;
  Principal?: { Service?: string | string[] } | string;
  Condition?: Record<string, Record<string, string | string[]>>;
}

const SOURCE_KEYS = ["aws:SourceAccount", "aws:SourceArn"];

/**
 * A role an AWS service assumes on our behalf (ECS tasks and the like) names the account (or resource)
 * the request must come from, so the service cannot be tricked into assuming it for another account's
 * resources (the confused-deputy problem).
 */
export const iamServiceTrustSourceAccount = resourcePolicy({
  name: "iam-service-trust-source-account",
  description:
    "A role trusting an AWS service principal conditions the trust on aws:SourceAccount or aws:SourceArn (confused-deputy guard).",
  enforcementLevel: "mandatory",
  types: ["aws:iam/role:Role"],
  defaults: { services: ["ecs-tasks.amazonaws.com"] as string[] },
  configSchema: {
    properties: {
      services: {
        type: "array",
        items: { type: "string" },
        description: "Service principals whose trust must name the source account",
      },
    },
  },
  check: (props, { services }, report) => {
    const document = parseDocument(props.assumeRolePolicy) as
      | { Statement?: Statement | Statement[] }
      | undefined;
    for (const statement of list(document?.Statement)) {
      if (statement.Effect !== "Allow" || typeof statement.Principal !== "object") continue;
      const trusted = list(statement.Principal.Service).filter((s) => services.includes(s));
      if (trusted.length === 0) continue;
      const keys = Object.values(statement.Condition ?? {}).flatMap((block) => Object.keys(block));
      if (!keys.some((key) => SOURCE_KEYS.includes(key))) {
        report(
          `the trust of ${trusted.join(", ")} has no aws:SourceAccount or aws:SourceArn condition: add aws:SourceAccount = this account`,
        );
      }
    }
  },
});
