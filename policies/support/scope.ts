import { TAG_KEYS } from "./constants";

/** What a policy knows about where a resource lives. */
export interface ScopeArgs {
  urn: string;
  props: Record<string, unknown>;
  stackTags: ReadonlyMap<string, string>;
}

/** Pantstack's preview stacks: `preview-pr-<N>`. */
export const PREVIEW_STACK = /^preview-pr-\d+$/;

/** The stack name in a URN (`urn:pulumi:<stack>::<project>::<type>::<name>`). */
export function stackOf(urn: string): string {
  return urn.split("::")[0].replace(/^urn:pulumi:/, "");
}

function resourceTag(props: Record<string, unknown>, key: string): unknown {
  const tags = props.tags ?? props.tagsAll;
  return tags && typeof tags === "object" ? (tags as Record<string, unknown>)[key] : undefined;
}

/**
 * Whether a resource belongs to environment `environment`. Any one signal is enough: the stack name in the
 * URN (which the program under review cannot change), the stack tag `pantstack:environment` (set by the
 * workflow with `pulumi stack tag set`), or the resource's own `pantstack:environment` tag. Taking any of
 * them makes the checks stricter, never weaker: a program cannot opt out by dropping a tag.
 */
export function inEnvironment(args: ScopeArgs, environment: "preview" | "prod"): boolean {
  const stack = stackOf(args.urn);
  const byName = environment === "preview" ? PREVIEW_STACK.test(stack) : stack === "prod";
  return (
    byName ||
    args.stackTags.get(TAG_KEYS.environment) === environment ||
    resourceTag(args.props, TAG_KEYS.environment) === environment
  );
}
