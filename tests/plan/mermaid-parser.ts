/**
 * Mermaid's own parser in Node, offline. `mermaid.parse` runs the real grammar and the diagram's database;
 * the one browser dependency on that path is DOMPurify, which needs a DOM to sanitize labels. Sanitizing
 * decides what a label may render, not whether the text parses, so the shim lets labels through unchanged.
 * (`@mermaid-js/parser` 2.x, the lighter package, has no flowchart grammar: only info, pie, packet,
 * architecture, gitGraph and a few more.) If npm ever nests a second DOMPurify under mermaid, parsing fails
 * loudly with "DOMPurify.addHook is not a function", never silently.
 */
interface Purifier {
  addHook?: unknown;
  sanitize?: unknown;
}

let loaded: Promise<(text: string) => Promise<unknown>> | undefined;

async function load(): Promise<(text: string) => Promise<unknown>> {
  // The ESM builds, as mermaid (ESM only) imports them: the CommonJS copy of DOMPurify is another object.
  const purify = (await import("dompurify")).default as unknown as Purifier;
  purify.addHook ??= () => undefined;
  purify.sanitize ??= (text: unknown) => text;
  const mermaid = (await import("mermaid")).default;
  return (text) => mermaid.parse(text);
}

/** Parses `text` with Mermaid's parser; rejects with Mermaid's error when it does not parse. */
export async function parseMermaid(text: string): Promise<unknown> {
  loaded ??= load();
  return (await loaded)(text);
}
