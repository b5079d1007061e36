import * as pulumi from "@pulumi/pulumi";

/**
 * Adds `tags` to every AWS resource of the stack that accepts tags. The AWS provider's generated
 * constructors always set a `tags` key on taggable resources (undefined when not given), so that key is
 * how we know, without a list of types to keep up to date. Tags given explicitly on a resource win.
 * Unlike the provider's `defaultTags`, the tags are in each resource's inputs, where policies see them.
 */
export function tagEveryResource(tags: Record<string, string>): void {
  pulumi.runtime.registerStackTransformation((args) => {
    const props = withTags(args.type, args.props, tags);
    return props ? { props, opts: args.opts } : undefined;
  });
}

/** The props with `tags` merged in, or undefined when the resource takes no tags. Pure, for tests. */
export function withTags(
  type: string,
  props: Record<string, unknown>,
  tags: Record<string, string>,
): Record<string, unknown> | undefined {
  if (!type.startsWith("aws:") || !("tags" in props)) return undefined;
  const own = props.tags ?? {};
  const merged = pulumi.Output.isInstance(own)
    ? own.apply((o) => ({ ...tags, ...(o as Record<string, string>) }))
    : { ...tags, ...(own as Record<string, string>) };
  return { ...props, tags: merged };
}
