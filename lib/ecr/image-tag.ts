import { ValidationError } from "../errors";

/** Docker's tag grammar: a word character first, then up to 127 of `[A-Za-z0-9_.-]`. */
export const DOCKER_TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Returns `tag` if Docker accepts it as an image tag, else throws a {@link ValidationError} naming `key`. */
export function checkImageTag(key: string, tag: string): string {
  if (!DOCKER_TAG_PATTERN.test(tag)) {
    throw new ValidationError(
      key,
      tag,
      "an image tag is 1 to 128 characters of letters, digits, '_', '.' and '-', not starting with '.' or '-'",
    );
  }
  return tag;
}
