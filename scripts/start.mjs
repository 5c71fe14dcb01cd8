#!/usr/bin/env node
// `npm start`: try the extension by hand against the sandbox.
//   1. builds (node esbuild.mjs);
//   2. starts the sandbox (node dist/sandbox.js --port 8740, or ephemeral ports when 8740 is busy) and passes
//      its banner (URLs, demo credentials) through;
//   3. points sophosCentral.idUrl / apiUrl at it in the user settings of a VS Code profile of its own
//      (.sandbox/vscode-user), or the machine settings of its VS Code server: the settings are machine-scoped,
//      so a workspace cannot set them;
//   4. opens VS Code: `code --user-data-dir=.sandbox/vscode-user --extensionDevelopmentPath=<repo> <workspace>`
//      when `code` is on PATH, otherwise the VS Code server from the test tooling (installed if needed) with
//      the extension under development, and prints the URL to open.
// The first sign-in asks once whether secrets may go to the sandbox's address (it is not a Sophos host).
// Ctrl-C stops everything it started (process groups).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensureTooling, repoRoot } from './vscode-tooling.mjs';
import {
  killGroup,
  makeTempDir,
  onCleanup,
  remoteUri,
  runCleanupsSync,
  startServer,
  workbenchUrl,
  writeMachineSettings,
} from './lib/vscode-server.mjs';

const say = (message) => console.log(`[start] ${message}`);

function which(name) {
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

function startSandboxProcess(port) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'dist/sandbox.js'), '--port', String(port)], {
      cwd: repoRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onCleanup(() => killGroup(child.pid));
    let buffered = '';
    let ready = false;
    let stderr = '';
    const timer = setTimeout(() => reject(new Error('the sandbox did not print SANDBOX_READY within 30 s')), 30_000);
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      if (ready) return;
      buffered += chunk.toString();
      const match = /^SANDBOX_READY (.+)$/m.exec(buffered);
      if (match) {
        ready = true;
        clearTimeout(timer);
        resolvePromise({ child, urls: JSON.parse(match[1]) });
      }
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!ready) reject(Object.assign(new Error(`the sandbox exited with ${code}: ${stderr.trim()}`), { stderr }));
      else {
        say(`the sandbox exited (${code}); stopping`);
        runCleanupsSync();
        process.exit(code ?? 1);
      }
    });
  });
}

async function main() {
  say('building');
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');

  let sandbox;
  try {
    sandbox = await startSandboxProcess(8740);
  } catch (error) {
    say(`port 8740 unavailable (${error.message.split('\n')[0]}); using ephemeral ports`);
    sandbox = await startSandboxProcess(0);
  }

  const workspace = join(repoRoot, '.sandbox/workspace');
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  const settingsPath = join(workspace, '.vscode/settings.json');
  let settings = {};
  try {
    settings = JSON.parse(readFileSync(settingsPath, 'utf8'));
  } catch {
    /* new or not plain JSON: rewrite */
  }
  // Machine-scoped now: left in a workspace they would only mislead.
  delete settings['sophosCentral.idUrl'];
  delete settings['sophosCentral.apiUrl'];
  const endpoints = { 'sophosCentral.idUrl': sandbox.urls.idUrl, 'sophosCentral.apiUrl': sandbox.urls.apiUrl };
  // The workspace lives inside this repository: without this, VS Code's git offers to open the repository.
  settings['git.openRepositoryInParentFolders'] ??= 'never';
  writeFileSync(settingsPath, JSON.stringify(settings, null, 2) + '\n');

  const code = process.env.SOPHOS_START_NO_CODE ? undefined : which('code');
  if (code) {
    const userDataDir = join(repoRoot, '.sandbox/vscode-user');
    const userSettings = join(userDataDir, 'User/settings.json');
    mkdirSync(dirname(userSettings), { recursive: true });
    let user = {};
    try {
      user = JSON.parse(readFileSync(userSettings, 'utf8'));
    } catch {
      /* new */
    }
    writeFileSync(userSettings, JSON.stringify({ ...user, ...endpoints }, null, 2) + '\n');
    say(`user settings ${userSettings} point at the sandbox (${sandbox.urls.idUrl}, ${sandbox.urls.apiUrl})`);
    say(`opening VS Code: code --user-data-dir=${userDataDir} --extensionDevelopmentPath=${repoRoot} ${workspace}`);
    const child = spawn(code, [`--user-data-dir=${userDataDir}`, `--extensionDevelopmentPath=${repoRoot}`, workspace], {
      stdio: 'inherit',
    });
    child.on('exit', () => say('VS Code launched; the sandbox keeps running. Ctrl-C stops it.'));
    return;
  }

  say('no `code` command on PATH: starting the VS Code server from the test tooling');
  const tooling = ensureTooling();
  const port = Number(process.env.SOPHOS_START_PORT ?? 0);
  const dataDir = makeTempDir('sophos-start-vscode-');
  say(
    `machine settings ${writeMachineSettings(dataDir, endpoints)} point at the sandbox (${sandbox.urls.idUrl}, ${sandbox.urls.apiUrl})`,
  );
  const server = await startServer(tooling, { port, dataDir });
  const url = workbenchUrl(server, workspace, [['extensionDevelopmentPath', remoteUri(server, repoRoot)]]);
  say(`VS Code ${tooling.vscodeVersion} with the extension under development:`);
  console.log(`\n  ${url}\n`);
  say('open it in a browser (trust the folder when asked). Ctrl-C stops the server and the sandbox.');
}

main().catch((error) => {
  console.error(`[start] FAILED: ${error.stack ?? error}`);
  runCleanupsSync();
  process.exit(1);
});
