/**
 * Parses a `GITHUB_OUTPUT` / `GITHUB_ENV` file as the runner does: `name=value` lines, or
 * `name<<DELIMITER`, the value's lines, then `DELIMITER` alone on a line
 * (https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#multiline-strings).
 * An unterminated heredoc fails the step, as on GitHub ("Matching delimiter not found").
 */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === "") continue;
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line);
    const eq = line.indexOf("=");
    if (heredoc && (eq < 0 || eq > line.indexOf("<<"))) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      let j = i + 1;
      while (j < lines.length && lines[j] !== delimiter) value.push(lines[j++]);
      if (j >= lines.length) throw new Error(`Matching delimiter not found '${delimiter}'`);
      out[name] = value.join("\n");
      i = j;
      continue;
    }
    if (eq < 0) throw new Error(`Invalid format '${line}'`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}
