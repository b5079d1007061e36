/** `aws:ecr/repository:Repository` → `aws:ecr:Repository`: the module's file segment repeats the type name. */
export function shortType(type: string): string {
  const [pkg, module, name] = type.split(":");
  if (name === undefined) return type;
  return `${pkg}:${module.split("/")[0]}:${name}`;
}

/** Cuts a line to `width` characters, marking the cut. */
export function clip(line: string, width: number): string {
  return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
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
