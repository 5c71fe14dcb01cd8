// Starts the VS Code server (code-server's server-main.js) and Debian's Chromium, and cleans both up on exit,
// failure, SIGINT and SIGTERM. Shared by the integration runner, the e2e tests and `npm start`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Process groups and temp dirs to remove when this process ends, however it ends. */
const cleanups = [];
let hooked = false;

function hookExit() {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => runCleanupsSync());
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      console.error(`\n[vscode-server] ${signal}: stopping everything started`);
      runCleanupsSync();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

export function onCleanup(fn) {
  hookExit();
  cleanups.push(fn);
  return () => {
    const index = cleanups.indexOf(fn);
    if (index >= 0) cleanups.splice(index, 1);
  };
}

export function runCleanupsSync() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    try {
      fn();
    } catch {
      /* best effort */
    }
  }
}

/** SIGTERM to the group, then SIGKILL to anything still there. */
export function killGroup(pid) {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  const deadline = Date.now() + 2000;
  while (Date.now() < deadline) {
    try {
      process.kill(-pid, 0);
    } catch {
      return;
    }
    spawnSync('sleep', ['0.05']);
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* gone */
  }
}

export function makeTempDir(prefix, { keep = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (!keep) onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A workspace folder with .vscode/settings.json. */
export function makeWorkspace(settings = {}, dir = makeTempDir('sophos-ws-')) {
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  writeFileSync(join(dir, '.vscode/settings.json'), JSON.stringify(settings, null, 2) + '\n');
  return dir;
}

/**
 * Machine settings of a server's data folder. Settings of machine scope (sophosCentral.idUrl, apiUrl and
 * caCertificates) are read only from here or from user settings, never from a workspace. Written where the
 * server looks for them (the user-data dir given on its command line).
 */
export function writeMachineSettings(dataDir, settings) {
  const file = join(dataDir, 'ud', 'Machine', 'settings.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(settings, null, 2) + '\n');
  return file;
}

/** `--install-extension`: runs the server CLI once, synchronously. */
export function installExtension(tooling, dataDir, vsix) {
  const result = spawnSync(
    tooling.nodeBinary,
    [tooling.serverMain, ...dirArgs(dataDir), '--install-extension', vsix, '--force'],
    {
      encoding: 'utf8',
      env: { ...process.env, VSCODE_AGENT_FOLDER: dataDir },
      timeout: 60_000,
    },
  );
  if (result.status !== 0)
    throw new Error(
      `--install-extension ${vsix} failed (${result.status ?? result.error}):\n${result.stdout}\n${result.stderr}`,
    );
  return result.stdout.trim();
}

function dirArgs(dataDir) {
  return [
    '--server-data-dir',
    dataDir,
    '--user-data-dir',
    join(dataDir, 'ud'),
    '--extensions-dir',
    join(dataDir, 'ext'),
  ];
}

/**
 * Starts the server detached (own process group) on a free port. Resolves { url, port, dataDir, logs(), stop() }
 * once it prints that it listens; rejects after timeoutMs with its output. `testDriver` turns on VS Code's
 * smoke-test driver, which in-host test runs need (extensionTestsPath) but which also refuses every modal
 * dialog: end-to-end tests and `npm start` run without it, as a user would.
 */
export function startServer(
  tooling,
  {
    dataDir = makeTempDir('sophos-vscode-'),
    port = 0,
    extraArgs = [],
    timeoutMs = 60_000,
    echo = false,
    testDriver = false,
  } = {},
) {
  hookExit();
  const args = [
    tooling.serverMain,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    ...(testDriver ? ['--enable-smoke-test-driver'] : []),
    '--telemetry-level',
    'off',
    ...dirArgs(dataDir),
    ...extraArgs,
  ];
  const child = spawn(tooling.nodeBinary, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, VSCODE_AGENT_FOLDER: dataDir },
  });
  let output = '';
  const stop = () => killGroup(child.pid);
  const unhook = onCleanup(stop);
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`VS Code server did not start listening within ${timeoutMs / 1000} s. Output:\n${output}`)),
      timeoutMs,
    );
    const fail = (error) => {
      clearTimeout(timer);
      stop();
      unhook();
      reject(error);
    };
    const onData = (chunk) => {
      const text = chunk.toString();
      output += text;
      if (echo) process.stdout.write(text);
      const match = /listening on (\d+)/i.exec(output);
      if (match && timer) {
        clearTimeout(timer);
        const actualPort = Number(match[1]);
        resolvePromise({
          port: actualPort,
          url: `http://127.0.0.1:${actualPort}`,
          dataDir,
          pid: child.pid,
          output: () => output,
          stop: () => {
            stop();
            unhook();
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      if (!/listening on (\d+)/i.test(output))
        fail(new Error(`VS Code server exited (${code ?? signal}) before listening. Output:\n${output}`));
    });
  });
}

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Chromium through playwright-core, with a fresh user-data dir. Returns { context, page, close() }.
 * launchPersistentContext with a temp dir: a fresh profile that a test could reuse for persistence checks.
 */
export async function launchChromium(
  tooling,
  { userDataDir = makeTempDir('sophos-chromium-'), viewport = { width: 1280, height: 800 } } = {},
) {
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: tooling.chromium,
    headless: true,
    args: chromiumArgs,
    viewport,
    timeout: 60_000,
  });
  const close = async () => {
    await Promise.race([context.close().catch(() => {}), new Promise((r) => setTimeout(r, 10_000))]);
  };
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, close };
}

/** The workbench URL for a folder, with an optional payload ([name, value] pairs). */
export function workbenchUrl(server, folder, payload) {
  const url = new URL(server.url + '/');
  url.searchParams.set('folder', folder);
  if (payload) url.searchParams.set('payload', JSON.stringify(payload));
  return url.href;
}

export function remoteUri(server, absPath) {
  return `vscode-remote://127.0.0.1:${server.port}${absPath}`;
}
