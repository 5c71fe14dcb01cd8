import { ConfigEditError } from './errors';

export type ConfigFormat = 'env' | 'yaml' | 'json' | 'shell';

export const configFormats: readonly ConfigFormat[] = ['env', 'yaml', 'json', 'shell'];

export function isConfigFormat(value: unknown): value is ConfigFormat {
  return typeof value === 'string' && (configFormats as readonly string[]).includes(value);
}

// Maps, not object literals, so a name like "constructor" finds nothing.
const formatByLanguageId: ReadonlyMap<string, ConfigFormat> = new Map<string, ConfigFormat>([
  ['dotenv', 'env'],
  ['yaml', 'yaml'],
  ['json', 'json'],
  ['jsonc', 'json'],
  ['shellscript', 'shell'],
]);

const formatByExtension: ReadonlyMap<string, ConfigFormat> = new Map<string, ConfigFormat>([
  ['env', 'env'],
  ['yml', 'yaml'],
  ['yaml', 'yaml'],
  ['json', 'json'],
  ['jsonc', 'json'],
  ['code-workspace', 'json'],
  ['sh', 'shell'],
  ['bash', 'shell'],
  ['zsh', 'shell'],
]);

/** Dot files whose whole name is the format (no extension to go by). */
const formatByDotFile: ReadonlyMap<string, ConfigFormat> = new Map<string, ConfigFormat>([
  ['.env', 'env'],
  ['.bashrc', 'shell'],
  ['.zshrc', 'shell'],
  ['.profile', 'shell'],
  ['.bash_profile', 'shell'],
  ['.bash_login', 'shell'],
  ['.zprofile', 'shell'],
  ['.zshenv', 'shell'],
]);

/**
 * The format of a file from the editor's language id when it knows one of ours (the user may have picked it
 * by hand), else from the file name. A real extension wins over the `.env.*` pattern, so `.env.json` is JSON
 * while `.env.local` and `.env.production` are env files, whatever language the editor gave them.
 */
export function detectConfigFormat(fileName: string, languageId?: string): ConfigFormat | undefined {
  const byName = formatOfName(fileName);
  const byLanguage = languageId === undefined ? undefined : formatByLanguageId.get(languageId);
  // VS Code itself gives `.env.*` files the shellscript language (and `.env` properties): the name says env.
  if (byLanguage === 'shell' && byName === 'env') return 'env';
  return byLanguage ?? byName;
}

function formatOfName(fileName: string): ConfigFormat | undefined {
  const name = baseName(fileName).toLowerCase();
  const byDotFile = formatByDotFile.get(name);
  if (byDotFile) return byDotFile;
  const dot = name.lastIndexOf('.');
  const byExtension = dot >= 0 ? formatByExtension.get(name.slice(dot + 1)) : undefined;
  if (byExtension) return byExtension;
  return name.startsWith('.env.') ? 'env' : undefined;
}

/** For a format that came from outside (a CLI flag, a setting): the format, or an error naming ours. */
export function requireConfigFormat(format: unknown, fileName: string): ConfigFormat {
  if (isConfigFormat(format)) return format;
  const what =
    format === undefined
      ? `Cannot tell the format of "${baseName(fileName)}" from its name`
      : `Unknown file format "${String(format)}"`;
  throw new ConfigEditError(
    'unknownFormat',
    `${what}. Supported: env (.env, .env.*, *.env), yaml (.yaml, .yml), json (.json, .jsonc, .code-workspace), shell (.sh, .bash, .zsh, .bashrc, .zshrc, .profile, .bash_profile).`,
  );
}

function baseName(fileName: string): string {
  return fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
}
