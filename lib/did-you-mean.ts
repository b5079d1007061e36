import { closest, distance } from "fastest-levenshtein";

/**
 * `; did you mean X?` when `given` is a near miss (at most a third of its length away, and never more than 3
 * edits) of one of `known`; an empty string otherwise, so a message can always append it.
 */
export function didYouMean(given: string, known: readonly string[]): string {
  if (known.length === 0) return "";
  const best = closest(given, [...known]);
  const edits = distance(given, best);
  return edits > 0 && edits <= Math.min(3, Math.ceil(given.length / 3)) ? `; did you mean ${best}?` : "";
}
