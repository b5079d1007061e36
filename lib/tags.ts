/** The tag keys every Pantstack resource carries (DESIGN §6). Policies and the preview sweep read them. */
export const TAG_KEYS = {
  /** The environment the resource belongs to: `shared`, `test`, `prod` or `preview`. */
  environment: "pantstack:environment",
  /** The Pulumi stack that manages the resource. */
  stack: "pantstack:stack",
  /** Always `pulumi`: tells managed resources from hand-made ones. */
  managedBy: "pantstack:managed-by",
  /** The pull request a preview resource serves. */
  pr: "pantstack:pr",
  /** When a preview's resources may be swept (ISO 8601 UTC). */
  expiresAt: "pantstack:expires-at",
} as const;

/** The environments a stack can belong to. */
export type Environment = "shared" | "test" | "prod" | "preview";

/** Inputs for {@link standardTags}. */
export interface StandardTagsArgs {
  /** Which environment the stack serves. */
  environment: Environment;
  /** The Pulumi stack name, e.g. `prod` or `preview-pr-42`. */
  stack: string;
  /** For previews: the pull request number. */
  pr?: number;
  /** For previews: when the sweep may destroy the stack. */
  expiresAt?: Date;
}

/** The `pantstack:*` tags for a stack, ready for the AWS provider's `defaultTags`. */
export function standardTags(args: StandardTagsArgs): Record<string, string> {
  const tags: Record<string, string> = {
    [TAG_KEYS.environment]: args.environment,
    [TAG_KEYS.stack]: args.stack,
    [TAG_KEYS.managedBy]: "pulumi",
  };
  if (args.pr !== undefined) tags[TAG_KEYS.pr] = String(args.pr);
  if (args.expiresAt !== undefined) tags[TAG_KEYS.expiresAt] = isoSeconds(args.expiresAt);
  return tags;
}

/** ISO 8601 UTC without milliseconds (`2026-11-27T13:00:00Z`): valid in a tag and easy to compare. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
