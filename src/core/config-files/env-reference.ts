/**
 * What replaces a secret found in a file: a reference to an environment variable, in the idiom of what reads
 * the file. Chosen by what the file is, not only by its syntax, because the syntax alone does not say who
 * expands it (Compose reads `${VAR}` in YAML, Ansible its env lookup, GitHub Actions `${{ secrets.VAR }}`):
 *
 * | file                                                         | reference                               |
 * |--------------------------------------------------------------|-----------------------------------------|
 * | env and shell                                                | `${NAME}` (a single-quoted value becomes `"${NAME}"`: single quotes do not expand) |
 * | Docker Compose: compose.yaml, docker-compose*.yml, …         | `${NAME}`                               |
 * | GitHub Actions workflows: .github/workflows/*.yml            | `${{ secrets.NAME }}`                   |
 * | Ansible: playbooks, roles/, group_vars/, host_vars/, markers | `"{{ lookup('env', 'NAME') }}"`         |
 * | .vscode/launch.json, .vscode/tasks.json                      | `"${env:NAME}"` (VS Code resolves it there only) |
 * | anything else (plain YAML, other JSON, unknown)              | none: nothing would expand a reference  |
 */
import type { ConfigFormat } from './formats';
import { variableNameOf } from './key-path';

export interface TextReplacement {
  start: number;
  end: number;
  text: string;
}

export type ReferenceIdiom = 'shell' | 'compose' | 'githubActions' | 'ansible' | 'vscodeVariables';

const ansibleFolders = new Set(['roles', 'group_vars', 'host_vars', 'playbooks']);
/** What only Ansible files hold: a play (`hosts:` with tasks or roles), its modules, its connection variables. */
const ansibleMarkers: readonly RegExp[] = [/\bansible\.(builtin|posix|windows)\./, /^\s*ansible_[a-z_]+\s*:/m];
const playMarkers: readonly [RegExp, RegExp] = [
  /^\s*(-\s+)?hosts\s*:\s*\S/m,
  /^\s*(tasks|roles|pre_tasks|post_tasks|handlers)\s*:/m,
];

/**
 * The idiom a reference takes in this file, or undefined when nothing that reads it would expand one.
 * `path` with any separators; `text` is looked at for Ansible's markers in YAML elsewhere.
 */
export function referenceIdiom(path: string, format: ConfigFormat | undefined, text = ''): ReferenceIdiom | undefined {
  const parts = path.replace(/\\/g, '/').split('/');
  const name = (parts.at(-1) ?? '').toLowerCase();
  const folders = parts.slice(0, -1);
  switch (format) {
    case 'env':
    case 'shell':
      return 'shell';
    case 'yaml':
      if (/\.ya?ml$/.test(name) && folders.at(-1) === 'workflows' && folders.at(-2) === '.github')
        return 'githubActions';
      if (/^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/.test(name)) return 'compose';
      if (folders.some((folder) => ansibleFolders.has(folder)) || /^(playbook|site)([.-][\w.-]+)?\.ya?ml$/.test(name))
        return 'ansible';
      if (ansibleMarkers.some((marker) => marker.test(text)) || playMarkers.every((marker) => marker.test(text)))
        return 'ansible';
      return undefined;
    case 'json':
      return folders.at(-1) === '.vscode' && (name === 'launch.json' || name === 'tasks.json')
        ? 'vscodeVariables'
        : undefined;
    default:
      return undefined;
  }
}

/** Why a file gets no reference, for the quick fix that then only stores and removes the secret. */
export function noReferenceReason(format: ConfigFormat | undefined): string {
  switch (format) {
    case 'yaml':
      return 'plain YAML has no environment variables: only Compose, Ansible and GitHub Actions files do';
    case 'json':
      return 'JSON has no environment variables: VS Code expands ${env:…} only in .vscode/launch.json and tasks.json';
    default:
      return 'nothing that reads this file is known to expand environment variables';
  }
}

export function environmentReference(idiom: ReferenceIdiom, name: string): string {
  variableNameOf(name);
  switch (idiom) {
    case 'ansible':
      // Double-quoted: a plain YAML scalar may not start with `{`.
      return `"{{ lookup('env', '${name}') }}"`;
    case 'vscodeVariables':
      return `"\${env:${name}}"`;
    case 'githubActions':
      return `\${{ secrets.${name} }}`;
    case 'shell':
    case 'compose':
      return `\${${name}}`;
  }
}

const environmentName = /^[A-Z_][A-Z0-9_]*$/;

/**
 * The variable a reference to a secret found under `key` names: an upper-case key as it is (a .env or shell
 * file names its own variable), any other in upper snake case with SOPHOS_ in front unless it has it
 * (`client_secret`, `clientSecret`, `sophos.clientSecret` all become SOPHOS_CLIENT_SECRET); `fallback` when
 * there is no key or it makes no name.
 */
export function environmentNameForKey(key: string | undefined, fallback: string): string {
  const bare = key?.replace(/^\$env:/i, '');
  if (!bare) return fallback;
  if (environmentName.test(bare)) return bare;
  const words = bare
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.toUpperCase());
  if (words.length === 0) return fallback;
  if (words[0] !== 'SOPHOS') words.unshift('SOPHOS');
  const name = words.join('_');
  return environmentName.test(name) ? name : fallback;
}

/**
 * The edit that puts the reference where text[start, end) is. When quotes enclose exactly that span they are
 * part of what is replaced where the reference brings its own quoting; inside a longer string only the span
 * goes, replaced by the reference without its quotes, so the rest of the string stays.
 */
export function environmentReferenceEdit(
  text: string,
  start: number,
  end: number,
  idiom: ReferenceIdiom,
  name: string,
): TextReplacement {
  const reference = environmentReference(idiom, name);
  const before = text[start - 1];
  const enclosed = (before === '"' || before === "'") && text[end] === before;
  const unquoted = reference.startsWith('"') ? reference.slice(1, -1) : reference;
  if (!enclosed) {
    // A plain YAML scalar that is all secret: `{{` would start a flow mapping, so the quoted form goes in.
    if (idiom === 'ansible' && isWholePlainYamlValue(text, start, end)) return { start, end, text: reference };
    return { start, end, text: unquoted };
  }
  if (idiom === 'ansible' || idiom === 'vscodeVariables') return { start: start - 1, end: end + 1, text: reference };
  // `'${NAME}'` would not expand in a shell or .env file; `"${NAME}"` does. Compose and Actions expand
  // after YAML has parsed the value, so their quotes stay.
  if (idiom === 'shell' && before === "'") return { start: start - 1, end: end + 1, text: `"${reference}"` };
  return { start, end, text: unquoted };
}

/** Where no reference fits: the secret goes and its quotes stay (`"k": ""`, `k: ''`), so the file still parses. */
export function secretRemovalEdit(start: number, end: number): TextReplacement {
  return { start, end, text: '' };
}

/** After `key:` or `- ` (or alone on its line), and followed only by spaces or a ` #` comment. */
function isWholePlainYamlValue(text: string, start: number, end: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineBreak = text.indexOf('\n', end);
  const head = text.slice(lineStart, start);
  const tail = text.slice(end, lineBreak < 0 ? text.length : lineBreak).replace(/\r$/, '');
  return /(^|:|^\s*-)[ \t]*$/.test(head) && /^([ \t]+#.*)?[ \t]*$/.test(tail);
}
