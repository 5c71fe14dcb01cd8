/**
 * Store as credential and replace with reference, in the real VS Code against the sandbox: the quick fix on a
 * Client Secret found in a .env file signs in with it first and only then stores it; a wrong secret stores
 * nothing and leaves the file as it was; a command call, even with the quick fix's own arguments, stores nothing.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { sandbox } from './support/sandbox';

const run = <T = Record<string, unknown>>(command: string, args?: unknown) =>
  vscode.commands.executeCommand<T>(`sophosCentral.${command}`, args) as Promise<T>;

interface Stored {
  credential?: string;
  stored: boolean;
  replaced: boolean;
  variable: string;
}

/** A Sophos credential the sandbox knows and this window does not keep yet. */
function newSandboxClient() {
  const client = {
    ...sandbox().clients.tenantSuperAdmin,
    clientId: randomUUID(),
    clientSecret: `s${randomBytes(32).toString('hex')}1`,
  };
  sandbox().addClient(client);
  watchedByLeakScan(client.clientSecret);
  return client;
}

/** A secret this suite put in a file: the leak scan (zz-leak-scan.test.ts) looks for every sandbox client's. */
function watchedByLeakScan(secret: string): string {
  const clients = sandbox().clients as unknown as Record<string, { clientSecret: string }>;
  clients[`Store as credential ${Object.keys(clients).length}`] = {
    ...sandbox().clients.tenantSuperAdmin,
    clientSecret: secret,
  };
  return secret;
}

async function storeQuickFix(document: vscode.TextDocument): Promise<vscode.CodeAction> {
  const started = Date.now();
  let diagnostic: vscode.Diagnostic | undefined;
  while (!diagnostic && Date.now() - started < 10_000) {
    diagnostic = vscode.languages.getDiagnostics(document.uri).find((found) => found.code === 'found-client-secret');
    if (!diagnostic) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.ok(diagnostic, 'the Client Secret is marked');
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    document.uri,
    diagnostic.range,
  );
  const store = actions.find((action) => action.title === 'Store as credential and replace with reference');
  assert.ok(store?.command, actions.map((action) => action.title).join(' | '));
  assert.equal(store.isPreferred, true, 'keeping the secret is the preferred fix');
  return store;
}

/**
 * Runs the quick fix as the lightbulb does, running `press` (a workbench command: Enter in the name box, or
 * dismissing notifications) until it settles.
 */
async function runPressing(action: vscode.CodeAction, press: string): Promise<Stored | undefined> {
  let settled = false;
  const running = Promise.resolve(
    vscode.commands.executeCommand<Stored | undefined>(action.command!.command, ...(action.command!.arguments ?? [])),
  ).finally(() => (settled = true));
  while (!settled) {
    await vscode.commands.executeCommand(press);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return running;
}

const acceptName = 'workbench.action.acceptSelectedQuickOpenItem';

describe('Store as credential and replace with reference', () => {
  let folder = '';
  before(() => {
    folder = mkdtempSync(join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'store-client-secret-'));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(folder, { recursive: true, force: true });
  });

  it('signs in with the Client ID next to it, stores the credential and puts the reference in place', async function () {
    this.timeout(30_000);
    const client = newSandboxClient();
    const path = join(folder, '.env');
    writeFileSync(path, `# deploy\nSOPHOS_CLIENT_ID=${client.clientId}\nSOPHOS_CLIENT_SECRET=${client.clientSecret}\n`);
    const document = await vscode.workspace.openTextDocument(path);
    await vscode.window.showTextDocument(document);
    const result = await runPressing(await storeQuickFix(document), acceptName);
    const name = `From ${vscode.workspace.asRelativePath(path, false)}`;
    assert.deepEqual(result, { credential: name, stored: true, replaced: true, variable: 'SOPHOS_CLIENT_SECRET' });
    assert.equal(
      document.getText(),
      `# deploy\nSOPHOS_CLIENT_ID=${client.clientId}\nSOPHOS_CLIENT_SECRET=\${SOPHOS_CLIENT_SECRET}\n`,
    );
    const tested = await run<{ ok?: boolean; idType?: string }>('testCredential', { credential: name });
    assert.ok(tested, 'the stored credential signs in');
    // The edit is one step back.
    await vscode.commands.executeCommand('undo');
    assert.ok(document.getText().includes(client.clientSecret), 'undone in one step');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('says so when the Client ID is kept here already, and stores nothing twice', async function () {
    this.timeout(30_000);
    const client = newSandboxClient();
    const name = `Kept ${Date.now()}`;
    await run('addCredential', { name, clientId: client.clientId, clientSecret: client.clientSecret });
    const path = join(folder, 'kept.env');
    const text = `SOPHOS_CLIENT_ID=${client.clientId}\nSOPHOS_CLIENT_SECRET=${watchedByLeakScan(`k${randomBytes(32).toString('hex')}3`)}\n`;
    writeFileSync(path, text);
    const document = await vscode.workspace.openTextDocument(path);
    await vscode.window.showTextDocument(document);
    const before = sandbox().requests.length;
    // The offer to replace the value only is a notification: dismissed, it changes nothing.
    const result = await runPressing(await storeQuickFix(document), 'notifications.clearAll');
    assert.deepEqual(result, {
      credential: name,
      stored: false,
      replaced: false,
      variable: 'SOPHOS_CLIENT_SECRET',
    });
    assert.equal(sandbox().requests.length, before, 'no sign-in');
    assert.equal(document.getText(), text);
  });

  it('replaces the kept secret by a reference when asked, but never a different secret the file holds', async function () {
    this.timeout(40_000);
    const client = newSandboxClient();
    const name = `Kept twice ${Date.now()}`;
    await run('addCredential', { name, clientId: client.clientId, clientSecret: client.clientSecret });
    // Accepting the offer's button ("Replace with Reference") as a user would.
    const accept = async (file: string, secret: string) => {
      const path = join(folder, file);
      const text = `SOPHOS_CLIENT_ID=${client.clientId}\nSOPHOS_CLIENT_SECRET=${secret}\n`;
      writeFileSync(path, text);
      const document = await vscode.workspace.openTextDocument(path);
      await vscode.window.showTextDocument(document);
      const result = await runPressing(await storeQuickFix(document), 'notification.acceptPrimaryAction');
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      return { result, text, document };
    };
    const same = await accept('same.env', client.clientSecret);
    assert.equal(same.result?.replaced, true, 'the very secret kept: its place takes the reference');
    assert.equal(same.document.getText().includes(client.clientSecret), false);
    await vscode.commands.executeCommand('workbench.action.files.revert');

    // A newer secret for the same Client ID may be its only copy: it stays, and Edit Credential is offered.
    const other = await accept('other.env', watchedByLeakScan(`n${randomBytes(32).toString('hex')}4`));
    assert.equal(other.result?.replaced, false);
    assert.equal(other.document.getText(), other.text, 'the file is as it was');
  });

  it('with a wrong secret stores nothing and leaves the file unchanged', async function () {
    this.timeout(30_000);
    const client = newSandboxClient();
    const path = join(folder, 'wrong.env');
    const text = `SOPHOS_CLIENT_ID=${client.clientId}\nSOPHOS_CLIENT_SECRET=${watchedByLeakScan(`w${randomBytes(32).toString('hex')}2`)}\n`;
    writeFileSync(path, text);
    const document = await vscode.workspace.openTextDocument(path);
    await vscode.window.showTextDocument(document);
    const signIns = () =>
      sandbox().requests.filter((request) => request.clientId === client.clientId && request.path.includes('oauth2'));
    const result = await runPressing(await storeQuickFix(document), acceptName);
    assert.deepEqual(result, { stored: false, replaced: false, variable: 'SOPHOS_CLIENT_SECRET' });
    assert.deepEqual(
      signIns().map((request) => request.status),
      [401],
      'Sophos was asked once and refused',
    );
    assert.equal(document.getText(), text);
    assert.equal(document.isDirty, false);
    const name = `From ${vscode.workspace.asRelativePath(path, false)}`;
    await assert.rejects(run('testCredential', { credential: name }), /No credential|not found|no longer/i);
  });

  it('refuses a command call, even one that copies the quick fix’s arguments: nothing signs in, nothing is stored', async function () {
    this.timeout(30_000);
    const client = newSandboxClient();
    const path = join(folder, 'called.env');
    const text = `SOPHOS_CLIENT_ID=${client.clientId}\nSOPHOS_CLIENT_SECRET=${client.clientSecret}\n`;
    writeFileSync(path, text);
    const document = await vscode.workspace.openTextDocument(path);
    await vscode.window.showTextDocument(document);
    const action = await storeQuickFix(document);
    const [target] = action.command!.arguments as [Record<string, unknown>];
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand(action.command!.command, { ...target, interactive: true })),
      /Use the quick fix/,
    );
    assert.equal(
      sandbox().requests.filter((request) => request.clientId === client.clientId).length,
      0,
      'no sign-in with the secret',
    );
    assert.equal(document.getText(), text);
  });
});
