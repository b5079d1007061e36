import { resourcePolicy } from "../support/policy-helpers";

/** A release tag always names one image. */
export const ecrImmutableTags = resourcePolicy({
  name: "ecr-immutable-tags",
  description: "ECR repositories use immutable image tags.",
  enforcementLevel: "mandatory",
  types: ["aws:ecr/repository:Repository"],
  defaults: {},
  check: (props, _config, report) => {
    if (props.imageTagMutability !== "IMMUTABLE") {
      report(
        `imageTagMutability is ${props.imageTagMutability ?? "MUTABLE (default)"}; set IMMUTABLE so a tag cannot be moved`,
      );
    }
  },
});
