import { list, parseDocument } from "./policy-helpers";

/** A container definition, as far as the policies read it. */
export interface Container {
  name?: string;
  privileged?: boolean;
  readonlyRootFilesystem?: boolean;
}

/** The containers of a task definition (its `containerDefinitions` is a JSON string). */
export function containersOf(props: Record<string, unknown>): Container[] {
  return list(parseDocument(props.containerDefinitions) as Container[] | undefined);
}
