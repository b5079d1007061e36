/** `aws:ecr/repository:Repository` → `aws:ecr:Repository`: the module's file segment repeats the type name. */
export function shortType(type: string): string {
  const [pkg, module, name] = type.split(":");
  if (name === undefined) return type;
  return `${pkg}:${module.split("/")[0]}:${name}`;
}

/** A value as one short line: strings bare, everything else as JSON. */
export function inline(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Breaks text into lines of at most `width` characters at spaces (a longer word gets a line of its own). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Breaks text into lines of at most `width` characters without losing any: at spaces where it can, and
 * inside a longer word (an ARN, a URL) otherwise.
 */
export function breakLine(text: string, width: number): string[] {
  const lines = wrap(text, width);
  if (lines.length === 0) return [""];
  return lines.flatMap((line) => {
    const parts: string[] = [];
    for (let at = 0; at < line.length; at += width) parts.push(line.slice(at, at + width));
    return parts;
  });
}

/**
 * Text broken to fit `width` with nothing lost: the first line indented by `indent` spaces, the lines after
 * it by `hanging` (the same by default).
 */
export function indented(text: string, indent: number, width: number, hanging = indent): string[] {
  const [first, ...rest] = breakLine(text, width - Math.max(indent, hanging));
  return [`${" ".repeat(indent)}${first}`, ...rest.map((part) => `${" ".repeat(hanging)}${part}`)];
}
