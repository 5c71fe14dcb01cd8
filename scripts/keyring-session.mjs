#!/usr/bin/env node
// Runs a command against a real Secret Service: gnome-keyring-daemon inside its own D-Bus session, with HOME (and
// so the keyring's files) in a temporary folder that is removed afterwards. The keyring tests and the CLI's bench
// run this way. Installs the Debian packages it needs (gnome-keyring, dbus-daemon, dbus-bin) when missing and
// root, as vscode-tooling.mjs does for Chromium.
//
//   node scripts/keyring-session.mjs COMMAND [ARGS...]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DEBIAN_PACKAGES = {
  'gnome-keyring': 'gnome-keyring-daemon',
  'dbus-daemon': 'dbus-daemon',
  'dbus-bin': 'dbus-run-session',
};
const log = (message) => console.log(`[keyring-tests] ${message}`);

function which(name) {
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

function ensureDebianPackages() {
  const missing = Object.entries(DEBIAN_PACKAGES)
    .filter(([, program]) => !which(program))
    .map(([pkg]) => pkg);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !which('apt-get'))
    throw new Error(
      `missing Debian packages: ${missing.join(', ')}; install them (sudo apt-get install -y ${missing.join(' ')})`,
    );
  log(`installing Debian packages: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...missing]]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
}

ensureDebianPackages();
const home = mkdtempSync(join(tmpdir(), 'sophos-keyring-home-'));
const quoted = (value) => `'${value.replace(/'/g, `'\\''`)}'`;
const command = process.argv.slice(2);
if (command.length === 0) throw new Error('usage: node scripts/keyring-session.mjs COMMAND [ARGS...]');
// The daemon is unlocked with a throwaway password; the tests lock or replace it themselves where they need to.
// Its own chatter (and D-Bus's) goes to stderr; the command's output is untouched.
const script = `echo -n sandbox | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null && exec ${command.map(quoted).join(' ')}`;
const result = spawnSync('dbus-run-session', ['--', 'sh', '-c', script], {
  stdio: 'inherit',
  env: {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local/share'),
    XDG_RUNTIME_DIR: home,
  },
});
rmSync(home, { recursive: true, force: true });
process.exit(result.status ?? 1);
