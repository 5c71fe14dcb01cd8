import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The CLI's own folder for non-secret metadata: $XDG_CONFIG_HOME/sophos-central, else ~/.config/sophos-central
 * (%APPDATA%\sophos-central on Windows).
 */
export function configFolder(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'sophos-central');
  if (platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'sophos-central');
  return join(env.HOME || homedir(), '.config', 'sophos-central');
}
