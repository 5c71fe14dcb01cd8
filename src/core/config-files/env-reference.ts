/**
 * What replaces a secret found in a file: a reference to an environment variable, in the idiom of the file:
 *
 * - env and shell: `${NAME}`, which the shell, docker compose and dotenv-expand all expand. Single quotes
 *   would stop that, so a value wholly in single quotes becomes `"${NAME}"`.
 * - YAML: `"{{ lookup('env', 'NAME') }}"`, Ansible's way to read the environment (YAML itself has none);
 *   double-quoted because a plain scalar may not start with `{`.
 * - JSON: `"${env:NAME}"`, VS Code's own variable syntax (settings, tasks, launch configurations).
 * - anything else: `${NAME}`.
 */
import type { ConfigFormat } from './formats';
import { variableNameOf } from './key-path';

export interface TextReplacement {
  start: number;
  end: number;
  text: string;
}

export function environmentReference(format: ConfigFormat | undefined, name: string): string {
  variableNameOf(name);
  switch (format) {
    case 'yaml':
      return `"{{ lookup('env', '${name}') }}"`;
    case 'json':
      return `"\${env:${name}}"`;
    default:
      return `\${${name}}`;
  }
}

/**
 * The edit that puts the reference where text[start, end) is. When quotes enclose exactly that span they are
 * part of what is replaced (the reference brings its own quoting); inside a longer string only the span goes,
 * replaced by the reference without its quotes, so the rest of the string stays.
 */
export function environmentReferenceEdit(text: string, start: number, end: number, format: ConfigFormat | undefined, name: string): TextReplacement {
  const reference = environmentReference(format, name);
  const before = text[start - 1];
  const enclosed = (before === '"' || before === "'") && text[end] === before;
  const unquoted = reference.startsWith('"') ? reference.slice(1, -1) : reference;
  if (!enclosed) {
    // A plain YAML scalar that is all secret: `{{` would start a flow mapping, so the quoted form goes in.
    if (format === 'yaml' && isWholePlainYamlValue(text, start, end)) return { start, end, text: reference };
    return { start, end, text: unquoted };
  }
  if (format === 'yaml' || format === 'json') return { start: start - 1, end: end + 1, text: reference };
  // `'${NAME}'` would not expand in a shell or .env file; `"${NAME}"` does.
  if (before === "'") return { start: start - 1, end: end + 1, text: `"${reference}"` };
  return { start, end, text: unquoted };
}

/** After `key:` or `- ` (or alone on its line), and followed only by spaces or a ` #` comment. */
function isWholePlainYamlValue(text: string, start: number, end: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineBreak = text.indexOf('\n', end);
  const head = text.slice(lineStart, start);
  const tail = text.slice(end, lineBreak < 0 ? text.length : lineBreak).replace(/\r$/, '');
  return /(^|:|^\s*-)[ \t]*$/.test(head) && /^([ \t]+#.*)?[ \t]*$/.test(tail);
}
