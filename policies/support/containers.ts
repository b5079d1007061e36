import { parseDocument } from "./policy-helpers";

/** A container definition, as far as the policies read it. */
export interface Container {
  name?: string;
  privileged?: boolean;
  readonlyRootFilesystem?: boolean;
}

/**
 * The containers of a task definition (its `containerDefinitions` is a JSON string), or undefined when they
 * cannot be read: a check must then report, not pass on an empty list.
 */
export function containersOf(props: Record<string, unknown>): Container[] | undefined {
  const containers = parseDocument(props.containerDefinitions);
  if (!Array.isArray(containers) || containers.length === 0) return undefined;
  return containers.every((c) => c !== null && typeof c === "object")
    ? (containers as Container[])
    : undefined;
}

/** What a container check reports when it cannot read the containers. */
export const UNREADABLE_CONTAINERS =
  "containerDefinitions is not a JSON list of containers, so it cannot be checked";
