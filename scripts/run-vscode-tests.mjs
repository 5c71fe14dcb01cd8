#!/usr/bin/env node
// Runs a test suite against a real VS Code (the VS Code server from code-server, driven by Debian's Chromium).
// Builds nothing: the npm scripts build first.
//
//   node scripts/run-vscode-tests.mjs integration   mocha inside the extension host (out/test/integration/index.js)
//   node scripts/run-vscode-tests.mjs e2e           mocha in Node (out/test/e2e/**/*.test.js), driving the UI
//
// Exits with the suite's exit code; every step has a time-out so a hung run fails with a message.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { format } from 'node:util';
import { join } from 'node:path';
import { ensureTooling, repoRoot } from './vscode-tooling.mjs';
import {
  launchChromium,
  makeWorkspace,
  onCleanup,
  remoteUri,
  runCleanupsSync,
  startServer,
  workbenchUrl,
  killGroup,
} from './lib/vscode-server.mjs';

const suite = process.argv[2];
const resultsDir = join(repoRoot, 'test-results');
const INTEGRATION_TIMEOUT_MS = Number(process.env.VSCODE_TEST_TIMEOUT_MS ?? 5 * 60_000);
const E2E_TIMEOUT_MS = Number(process.env.VSCODE_E2E_TIMEOUT_MS ?? 10 * 60_000);

const say = (message) => console.log(`[run-vscode-tests] ${message}`);

async function integration() {
  const started = Date.now();
  const testsIndex = join(repoRoot, 'out/test/integration/index.js');
  if (!existsSync(testsIndex)) throw new Error(`${testsIndex} is missing: build with "node esbuild.mjs --tests" first`);
  if (!existsSync(join(repoRoot, 'dist/extension.js')))
    throw new Error('dist/extension.js is missing: build with "node esbuild.mjs" first');
  const tooling = ensureTooling();
  // As the electron runner does: a fresh profile would otherwise open the folder in Restricted Mode, where the
  // workspace's sophosCentral.idUrl / apiUrl (restricted settings) are ignored and file insertion is off.
  const server = await startServer(tooling, { testDriver: true, extraArgs: ['--disable-workspace-trust'] });
  say(
    `VS Code ${tooling.vscodeVersion} server on ${server.url} (data ${server.dataDir}) after ${Date.now() - started} ms`,
  );
  // The suite's root hook points the settings at its in-process sandbox; the folder starts with an empty file.
  const workspace = makeWorkspace({});
  const browser = await launchChromium(tooling);
  const { page } = browser;

  let resolveExit;
  const exited = new Promise((r) => (resolveExit = r));
  let lastLogLine = '';
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = format(...(Array.isArray(args) ? args : [args]));
    lastLogLine = line;
    (type === 'error' ? process.stderr : process.stdout).write(line.endsWith('\n') ? line : line + '\n');
  });
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    rmSync(join(resultsDir, 'integration-logs'), { recursive: true, force: true });
    saveLogs('integration', logs);
    resolveExit(Number(code));
  });
  page.on('pageerror', (error) => say(`page error: ${error.message}`));

  const payload = [
    ['extensionDevelopmentPath', remoteUri(server, repoRoot)],
    ['extensionTestsPath', remoteUri(server, testsIndex)],
    ['skipWelcome', 'true'],
  ];
  const url = workbenchUrl(server, workspace, payload);
  say(`opening ${url}`);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

  let timer;
  const timedOut = new Promise((r) => {
    timer = setTimeout(() => r('timeout'), INTEGRATION_TIMEOUT_MS);
  });
  const outcome = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  let code;
  if (outcome === 'timeout') {
    console.error(
      `[run-vscode-tests] FAILED: the integration tests did not finish within ${INTEGRATION_TIMEOUT_MS / 1000} s (last log line: ${JSON.stringify(lastLogLine)})`,
    );
    code = 1;
  } else code = outcome;
  if (code !== 0) await screenshot(page, 'integration-failure');
  await browser.close();
  copyServerLogs(server, 'integration');
  server.stop();
  say(`integration tests exited with ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return code;
}

/** The workbench hands over its log files on exit (the extension host log has the activation times). */
function saveLogs(name, logs) {
  if (!Array.isArray(logs)) return;
  const dir = join(resultsDir, `${name}-logs`);
  for (const entry of logs) {
    if (!entry || typeof entry.relativePath !== 'string') continue;
    const target = join(dir, entry.relativePath.replace(/\.\.+/g, '_'));
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileSync(
      target,
      typeof entry.contents === 'string' ? entry.contents : Buffer.from(Object.values(entry.contents ?? {})),
    );
  }
}

/** The server's own logs (remote extension host included) live in its temp data dir: keep a copy. */
function copyServerLogs(server, name) {
  const from = join(server.dataDir, 'ud/logs');
  if (!existsSync(from)) return;
  const to = join(resultsDir, `${name}-logs`, 'server');
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  for (const line of activationLines(to)) say(`extension host: ${line}`);
}

/** What the extension host logged about activating the extension under test. */
export function activationLines(dir) {
  const lines = [];
  const visit = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) visit(child);
      else if (entry.name.endsWith('.log')) {
        for (const line of readFileSync(child, 'utf8').split('\n'))
          if (/sophos-central-credentials/i.test(line) && /activat/i.test(line)) lines.push(line.trim());
      }
    }
  };
  visit(dir);
  return lines;
}

async function screenshot(page, name) {
  try {
    mkdirSync(resultsDir, { recursive: true });
    const path = join(resultsDir, `${name}.png`);
    await page.screenshot({ path, timeout: 15_000 });
    say(`screenshot: ${path}`);
  } catch (error) {
    say(`screenshot failed: ${error.message}`);
  }
}

/** e2e: mocha in a child Node process (its own group), under a time-out. */
function e2e() {
  const started = Date.now();
  ensureTooling(); // installs before mocha's clock starts
  rmSync(join(resultsDir, 'e2e'), { recursive: true, force: true });
  const mocha = join(repoRoot, 'node_modules/mocha/bin/mocha.js');
  const args = [mocha, '--config', join(repoRoot, '.mocharc.e2e.json'), ...process.argv.slice(3)];
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: 'inherit', detached: true });
    onCleanup(() => killGroup(child.pid));
    const timer = setTimeout(() => {
      console.error(
        `[run-vscode-tests] FAILED: the e2e tests did not finish within ${E2E_TIMEOUT_MS / 1000} s; killing them`,
      );
      killGroup(child.pid);
    }, E2E_TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      say(`e2e tests exited with ${code ?? signal} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      resolvePromise(code ?? 1);
    });
  });
}

async function main() {
  if (suite === 'integration') return integration();
  if (suite === 'e2e') return e2e();
  console.error('Usage: node scripts/run-vscode-tests.mjs integration|e2e [mocha args for e2e]');
  return 2;
}

// A last-resort watchdog: nothing this script does may outlive it.
const watchdog = setTimeout(
  () => {
    console.error('[run-vscode-tests] FAILED: watchdog expired; stopping everything');
    runCleanupsSync();
    process.exit(1);
  },
  Math.max(INTEGRATION_TIMEOUT_MS, E2E_TIMEOUT_MS) + 5 * 60_000,
);
watchdog.unref();

main().then(
  (code) => {
    runCleanupsSync();
    process.exit(code);
  },
  (error) => {
    console.error(`[run-vscode-tests] FAILED: ${error.stack ?? error}`);
    runCleanupsSync();
    process.exit(1);
  },
);
