import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { sandbox } from './support/sandbox';

interface Manifest {
  name: string;
  publisher: string;
  contributes: { commands: { command: string; title: string }[] };
}

/** This file runs from out/test/integration/: the repo root is three levels up. */
const repoRoot = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Manifest;
const extensionId = `${manifest.publisher}.${manifest.name}`;

describe('extension activation', () => {
  it('is installed as the extension under development', () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not among the extensions VS Code loaded`);
    assert.equal(extension.packageJSON.name, manifest.name);
  });

  it('activates when sophosCentral.showLogs runs, and the command resolves', async () => {
    const extension = vscode.extensions.getExtension(extensionId)!;
    const started = Date.now();
    await vscode.commands.executeCommand('sophosCentral.showLogs');
    const elapsed = Date.now() - started;
    assert.equal(extension.isActive, true, 'the extension is not active after its command ran');
    console.log(`      (first sophosCentral.showLogs, activation included: ${elapsed} ms)`);
  });

  it('registers every command package.json contributes', async () => {
    await vscode.extensions.getExtension(extensionId)!.activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const declared = manifest.contributes.commands.map((entry) => entry.command);
    assert.ok(declared.length > 0, 'package.json contributes no commands');
    const missing = declared.filter((command) => !registered.has(command));
    assert.deepEqual(missing, [], `declared in package.json but not registered: ${missing.join(', ')}`);
  });

  it('sees the workspace settings pointing at the sandbox', () => {
    const config = vscode.workspace.getConfiguration('sophosCentral');
    assert.equal(config.get('idUrl'), sandbox().idUrl);
    assert.equal(config.get('apiUrl'), sandbox().apiUrl);
    assert.ok(sandbox().clients.tenantSuperAdmin.clientId);
  });
});
