import { AWS_TAGGABLE_TYPES } from "../support/aws-taggable-types";
import { TAG_KEYS } from "../support/constants";
import { resourcePolicy } from "../support/policy-helpers";
import { inEnvironment } from "../support/scope";

/** Ownership and lifecycle are readable from every resource: cost reports, the preview sweep, IAM conditions. */
export const requiredTags = resourcePolicy({
  name: "required-tags",
  description:
    "Every taggable AWS resource carries the pantstack:* tags (previews also pantstack:pr and pantstack:expires-at).",
  enforcementLevel: "mandatory",
  types: {
    // Taggable by type, as the AWS provider defines it: a resource declared with no tags at all is exactly
    // the one to catch. A type newer than the list still counts when it carries tags.
    test: (args) =>
      AWS_TAGGABLE_TYPES.has(args.type) ||
      (args.type.startsWith("aws:") && ("tags" in args.props || "tagsAll" in args.props)),
    description: "taggable AWS resources",
  },
  defaults: {
    tags: [TAG_KEYS.environment, TAG_KEYS.stack, TAG_KEYS.managedBy] as string[],
    previewTags: [TAG_KEYS.pr, TAG_KEYS.expiresAt] as string[],
  },
  configSchema: {
    properties: {
      tags: { type: "array", items: { type: "string" }, description: "Tag keys every resource needs" },
      previewTags: {
        type: "array",
        items: { type: "string" },
        description: "Extra tag keys of preview resources",
      },
    },
  },
  check: (props, config, report, args) => {
    const tags = { ...(props.tagsAll as object), ...(props.tags as object) } as Record<string, unknown>;
    const required = inEnvironment(args, "preview") ? [...config.tags, ...config.previewTags] : config.tags;
    const missing = required.filter((key) => typeof tags[key] !== "string" || tags[key] === "");
    if (missing.length > 0) report(`missing tags: ${missing.join(", ")}`);
  },
});
