/**
 * Root hooks for the integration suite: one in-process sandbox for every test, with the user settings
 * sophosCentral.idUrl / sophosCentral.apiUrl pointing at it (machine-scoped: a workspace cannot set them). Test files call sandbox() to reach it, e.g.
 * sandbox().clients.tenantSuperAdmin, sandbox().requests, sandbox().injectFault(...).
 *
 * esbuild bundles each test file separately, so every file has its own copy of this module: the running
 * sandbox is therefore kept on globalThis, not in a module variable.
 */
import * as vscode from 'vscode';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';

const key = Symbol.for('sophosCentral.integration.sandbox');
type Holder = { [key]?: Sandbox };

/** The running sandbox; throws outside the suite's lifetime. */
export function sandbox(): Sandbox {
  const running = (globalThis as Holder)[key];
  if (!running)
    throw new Error('The sandbox is not running: it starts in the root beforeAll hook of test/integration/index.ts.');
  return running;
}

const settings = ['idUrl', 'apiUrl'] as const;

export const mochaHooks = {
  async beforeAll(this: unknown): Promise<void> {
    const started = await startSandbox();
    (globalThis as Holder)[key] = started;
    const config = vscode.workspace.getConfiguration('sophosCentral');
    await config.update('idUrl', started.idUrl, vscode.ConfigurationTarget.Global);
    await config.update('apiUrl', started.apiUrl, vscode.ConfigurationTarget.Global);
  },
  async afterEach(): Promise<void> {
    (globalThis as Holder)[key]?.reset();
  },
  async afterAll(): Promise<void> {
    const running = (globalThis as Holder)[key];
    delete (globalThis as Holder)[key];
    const config = vscode.workspace.getConfiguration('sophosCentral');
    for (const name of settings) await config.update(name, undefined, vscode.ConfigurationTarget.Global);
    await running?.close();
  },
};
