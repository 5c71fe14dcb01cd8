/**
 * What kind of file a path names, for the scan: the syntax its keys and values take, and whether its contents
 * are generated (lock files) or prose (documentation), which changes what counts as a finding.
 */
export type ScanFileKind = 'env' | 'shell' | 'yaml' | 'json' | 'ini' | 'toml' | 'docs' | 'lock' | 'other';

// Maps, not object literals, so a name like "constructor" finds nothing.
const kindByName: ReadonlyMap<string, ScanFileKind> = new Map<string, ScanFileKind>([
  ['.env', 'env'],
  ['.bashrc', 'shell'],
  ['.zshrc', 'shell'],
  ['.profile', 'shell'],
  ['.bash_profile', 'shell'],
  ['.npmrc', 'ini'],
  ['.pypirc', 'ini'],
  ['.gitconfig', 'ini'],
  ['package-lock.json', 'lock'],
  ['npm-shrinkwrap.json', 'lock'],
  ['yarn.lock', 'lock'],
  ['pnpm-lock.yaml', 'lock'],
  ['bun.lock', 'lock'],
  ['composer.lock', 'lock'],
  ['gemfile.lock', 'lock'],
  ['cargo.lock', 'lock'],
  ['poetry.lock', 'lock'],
  ['pipfile.lock', 'lock'],
  ['uv.lock', 'lock'],
  ['go.sum', 'lock'],
  ['flake.lock', 'lock'],
  ['packages.lock.json', 'lock'],
  ['.terraform.lock.hcl', 'lock'],
]);

const kindByExtension: ReadonlyMap<string, ScanFileKind> = new Map<string, ScanFileKind>([
  ['env', 'env'],
  ['sh', 'shell'],
  ['bash', 'shell'],
  ['zsh', 'shell'],
  ['ps1', 'shell'],
  ['yml', 'yaml'],
  ['yaml', 'yaml'],
  ['json', 'json'],
  ['jsonc', 'json'],
  ['json5', 'json'],
  ['code-workspace', 'json'],
  ['ini', 'ini'],
  ['cfg', 'ini'],
  ['conf', 'ini'],
  ['properties', 'ini'],
  ['toml', 'toml'],
  ['md', 'docs'],
  ['markdown', 'docs'],
  ['rst', 'docs'],
  ['adoc', 'docs'],
  ['txt', 'docs'],
  ['lock', 'lock'],
]);

/** The kind of file at `path` (any separators), from its name only. */
export function scanFileKind(path: string): ScanFileKind {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase();
  const byName = kindByName.get(name);
  if (byName) return byName;
  if (name.startsWith('.env.')) return 'env';
  if (name.startsWith('readme') || name.startsWith('changelog')) return 'docs';
  const dot = name.lastIndexOf('.');
  return (dot > 0 ? kindByExtension.get(name.slice(dot + 1)) : undefined) ?? 'other';
}
