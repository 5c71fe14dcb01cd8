/**
 * Starts a real VS Code for an end-to-end test: packages the extension (vsce, once per run), installs the VSIX
 * into a fresh VS Code server, starts the sandbox in this process, points the server's machine settings
 * sophosCentral.idUrl / apiUrl at it, and opens Chromium on a temp workspace. The server and browser code is
 * shared with the integration runner and `npm start` (scripts/lib/vscode-server.mjs).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';
import { setCurrentPage } from './screenshots';
import { runCommand } from './ui';

/** The repo root: the nearest folder above this bundle with a package.json (out/test/e2e/... → repo). */
export const repoRoot = (() => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
})();

interface Tooling {
  nodeBinary: string;
  serverMain: string;
  vscodeVersion: string;
  chromium: string;
}
interface Server {
  url: string;
  port: number;
  dataDir: string;
  stop(): void;
}
interface ServerLib {
  startServer(tooling: Tooling, options?: { dataDir?: string }): Promise<Server>;
  installExtension(tooling: Tooling, dataDir: string, vsix: string): string;
  launchChromium(
    tooling: Tooling,
    options?: { userDataDir?: string },
  ): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }>;
  makeWorkspace(settings: object, dir?: string): string;
  writeMachineSettings(dataDir: string, settings: object): string;
  makeTempDir(prefix: string): string;
  workbenchUrl(server: Server, folder: string, payload?: [string, string][]): string;
  remoteUri(server: Server, absPath: string): string;
}

// The .mjs helpers are imported at run time (esbuild would otherwise bundle them into CommonJS and lose
// import.meta.url); the Function wrapper keeps a real dynamic import in the CommonJS output.
const importEsm = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;
const loadLib = () => importEsm<ServerLib>(pathToFileURL(join(repoRoot, 'scripts/lib/vscode-server.mjs')).href);
const loadTooling = () =>
  importEsm<{ ensureTooling(): Tooling }>(pathToFileURL(join(repoRoot, 'scripts/vscode-tooling.mjs')).href);

const vsixKey = Symbol.for('sophosCentral.e2e.vsix');

/** `vsce package --no-dependencies` once per test process (dist/ is bundled, so no node_modules). */
export function packageExtension(): string {
  const holder = globalThis as { [vsixKey]?: string };
  if (holder[vsixKey] && existsSync(holder[vsixKey])) return holder[vsixKey];
  const dir = mkdtempSync(join(tmpdir(), 'sophos-vsix-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const vsix = join(dir, 'extension.vsix');
  const vsce = join(repoRoot, 'node_modules/@vscode/vsce/vsce');
  // The README's images are relative: kept as they are (the VSIX is installed locally, not published).
  execFileSync(
    process.execPath,
    [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository', '--out', vsix],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'], timeout: 120_000 },
  );
  holder[vsixKey] = vsix;
  return vsix;
}

export interface VSCode {
  page: Page;
  context: BrowserContext;
  sandbox: Sandbox;
  server: Server;
  tooling: Tooling;
  /** The workspace folder VS Code has open. */
  workspace: string;
  /** Stops the browser, the server and the sandbox. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Workspace settings. */
  settings?: Record<string, unknown>;
  /** Machine settings besides the sandbox URLs. */
  machineSettings?: Record<string, unknown>;
  /**
   * Load these extension folders in Development mode instead of installing the VSIX (e.g. the repository next
   * to a hostile test extension). VS Code honours one development path, so it gets a folder of links to them.
   */
  developmentExtensions?: string[];
  /** Reuse a browser profile (e.g. to check that SecretStorage persists across a reload). */
  userDataDir?: string;
}

/**
 * For a describe block: starts VS Code before its tests and closes it after; the returned function gives the
 * running instance (a fresh VS Code per block, so each starts from an empty profile).
 */
export function useVSCode(options: StartOptions = {}): () => VSCode {
  let running: VSCode | undefined;
  before(async function () {
    this.timeout(180_000);
    running = await startVSCode(options);
  });
  after(async () => {
    await running?.close();
  });
  return () => {
    if (!running) throw new Error("VS Code is not running: useVSCode() starts it in the describe block's before hook.");
    return running;
  };
}

/** A running VS Code with the packaged extension installed, showing a workspace wired to a fresh sandbox. */
export async function startVSCode(options: StartOptions = {}): Promise<VSCode> {
  const lib = await loadLib();
  const tooling = (await loadTooling()).ensureTooling();
  const vsix = packageExtension();
  const dataDir = lib.makeTempDir('sophos-e2e-vscode-');
  if (!options.developmentExtensions) lib.installExtension(tooling, dataDir, vsix);
  const sandbox = await startSandbox();
  // Machine-scoped: a workspace's .vscode/settings.json cannot point the extension elsewhere.
  lib.writeMachineSettings(dataDir, {
    'sophosCentral.idUrl': sandbox.idUrl,
    'sophosCentral.apiUrl': sandbox.apiUrl,
    ...options.machineSettings,
  });
  let server: Server | undefined;
  let browser: Awaited<ReturnType<ServerLib['launchChromium']>> | undefined;
  const close = async () => {
    setCurrentPage(undefined);
    await browser?.close();
    server?.stop();
    await sandbox.close();
  };
  try {
    server = await lib.startServer(tooling, { dataDir });
    const workspace = lib.makeWorkspace({ ...options.settings });
    browser = await lib.launchChromium(tooling, options.userDataDir ? { userDataDir: options.userDataDir } : {});
    const { page, context } = browser;
    await serveSecretStorageKey(context, server.url);
    setCurrentPage(page);
    const payload: [string, string][] = [['skipWelcome', 'true']];
    if (options.developmentExtensions)
      payload.push(['extensionDevelopmentPath', lib.remoteUri(server, linkFolder(lib, options.developmentExtensions))]);
    await openWorkbench(lib, server, page, workspace, payload);
    return { page, context, sandbox, server, tooling, workspace, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** One key per test run, as code-server keeps one per installation: a profile reused within the run still opens. */
const secretStorageKey = randomBytes(32);

/**
 * code-server answers the workbench's POST /mint-key with the key that seals SecretStorage in the browser's local
 * storage; the bare VS Code server answers 405, and the workbench then keeps secrets only in the window's memory,
 * so a second window or a reload would start without them. Answered here as code-server does.
 */
async function serveSecretStorageKey(context: BrowserContext, serverUrl: string): Promise<void> {
  const origin = new URL(serverUrl).origin; // only the workbench's own server gets it, never another page
  await context.route(
    (url) => url.origin === origin && url.pathname.endsWith('/mint-key'),
    (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({ status: 200, contentType: 'application/octet-stream', body: secretStorageKey })
        : route.continue(),
  );
}

/**
 * Another window of the same VS Code (a new tab of the same browser profile, so the same SecretStorage and
 * credentials) on a new workspace folder with these settings, trusted like the first, with the installed VSIX (not
 * developmentExtensions). It becomes the page that failure screenshots show.
 */
export async function openSecondWindow(vscode: VSCode, settings: Record<string, unknown>): Promise<Page> {
  const lib = await loadLib();
  const page = await vscode.context.newPage();
  await openWorkbench(lib, vscode.server, page, lib.makeWorkspace(settings), [['skipWelcome', 'true']]);
  setCurrentPage(page); // a failure's screenshot shows the window the test works in now
  return page;
}

async function openWorkbench(lib: ServerLib, server: Server, page: Page, folder: string, payload: [string, string][]) {
  page.setDefaultTimeout(20_000);
  await page.goto(lib.workbenchUrl(server, folder, payload), { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: 60_000 });
  // The workspace is untrusted in a fresh profile, and each new folder is too: trust it as a user would, since
  // an untrusted workspace ignores the extension's workspace settings.
  await trustWorkspaceIfAsked(page);
}

/** A folder without a package.json, holding a link to each extension: the server loads every one of them. */
function linkFolder(lib: ServerLib, extensions: string[]): string {
  const folder = lib.makeTempDir('sophos-dev-extensions-');
  for (const [index, extension] of extensions.entries())
    symlinkSync(extension, join(folder, `${index}-${basename(extension)}`), 'dir');
  return folder;
}

/**
 * A fresh browser profile has never trusted the temp workspace, so VS Code opens it in Restricted Mode, where
 * extensions that do not declare untrusted-workspace support stay disabled. Trust it like a user would:
 * Workspaces: Manage Workspace Trust, then "Trust".
 */
export async function trustWorkspaceIfAsked(page: Page): Promise<void> {
  const restricted = page.locator('.part.statusbar', { hasText: 'Restricted Mode' });
  // A fresh profile asks at start-up, in a modal dialog that blocks everything else until answered.
  const dialogTrust = page.locator('.monaco-dialog-box').getByRole('button', { name: /Yes, I trust the authors/ });
  await dialogTrust.waitFor({ state: 'visible', timeout: 15_000 }).catch(() => {});
  if (await dialogTrust.isVisible()) {
    await dialogTrust.click();
    await page.locator('.monaco-dialog-box').waitFor({ state: 'hidden' });
    await restricted.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
  }
  if (!(await restricted.isVisible())) return;
  await runCommand(page, 'Workspaces: Manage Workspace Trust');
  const trust = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^\s*Trust\s*$/ }).first();
  await trust.waitFor({ state: 'visible' });
  await trust.click();
  await restricted.waitFor({ state: 'hidden' });
  await runCommand(page, 'View: Close All Editors');
}
