/** Adding one file to a .gitignore: an anchored pattern matching exactly that path, nothing else. */

/**
 * `/dir/name` for a path relative to the repository root (either slash). Characters that mean something in a
 * pattern are escaped: `\`, `*`, `?`, `[` and trailing spaces; the leading `/` anchors it, so a name starting
 * with `#` or `!` is not read as a comment or a negation.
 */
export function gitignoreEntry(relativePath: string): string {
  const path = relativePath.replace(/\\/g, '/').replace(/^\/+/, '');
  if (path === '' || path.split('/').some((segment) => segment === '..'))
    throw new Error('The file is not inside the repository.');
  const escaped = path.replace(/[*?[\\]/g, '\\$&').replace(/ +$/, (spaces) => spaces.replace(/ /g, '\\ '));
  return `/${escaped}`;
}

/** The .gitignore text with the entry as a last line (its line ending kept); unchanged when the line is there. */
export function withGitignoreEntry(text: string, entry: string): string {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  if (lines.includes(entry) || lines.includes(entry.slice(1))) return text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const separator = text === '' || text.endsWith('\n') ? '' : eol;
  return `${text}${separator}${entry}${eol}`;
}
